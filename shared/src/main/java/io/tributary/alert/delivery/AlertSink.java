package io.tributary.alert.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one alert body to one target, once. Implementations are thread-safe and asynchronous:
 * {@link #send} returns at once and holds no thread while the receiver takes its time. The future
 * never completes exceptionally: a failure is a {@link DeliveryResult} with its {@link FailureKind}.
 * Retries, signing and address checks are the caller's ({@link AlertDispatcher}).
 */
public interface AlertSink extends AutoCloseable {

  /**
   * POSTs {@code body} with {@code headers} to {@code target}'s URL; completes by {@code timeout}
   * (connecting included) at the latest, with a {@link FailureKind#TIMEOUT} if no answer came.
   */
  CompletableFuture<DeliveryResult> send(NotifyTarget target, byte[] body, Map<String, String> headers,
      Duration timeout);

  @Override
  default void close() {
  }
}
