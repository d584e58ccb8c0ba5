package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.frame.FrameCodec;
import io.tributary.http.Problem;
import io.tributary.http.ProblemHeaders;
import io.tributary.limits.InProcessRateLimiter;
import io.tributary.limits.RateDecision;
import io.tributary.limits.RateLimiter;
import io.tributary.limits.TenantLimits;
import io.tributary.testing.InMemoryEventLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Ingest takes what it accepts from the tenant's rate limit before publishing, and refuses whole. */
class IngestRateLimitTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  /** 10 events/s, 1 s of burst; bytes plentiful. */
  private static final TenantLimits TEN = new TenantLimits(10, 1_000_000, 1);

  private final InMemoryEventLog log = new InMemoryEventLog(4);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final InProcessRateLimiter limiter = new InProcessRateLimiter(nanos::get);

  private IngestService service(RateLimiter rates) {
    return new IngestService(log, new FrameCodec(), IngestLimits.defaults(), Clock.systemUTC(), Duration.ofSeconds(5),
        IngestGate.OPEN, rates);
  }

  private static IngestRequest lines(TenantId tenant, int n, String extra) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("line ").append(i).append('\n');
    }
    b.append(extra);
    return new IngestRequest(tenant, "text/plain", null, b.toString().getBytes(StandardCharsets.UTF_8),
        EventDefaults.none());
  }

  @Test
  void aRequestOverTheLimitIsRefusedWholeWith429AndTheFiguresAndPublishesNothing() {
    IngestService s = service(limiter);
    IngestResult first = s.ingest(lines(ACME, 8, ""), TEN);
    RateDecision rate = assertInstanceOf(IngestResult.Accepted.class, first).rate();
    assertEquals(10, rate.limit());
    assertEquals(2, rate.remaining());
    int frames = log.frames().size();

    Problem p = assertInstanceOf(IngestResult.Refused.class, s.ingest(lines(ACME, 5, ""), TEN)).problem();
    assertEquals(429, p.status());
    assertEquals(Reasons.RATE_LIMITED, p.code());
    Map<String, String> h = ProblemHeaders.of(p);
    assertEquals("1", h.get("Retry-After"));
    assertEquals("10", h.get("RateLimit-Limit"));
    assertEquals("2", h.get("RateLimit-Remaining"));
    assertEquals("1", h.get("RateLimit-Reset"));
    assertEquals(frames, log.frames().size(), "nothing of a refused request is published");
    assertEquals(8, s.acceptedEvents());

    IngestResult rest = s.ingest(lines(ACME, 2, ""), TEN);
    assertInstanceOf(IngestResult.Accepted.class, rest, "the refused request took nothing from the bucket");
    nanos.addAndGet(500_000_000L);
    assertInstanceOf(IngestResult.Accepted.class, s.ingest(lines(ACME, 5, ""), TEN), "a retry after Retry-After passes");
  }

  @Test
  void onlyAcceptedEventsAndTheirBytesAreCharged() throws IOException {
    IngestService s = service(limiter);
    // Ten items, of which two are rejected (NUL bytes): eight events are taken.
    IngestResult r = s.ingest(lines(ACME, 8, "bad\u0000one\nbad\u0000two\n"), TEN);
    IngestReceipt receipt = assertInstanceOf(IngestResult.Accepted.class, r).receipt();
    assertEquals(8, receipt.accepted());
    assertEquals(2, receipt.rejectedCount());
    assertEquals(2, limiter.peek(ACME, TEN).remaining());

    TenantLimits bytes = new TenantLimits(1_000, 20, 1);
    // "line 0".."line 2" are 6 bytes each without their newline: 18 of the 20.
    assertInstanceOf(IngestResult.Accepted.class, s.ingest(lines(GLOBEX, 3, ""), bytes));
    Problem p = assertInstanceOf(IngestResult.Refused.class, s.ingest(lines(GLOBEX, 1, ""), bytes)).problem();
    assertEquals(Reasons.RATE_LIMITED, p.code());
  }

  @Test
  void peekRefusesAnEmptyBucketAndTakesNothing() {
    IngestService s = service(limiter);
    assertNull(s.peek(ACME, TEN));
    assertInstanceOf(IngestResult.Accepted.class, s.ingest(lines(ACME, 15, ""), TEN), "a full bucket lets a big one through");
    Problem p = s.peek(ACME, TEN);
    assertNotNull(p, "the bucket is in debt");
    assertEquals(429, p.status());
    assertEquals(1L, p.extensions().get(ProblemHeaders.RETRY_AFTER_SECONDS));
    assertNull(s.peek(GLOBEX, TEN), "other tenants have their own buckets");
  }

  @Test
  void aFailingLimiterFailsOpenAndKeepsTheEvents() {
    RateLimiter broken = new RateLimiter() {
      @Override
      public RateDecision peek(TenantId tenant, TenantLimits limits) throws IOException {
        throw new IOException("connection refused");
      }

      @Override
      public RateDecision take(TenantId tenant, TenantLimits limits, long events, long bytes) {
        throw new IllegalStateException("pool exhausted");
      }

      @Override
      public void close() {
      }
    };
    IngestService s = service(broken);
    assertNull(s.peek(ACME, TEN));
    IngestResult r = s.ingest(lines(ACME, 50, ""), TEN);
    assertEquals(50, assertInstanceOf(IngestResult.Accepted.class, r).receipt().accepted());
    assertNull(((IngestResult.Accepted) r).rate());
    assertEquals(2, s.limiterFailures());
    assertTrue(log.frames().size() > 0);
  }

  @Test
  void withoutLimitsNothingIsCharged() {
    IngestService s = service(limiter);
    for (int i = 0; i < 5; i++) {
      assertInstanceOf(IngestResult.Accepted.class, s.ingest(lines(ACME, 100, "")));
    }
    assertEquals(10, limiter.peek(ACME, TEN).remaining(), "the bucket is untouched");
  }
}
