package io.tributary.functions;

import static io.tributary.functions.testing.FunctionAppFixture.ingest;
import static io.tributary.functions.testing.FunctionAppFixture.lines;
import static io.tributary.functions.testing.FunctionAppFixture.post;
import static io.tributary.functions.testing.FunctionAppFixture.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import io.tributary.functions.testing.FakeHttpResponse;
import io.tributary.functions.testing.FunctionAppFixture;
import io.tributary.http.Problem;
import io.tributary.ingest.IngestGate;
import io.tributary.json.Json;
import io.tributary.limits.InProcessRateLimiter;
import io.tributary.limits.RateLimiter;
import io.tributary.limits.TenantLimits;
import io.tributary.tenancy.Plan;
import io.tributary.testing.InMemoryEventLog;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Ingest on the Azure path, where the Functions host hands the function a read but undecoded body
 * and an unverified token: 202 with a receipt; 429 when the tenant's bucket is empty (peeked
 * before decoding) or holds less than the request (taken after decoding); 503 from the gate; and
 * nothing published whenever it refuses.
 */
class IngestFunctionTest {

  private static final TenantLimits FREE = Plan.FREE.limits();

  private final InMemoryEventLog log = new InMemoryEventLog(4);
  /** A limiter whose clock stands still, so an emptied bucket stays empty. */
  private final RateLimiter limiter = new InProcessRateLimiter(() -> 0L);

  private FunctionApp app(IngestGate gate) {
    return FunctionAppFixture.assemble(Settings.from(FunctionAppFixture.settings()), log, gate, limiter,
        new ArrayList<>());
  }

  private static JsonNode json(FakeHttpResponse r) throws Exception {
    return Json.mapper().readTree(r.text());
  }

  @Test
  void acceptsWithAReceiptAndTheTenantsRateLimitHeaders() throws Exception {
    FakeHttpResponse r = post(app(IngestGate.OPEN), ingest(token("acme"), "application/x-ndjson",
        lines(3) + "not json\n"));
    assertEquals(202, r.getStatusCode(), r.text());
    JsonNode body = json(r);
    assertEquals(3, body.get("accepted").asInt());
    assertEquals(1, body.get("rejectedCount").asInt());
    assertEquals(Long.toString(FREE.eventBurst()), r.getHeader("RateLimit-Limit"));
    assertEquals(Long.toString(FREE.eventBurst() - 3), r.getHeader("RateLimit-Remaining"));
    assertNotNull(r.getHeader("RateLimit-Reset"));
    assertEquals(1, log.frames().size(), "the accepted events are in the event log");
  }

  @Test
  void anEmptyBucketIsAnswered429BeforeTheBodyIsDecoded() throws Exception {
    FunctionApp app = app(IngestGate.OPEN);
    assertTrue(limiter.take(TenantId.of("acme"), FREE, FREE.eventBurst(), 0).allowed(), "empty the bucket");
    // A body ingest could not decode: only the peek, before decoding, can answer it 429 rather than 415.
    FakeHttpResponse r = post(app, ingest(token("acme"), "application/unknown", "\u0000\u0001"));
    assertEquals(429, r.getStatusCode(), r.text());
    JsonNode p = json(r);
    assertEquals("rate_limited", p.get("code").asText());
    assertTrue(Long.parseLong(r.getHeader("Retry-After")) >= 1);
    assertEquals(Long.toString(FREE.eventBurst()), r.getHeader("RateLimit-Limit"));
    assertEquals("0", r.getHeader("RateLimit-Remaining"));
    assertNotNull(r.getHeader("RateLimit-Reset"));
    assertEquals(0, log.frames().size(), "nothing published");

    assertEquals(202, post(app, ingest(token("other"), "application/x-ndjson", lines(1))).getStatusCode(),
        "another tenant's bucket is its own");
  }

  @Test
  void aRequestLargerThanWhatIsLeftIsAnswered429AfterDecodingAndNothingIsPublished() throws Exception {
    FunctionApp app = app(IngestGate.OPEN);
    assertTrue(limiter.take(TenantId.of("acme"), FREE, FREE.eventBurst() - 5, 0).allowed(), "leave 5 events");
    FakeHttpResponse r = post(app, ingest(token("acme"), "application/x-ndjson", lines(10)));
    assertEquals(429, r.getStatusCode(), r.text());
    JsonNode p = json(r);
    assertEquals("rate_limited", p.get("code").asText());
    assertTrue(p.get("detail").asText().contains("10 events"), p.get("detail").asText());
    assertNotNull(r.getHeader("Retry-After"));
    assertEquals("5", r.getHeader("RateLimit-Remaining"), "the refused request took nothing");
    assertEquals(0, log.frames().size(), "nothing published");

    assertEquals(202, post(app, ingest(token("acme"), "application/x-ndjson", lines(5))).getStatusCode(),
        "what is left still fits");
  }

  @Test
  void theGatesRefusalIsAnswered503WithRetryAfterAndNothingIsPublished() throws Exception {
    AtomicLong asked = new AtomicLong();
    IngestGate gate = tenant -> {
      asked.incrementAndGet();
      return tenant.equals(TenantId.of("heavy")) ? Problem.of(503, "backpressure", "behind")
          .with("retryAfterSeconds", 2) : null;
    };
    FunctionApp app = app(gate);
    FakeHttpResponse r = post(app, ingest(token("heavy"), "application/x-ndjson", lines(10)));
    assertEquals(503, r.getStatusCode(), r.text());
    assertEquals("backpressure", json(r).get("code").asText());
    assertEquals("2", r.getHeader("Retry-After"));
    assertEquals(0, log.frames().size(), "nothing published");
    assertEquals(202, post(app, ingest(token("light"), "application/x-ndjson", lines(10))).getStatusCode());
    assertEquals(1, log.frames().size());
    assertEquals(2, asked.get(), "asked once per request");
  }

  @Test
  void aRequestWithoutAWriteTokenIsRefusedBeforeAnythingElse() {
    FakeHttpResponse r = post(app(IngestGate.OPEN), ingest("not-a-token", "application/x-ndjson", lines(1)));
    assertEquals(401, r.getStatusCode(), r.text());
    assertEquals(0, log.frames().size());
  }
}
