package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.local.testing.TestFrames;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/health}: liveness only without a token (no tenant's counts, no lag), the details
 * with a valid one, the quarantine with a tenants.admin one, 401 with an invalid one.
 */
class HealthTest {

  @TempDir
  Path dir;

  private static HttpResponse<String> health(RuntimeFixture fx, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri("health")).GET();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return fx.send(b);
  }

  @Test
  void withoutATokenHealthAnswersLivenessOnly() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      assertEquals(202, fx.ingest("application/x-ndjson", "{\"message\":\"counted\"}".getBytes(), null).statusCode());
      HttpResponse<String> r = health(fx, null);
      assertEquals(200, r.statusCode());
      JsonNode body = Json.mapper().readTree(r.body());
      assertEquals("ready", body.get("status").asText());
      assertEquals(List.of("status"), iterate(body), "nothing but liveness: " + r.body());
    }
  }

  @Test
  void aValidTokenSeesItsOwnTenantOnly() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      fx.ingest("application/x-ndjson", "{\"message\":\"counted\"}".getBytes(), null);
      fx.awaitProcessed();
      String acme = fx.token("acme", Role.LOGS_READ);
      JsonNode body = Json.mapper().readTree(health(fx, acme).body());
      assertEquals("acme", body.path("tenant").asText());
      assertEquals(1, body.path("tenants").size(), "only the caller's tenant: " + body);
      JsonNode mine = body.path("tenants").get(0);
      assertEquals("acme", mine.path("id").asText());
      assertEquals("active", mine.path("status").asText());
      assertEquals(0, mine.path("processingLag").path("pending").asLong());
      assertTrue(mine.path("limits").path("eventsPerSecond").asLong() > 0, "the limits in force: " + mine);
      assertEquals(1, mine.path("since").path("acceptedEvents").asLong());
      assertEquals(1, mine.path("since").path("processedEvents").asLong());
      assertFalse(body.has("quarantine"), "the quarantine is for admins");
      assertFalse(body.has("since"), "the whole app's counts are for admins");
      assertFalse(body.has("processingLag"), "the whole app's lag is for admins");
      assertFalse(body.has("queryCache"), "the cache's counts are for admins");

      String other = fx.token("other", Role.LOGS_READ);
      JsonNode theirs = Json.mapper().readTree(health(fx, other).body()).path("tenants").get(0);
      assertEquals("other", theirs.path("id").asText());
      assertEquals(0, theirs.path("since").path("acceptedEvents").asLong(), "nothing of acme's: " + theirs);
      assertEquals(0, theirs.path("since").path("processedEvents").asLong());
    }
  }

  @Test
  void anAdminTokenSeesEveryTenant() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      fx.ingest("application/x-ndjson", "{\"message\":\"counted\"}".getBytes(), null);
      fx.awaitProcessed();
      String q = "{\"q\":\"counted\",\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2020-01-02T00:00:00Z\"}";
      assertEquals(200, fx.query(q).statusCode());
      assertEquals(200, fx.query(q).statusCode());
      JsonNode body = Json.mapper().readTree(health(fx, fx.token("ops", Role.TENANTS_ADMIN)).body());
      assertEquals(1, body.path("since").path("acceptedEvents").asLong());
      assertEquals(1, body.path("queryCache").path("hits").asLong(), "the second query came from the cache: " + body);
      assertEquals("memory", body.path("queryCache").path("kind").asText(), "the local runtime's default: " + body);
      assertTrue(body.path("queryCache").has("hits") && body.path("queryCache").has("misses"));
      List<String> ids = new java.util.ArrayList<>();
      body.path("tenants").forEach(t -> ids.add(t.path("id").asText()));
      assertTrue(ids.containsAll(List.of("acme", "ops")), ids.toString());
    }
  }

  @Test
  void anAdminTokenSeesWhatIsQuarantined() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      fx.runtime.app().eventLog().publish(TenantId.of("acme"), List.of(TestFrames.garbage(),
          TestFrames.withUnreadableItem(TenantId.of("acme"), "u1", "u2"))).get();
      fx.awaitProcessed();
      JsonNode q = Json.mapper().readTree(health(fx, fx.token("ops", Role.TENANTS_ADMIN)).body()).path("quarantine");
      assertEquals(2, q.path("frames").asInt(), q.toString());
      assertEquals(1, q.path("events").asLong(), "the unreadable item; the garbage's events are unknown");
      assertEquals(2, q.path("framesSinceStart").asLong());
      assertEquals(1, q.path("eventsSinceStart").asLong());
    }
  }

  @Test
  void anInvalidTokenIsRefusedAsEverywhere() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      HttpResponse<String> r = health(fx, "not-a-jwt");
      assertEquals(401, r.statusCode());
      assertEquals("invalid_token", Json.mapper().readTree(r.body()).get("code").asText());
      assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent());
    }
  }

  private static List<String> iterate(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
