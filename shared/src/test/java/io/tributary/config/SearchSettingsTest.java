package io.tributary.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.search.IndexingPolicy;
import io.tributary.tenancy.Plan;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchSettingsTest {

  @Test
  public void searchIsOffWithoutAnEndpointAndTheDefaultPolicyIsTheDocumentedOne() {
    SearchSettings s = SearchSettings.from(Map.of());
    assertFalse(s.enabled());
    assertEquals("logs", s.indexName());
    assertEquals(IndexingPolicy.DEFAULT, s.policy());
  }

  @Test
  public void readsThePolicy() {
    SearchSettings s = SearchSettings.from(Map.of("TRIBUTARY_SEARCH_ENDPOINT", "https://x.search.windows.net",
        "TRIBUTARY_SEARCH_MIN_SEVERITY", "error", "TRIBUTARY_SEARCH_DAYS", "3",
        "TRIBUTARY_SEARCH_ALL_SEVERITY_PLANS", "enterprise", "TRIBUTARY_SEARCH_ALL_SEVERITY_TENANTS", "acme, big"));
    assertTrue(s.enabled());
    assertEquals(new IndexingPolicy(Severity.ERROR, 3, Set.of(Plan.ENTERPRISE),
        Set.of(TenantId.of("acme"), TenantId.of("big"))), s.policy());
  }

  @Test
  public void aBadValueIsReportedWithItsKey() {
    for (Map<String, String> bad : java.util.List.of(Map.of("TRIBUTARY_SEARCH_MIN_SEVERITY", "loud"),
        Map.of("TRIBUTARY_SEARCH_DAYS", "0"), Map.of("TRIBUTARY_SEARCH_ALL_SEVERITY_PLANS", "gold"),
        Map.of("TRIBUTARY_SEARCH_ALL_SEVERITY_TENANTS", "Not A Tenant"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchSettings.from(bad));
      assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
    }
  }
}
