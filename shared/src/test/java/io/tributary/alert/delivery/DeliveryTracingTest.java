package io.tributary.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tributary.event.TenantId;
import io.tributary.testing.RecordedSpans;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each delivery attempt is a CLIENT span ({@code alert.deliver}) with the attempt number and the
 * receiver's status, an error when it was not delivered, and the receiver gets its context as
 * {@code traceparent}; untraced, a delivery sends no such header.
 */
class DeliveryTracingTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(40), 4,
      Duration.ofSeconds(2));

  private final RecordedSpans spans = new RecordedSpans();
  private final List<SpanData> finished = spans.finished;

  @AfterEach
  void uninstall() {
    spans.close();
  }

  private static void deliver(Receiver r) throws Exception {
    try (AlertDispatcher d = AlertDispatcher.builder(new HttpAlertSink(Duration.ofSeconds(10), Clock.systemUTC()),
        new InMemoryDeliveryLog(100)).guard(new TargetGuard(true)).retryPolicy(FAST).timeout(Duration.ofSeconds(10))
        .perTenantLimit(100).build()) {
      d.dispatch(Notifications.firing(ACME, "r1", 1), List.of(new NotifyTarget(NotifyTarget.WEBHOOK, r.url(), null)));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (d.stats().delivered() + d.stats().deadLettered() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }
  }

  @Test
  void eachAttemptIsAClientSpanAndTheReceiverGetsItsTraceparent() throws Exception {
    spans.install();
    try (Receiver r = Receiver.answering(500, 204)) {
      deliver(r);
      assertEquals(2, r.arrivals().size());
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (finished.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(2, finished.size(), "spans: " + finished);
      for (int i = 0; i < 2; i++) {
        SpanData s = finished.get(i);
        assertEquals("alert.deliver", s.getName());
        assertEquals(SpanKind.CLIENT, s.getKind());
        assertEquals(i + 1L, s.getAttributes().get(AttributeKey.longKey("tributary.attempt")));
        assertEquals(i == 0 ? 500L : 204L, s.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(i == 0 ? StatusCode.ERROR : StatusCode.UNSET, s.getStatus().getStatusCode());
        assertEquals("00-" + s.getTraceId() + "-" + s.getSpanId() + "-" + s.getSpanContext().getTraceFlags().asHex(),
            r.arrivals().get(i).header("traceparent"),
            "the receiver gets the attempt's span as its parent");
      }
    }
  }

  @Test
  void anUntracedDeliverySendsNoTraceparent() throws Exception {
    try (Receiver r = Receiver.answering(204)) {
      deliver(r);
      assertEquals(1, r.arrivals().size());
      assertNull(r.arrivals().get(0).header("traceparent"));
    }
  }
}
