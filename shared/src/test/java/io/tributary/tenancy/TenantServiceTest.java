package io.tributary.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.configstore.ConfigEvent;
import io.tributary.configstore.Versioned;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.testing.InMemoryConfigStore;
import io.tributary.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantServiceTest {

  private final InMemoryConfigStore store = new InMemoryConfigStore();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final TenantService tenants = new TenantService(store, clock);
  private static final TenantId ACME = TenantId.of("acme");

  private static JsonNode json(String s) throws Exception {
    return Json.mapper().readTree(s);
  }

  @Test
  void aCreatedTenantHasItsPlansDefaultsUnlessItOverridesThem() throws Exception {
    Versioned<Tenant> v = tenants.create(json("{\"id\":\"acme\",\"name\":\"Acme\",\"plan\":\"free\"}"), "ops");
    assertEquals(1, v.version());
    assertEquals(Plan.FREE.limits(), v.state().effectiveLimits());
    assertNull(v.state().limits());
    Versioned<Tenant> g = tenants.create(json("{\"id\":\"globex\",\"plan\":\"standard\",\"limits\":{\"eventsPerSecond\":"
        + "500,\"bytesPerSecond\":1000000,\"burstSeconds\":5},\"retention\":{\"hotDays\":7,\"coldDays\":90}}"), "ops");
    assertEquals(500, g.state().effectiveLimits().eventsPerSecond());
    assertEquals(90, g.state().effectiveRetention().coldDays());
  }

  @Test
  void creatingATakenIdIsAConflict() throws Exception {
    tenants.create(json("{\"id\":\"acme\"}"), "ops");
    TenantException e = assertThrows(TenantException.class, () -> tenants.create(json("{\"id\":\"acme\"}"), "ops"));
    assertEquals(409, e.problem().status());
    assertEquals("tenant_exists", e.problem().code());
  }

  @Test
  void aPatchAtTheReadVersionAppliesAndAStaleOneIs412() throws Exception {
    tenants.create(json("{\"id\":\"acme\",\"plan\":\"free\"}"), "ops");
    Versioned<Tenant> v = tenants.patch(ACME, json("{\"plan\":\"enterprise\",\"status\":\"suspended\"}"), 1, "ops");
    assertEquals(2, v.version());
    assertEquals(Plan.ENTERPRISE, v.state().plan());
    assertTrue(v.state().suspended());
    TenantException stale = assertThrows(TenantException.class,
        () -> tenants.patch(ACME, json("{\"plan\":\"free\"}"), 1, "mallory"));
    assertEquals(412, stale.problem().status());
    assertEquals("version_conflict", stale.problem().code());
    assertEquals(Plan.ENTERPRISE, tenants.get(ACME).orElseThrow().state().plan());
  }

  @Test
  void aPatchRemovingAnOverrideFallsBackToThePlan() throws Exception {
    tenants.create(json("{\"id\":\"acme\",\"plan\":\"free\",\"limits\":{\"eventsPerSecond\":5,\"bytesPerSecond\":5,"
        + "\"burstSeconds\":1}}"), "ops");
    Versioned<Tenant> v = tenants.patch(ACME, json("{\"limits\":null}"), 1, "ops");
    assertEquals(Plan.FREE.limits(), v.state().effectiveLimits());
  }

  @Test
  void invalidDocumentsNameTheFieldAtFault() throws Exception {
    for (String[] c : new String[][] {
        {"{\"id\":\"Acme!\"}", "id"},
        {"{\"id\":\"acme\",\"plan\":\"gold\"}", "plan"},
        {"{\"id\":\"acme\",\"status\":\"paused\"}", "status"},
        {"{\"id\":\"acme\",\"limits\":{\"eventsPerSecond\":0,\"bytesPerSecond\":1,\"burstSeconds\":1}}", "limits.eventsPerSecond"},
        {"{\"id\":\"acme\",\"retention\":{\"hotDays\":10,\"coldDays\":5}}", "retention.coldDays"},
        {"{\"id\":\"acme\",\"colour\":\"red\"}", "colour"}}) {
      TenantException e = assertThrows(TenantException.class, () -> tenants.create(json(c[0]), "ops"), c[0]);
      assertEquals(400, e.problem().status());
      assertEquals(c[1], e.problem().extensions().get("field"), c[0]);
    }
    tenants.create(json("{\"id\":\"acme\"}"), "ops");
    TenantException id = assertThrows(TenantException.class, () -> tenants.patch(ACME, json("{\"id\":\"other\"}"), 1, "ops"));
    assertEquals("id", id.problem().extensions().get("field"));
  }

  @Test
  void everyChangeIsAnEventWithWhoAndBeforeAndAfter() throws Exception {
    tenants.create(json("{\"id\":\"acme\",\"plan\":\"free\"}"), "alice");
    clock.advance(java.time.Duration.ofMinutes(1));
    tenants.patch(ACME, json("{\"plan\":\"standard\"}"), 1, "bob");
    List<ConfigEvent> history = store.history(ACME, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
    assertEquals(List.of("TenantCreated", "TenantUpdated"), history.stream().map(ConfigEvent::type).toList());
    assertEquals("bob", history.get(1).actor());
    assertEquals("free", history.get(1).data().path("before").path("plan").asText());
    assertEquals("standard", history.get(1).data().path("after").path("plan").asText());
  }

  @Test
  void listingAndReplayRebuildTheSameTenants() throws Exception {
    tenants.create(json("{\"id\":\"acme\",\"plan\":\"free\"}"), "ops");
    tenants.create(json("{\"id\":\"globex\",\"plan\":\"enterprise\"}"), "ops");
    tenants.patch(ACME, json("{\"status\":\"suspended\"}"), 1, "ops");
    List<Versioned<Tenant>> listed = tenants.list();
    assertEquals(2, listed.size());
    assertEquals(listed, new TenantService(store, clock).list());
    assertTrue(tenants.get(TenantId.of("nobody")).isEmpty());
  }
}
