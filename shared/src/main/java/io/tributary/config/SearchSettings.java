package io.tributary.config;

import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.search.IndexingPolicy;
import io.tributary.tenancy.Plan;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The full-text index (Azure AI Search): where it is, and which events go to it. Read by the
 * deployed app only; the local runtime's store answers full text itself. Search is off when
 * {@link #ENDPOINT} is not set: the Index function then indexes nothing.
 *
 * @param endpoint e.g. {@code https://tributary.search.windows.net}, or null when search is off
 * @param indexName the index, created at start-up from the schema in code
 * @param policy which events are indexed
 */
public record SearchSettings(String endpoint, String indexName, IndexingPolicy policy) {

  public static final Setting ENDPOINT = new Setting("TRIBUTARY_SEARCH_ENDPOINT", null,
      "Azure AI Search endpoint (https://<service>.search.windows.net); unset turns full-text indexing off");
  public static final Setting INDEX = new Setting("TRIBUTARY_SEARCH_INDEX", "logs",
      "the AI Search index; the app creates or updates it at start-up from its schema in code");
  public static final Setting MIN_SEVERITY = new Setting("TRIBUTARY_SEARCH_MIN_SEVERITY", "WARN",
      "the lowest severity indexed for tenants that did not opt in (docs/search.md)");
  public static final Setting DAYS = new Setting("TRIBUTARY_SEARCH_DAYS", "1",
      "how many days of events the index keeps (docs/search.md); older questions go to Cosmos DB");
  public static final Setting ALL_SEVERITY_PLANS = new Setting("TRIBUTARY_SEARCH_ALL_SEVERITY_PLANS", "",
      "comma-separated plans whose tenants have every severity indexed (opt-in by plan)");
  public static final Setting ALL_SEVERITY_TENANTS = new Setting("TRIBUTARY_SEARCH_ALL_SEVERITY_TENANTS", "",
      "comma-separated tenant ids that have every severity indexed (opt-in by tenant)");

  public static final List<Setting> ALL = List.of(ENDPOINT, INDEX, MIN_SEVERITY, DAYS, ALL_SEVERITY_PLANS,
      ALL_SEVERITY_TENANTS);

  /** Whether the deployed app indexes for full text at all. */
  public boolean enabled() {
    return endpoint != null;
  }

  public static SearchSettings from(Map<String, String> v) {
    String endpoint = value(v, ENDPOINT);
    String index = value(v, INDEX);
    String sev = value(v, MIN_SEVERITY);
    Severity min;
    try {
      min = Severity.valueOf(sev.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("setting " + MIN_SEVERITY.name() + "=" + sev
          + " must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
    }
    int days;
    try {
      days = Integer.parseInt(value(v, DAYS));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + DAYS.name() + " must be a whole number of days");
    }
    if (days < 1 || days > 3650) {
      throw new IllegalArgumentException("setting " + DAYS.name() + "=" + days + " must be from 1 to 3650");
    }
    Set<Plan> plans = new LinkedHashSet<>();
    for (String p : list(value(v, ALL_SEVERITY_PLANS))) {
      plans.add(Plan.of(p).orElseThrow(() -> new IllegalArgumentException("setting " + ALL_SEVERITY_PLANS.name()
          + " names plan '" + p + "', which does not exist")));
    }
    Set<TenantId> tenants = new LinkedHashSet<>();
    for (String t : list(value(v, ALL_SEVERITY_TENANTS))) {
      if (!TenantId.isValid(t)) {
        throw new IllegalArgumentException("setting " + ALL_SEVERITY_TENANTS.name() + " names '" + t
            + "', which is not a tenant id");
      }
      tenants.add(TenantId.of(t));
    }
    return new SearchSettings(endpoint, index, new IndexingPolicy(min, days, plans, tenants));
  }

  private static String value(Map<String, String> v, Setting s) {
    String x = v.get(s.name());
    return x == null || x.isBlank() ? s.defaultValue() : x.trim();
  }

  private static List<String> list(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }
}
