package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.json.Json;
import io.tributary.local.testing.RawHttp;
import io.tributary.local.testing.RuntimeFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-tenant rate limits over HTTP on the local runtime: a request over the tenant's limit is
 * answered 429 {@code rate_limited} with Retry-After and the RateLimit headers and leaves nothing
 * in the journal, so sending it again after Retry-After is safe and succeeds; a tenant whose
 * bucket is empty is answered before its body is read; other tenants are not held back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitOverHttpTest {

  private static final int FIFTEEN_MIB = 15 << 20;

  @TempDir
  static Path dir;
  private RuntimeFixture fx;

  @BeforeAll
  void start() throws Exception {
    Map<String, String> s = RuntimeFixture.settings(dir);
    s.put(Settings.UNREGISTERED_TENANT_PLAN.name(), "free");
    fx = RuntimeFixture.start(s);
    // 100 events/s with one second of burst; 10 events/s for the tenant sent into debt.
    register("hundred", 100);
    register("ten", 10);
    register("noisy", 10);
    register("frozen", 100);
    fx.runtime.app().tenants().patch(TenantId.of("frozen"), Json.mapper().readTree("{\"status\":\"suspended\"}"), 1,
        "test");
  }

  private void register(String id, int eventsPerSecond) throws Exception {
    fx.runtime.app().tenants().create(Json.mapper().readTree("{\"id\":\"" + id + "\",\"plan\":\"free\",\"limits\":"
        + "{\"eventsPerSecond\":" + eventsPerSecond + ",\"bytesPerSecond\":10000000,\"burstSeconds\":1}}"), "test");
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  private static byte[] lines(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("rate limited line ").append(i).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> ingest(String tenant, int events) throws Exception {
    return fx.ingestAs(fx.token(tenant, io.tributary.auth.Role.LOGS_WRITE), "text/plain", lines(events), null);
  }

  private long journalEnd(String tenant) throws Exception {
    EventLog log = fx.runtime.app().eventLog();
    return log.endOffset(log.partitionFor(TenantId.of(tenant)));
  }

  @Test
  void overTheLimitIs429WithHeadersNothingIsKeptAndARetryAfterRetryAfterSucceeds() throws Exception {
    HttpResponse<String> ok = ingest("hundred", 100);
    assertEquals(202, ok.statusCode(), ok.body());
    assertEquals("100", ok.headers().firstValue("RateLimit-Limit").orElse(null), "a 202 reports the limit too");
    assertTrue(Long.parseLong(ok.headers().firstValue("RateLimit-Remaining").orElseThrow()) < 10);

    long end = journalEnd("hundred");
    long accepted = fx.runtime.app().ingest().acceptedEvents();
    HttpResponse<String> refused = ingest("hundred", 60);
    assertEquals(429, refused.statusCode(), refused.body());
    assertEquals("rate_limited", Json.mapper().readTree(refused.body()).get("code").asText());
    assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(null));
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 1, "60 events at 100/s: within a second; got " + retryAfter);
    assertEquals("100", refused.headers().firstValue("RateLimit-Limit").orElse(null));
    long remaining = Long.parseLong(refused.headers().firstValue("RateLimit-Remaining").orElseThrow());
    assertTrue(remaining >= 0 && remaining < 60, "remaining " + remaining);
    long reset = Long.parseLong(refused.headers().firstValue("RateLimit-Reset").orElseThrow());
    assertTrue(reset >= 1 && reset <= 1, "reset " + reset);
    assertEquals(end, journalEnd("hundred"), "a refused request leaves nothing in the journal");
    assertEquals(accepted, fx.runtime.app().ingest().acceptedEvents());

    Thread.sleep(retryAfter * 1000);
    HttpResponse<String> retried = ingest("hundred", 60);
    assertEquals(202, retried.statusCode(), retried.body());
    assertEquals(60, Json.mapper().readTree(retried.body()).get("accepted").asInt());
  }

  @Test
  void anEmptyBucketIsAnswered429BeforeTheBodyIsRead() throws Exception {
    // 40 events on a full bucket of 10 pass and leave it 30 in debt: about three seconds empty.
    assertEquals(202, ingest("ten", 40).statusCode());
    long before = fx.runtime.httpServer().bytesReceived();
    try (RawHttp c = RawHttp.openWithSmallSendBuffer(fx.runtime.port())) {
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nAuthorization: Bearer "
          + fx.token("ten", io.tributary.auth.Role.LOGS_WRITE) + "\r\nContent-Length: " + FIFTEEN_MIB + "\r\n\r\n");
      c.send(new byte[64 << 10]);
      RawHttp.Response r = c.read();
      assertEquals(429, r.status(), r.text());
      assertEquals("rate_limited", r.code());
      long retryAfter = Long.parseLong(r.headers().get("retry-after"));
      assertTrue(retryAfter >= 2 && retryAfter <= 4, "the debt of 30 events at 10/s; got " + retryAfter);
      assertEquals("10", r.headers().get("ratelimit-limit"));
      assertEquals("0", r.headers().get("ratelimit-remaining"));
      assertNotNull(r.headers().get("ratelimit-reset"));
      assertEquals("close", r.headers().get("connection"));
      assertTrue(c.closedWithin(Duration.ofSeconds(5)), "closed after the answer, as other early refusals");
    }
    long read = fx.runtime.httpServer().bytesReceived() - before;
    assertTrue(read < (1 << 20), "the server read " + read + " bytes of a 15 MiB request");

    try (RawHttp c = RawHttp.open(fx.runtime.port())) {
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n"
          + "Authorization: Bearer " + fx.token("ten", io.tributary.auth.Role.LOGS_WRITE)
          + "\r\nContent-Length: 100\r\n\r\n");
      assertEquals(429, c.read().status(), "the refusal instead of a 100 Continue");
    }
  }

  @Test
  void aSuspendedTenantIs403BeforeTheBody() throws Exception {
    try (RawHttp c = RawHttp.open(fx.runtime.port())) {
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nAuthorization: Bearer "
          + fx.token("frozen", io.tributary.auth.Role.LOGS_WRITE) + "\r\nContent-Length: " + FIFTEEN_MIB + "\r\n\r\n");
      RawHttp.Response r = c.read();
      assertEquals(403, r.status(), r.text());
      assertEquals("tenant_suspended", r.code());
      assertTrue(c.closedWithin(Duration.ofSeconds(5)));
    }
  }

  @Test
  void aTenantOverItsLimitDoesNotHoldBackAnother() throws Exception {
    assertEquals(202, ingest("noisy", 40).statusCode());
    assertEquals(429, ingest("noisy", 5).statusCode());
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = ingest("unregistered-" + i, 500);
      assertEquals(202, r.statusCode(), r.body());
      assertEquals("10000", r.headers().firstValue("RateLimit-Limit").orElse(null),
          "an unregistered tenant gets the free plan here: 1,000 events/s, 10 s of burst");
    }
  }
}
