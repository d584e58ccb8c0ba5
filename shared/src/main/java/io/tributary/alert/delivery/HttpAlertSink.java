package io.tributary.alert.delivery;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The {@link AlertSink} over {@code java.net.http.HttpClient}: asynchronous, so a receiver that
 * never answers costs a socket until the timeout, not a thread. HTTP/1.1 (no h2c upgrade dance
 * with plain-http receivers), redirects never followed (a redirect could point at an address the
 * guard refuses), the response body read and dropped.
 */
public final class HttpAlertSink implements AlertSink {

  private final HttpClient client;
  private final Clock clock;

  /** @param connectTimeout how long to wait for a TCP (and TLS) connection */
  public HttpAlertSink(Duration connectTimeout, Clock clock) {
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .build();
    this.clock = clock;
  }

  @Override
  public CompletableFuture<DeliveryResult> send(NotifyTarget target, byte[] body, Map<String, String> headers,
      Duration timeout) {
    long start = clock.millis();
    HttpRequest.Builder b = HttpRequest.newBuilder(target.url())
        .timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    CompletableFuture<HttpResponse<Void>> call;
    try {
      call = client.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding());
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          DeliveryResult.failed(FailureKind.IO, String.valueOf(e.getMessage()), took(start)));
    }
    // The request timeout stops at the response headers; this also bounds a body that trickles.
    return call.orTimeout(timeout.toMillis() + 50, java.util.concurrent.TimeUnit.MILLISECONDS)
        .handle((r, e) -> {
          if (e == null) {
            return DeliveryResult.answered(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                took(start));
          }
          call.cancel(true);
          return DeliveryResult.failed(kind(e), describe(e), took(start));
        });
  }

  private Duration took(long start) {
    return Duration.ofMillis(Math.max(0, clock.millis() - start));
  }

  static FailureKind kind(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof HttpConnectTimeoutException || c instanceof HttpTimeoutException
          || c instanceof TimeoutException) {
        return FailureKind.TIMEOUT;
      }
      if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
        return FailureKind.DNS;
      }
      if (c instanceof SSLException) {
        return FailureKind.TLS;
      }
      if (c instanceof ConnectException) {
        return FailureKind.REFUSED;
      }
    }
    return FailureKind.IO;
  }

  private static String describe(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) : m));
  }

  @Override
  public void close() {
    // HttpClient in Java 17 has no close; its threads are daemons and end with it.
  }
}
