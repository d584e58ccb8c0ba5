package io.tributary.search;

import static io.tributary.testing.TestEvents.T0;
import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.query.LogQuery;
import io.tributary.tenancy.Plan;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndexFeedTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId BIG = TenantId.of("big");
  private static final TenantId OPTED = TenantId.of("opted");
  private static final Clock NOW = Clock.fixed(Timestamps.toInstant(T0 + Timestamps.NANOS_PER_DAY / 2), ZoneOffset.UTC);

  private static List<String> ids(SearchIndex index, TenantId tenant) throws Exception {
    return index.search(tenant, SearchQuery.of(LogQuery.all(100))).stream().map(LogEvent::id).sorted().toList();
  }

  @Test
  public void indexesWarnAndAboveOfTheLastDaysAndEverySeverityOfTenantsThatOptedIn() throws Exception {
    InMemorySearchIndex index = new InMemorySearchIndex();
    IndexingPolicy policy = new IndexingPolicy(Severity.WARN, 1, Set.of(Plan.ENTERPRISE), Set.of(OPTED));
    Map<TenantId, Plan> plans = Map.of(ACME, Plan.STANDARD, BIG, Plan.ENTERPRISE);
    IndexFeed feed = new IndexFeed(index, policy, plans::get, NOW);
    IndexFeed.Fed fed = feed.feed(List.of(
        event(ACME, "info", T0, Severity.INFO, "s", "h", "m", Map.of()),
        event(ACME, "warn", T0, Severity.WARN, "s", "h", "m", Map.of()),
        event(ACME, "old-error", T0 - Timestamps.NANOS_PER_DAY, Severity.ERROR, "s", "h", "m", Map.of()),
        event(BIG, "debug", T0, Severity.DEBUG, "s", "h", "m", Map.of()),
        event(OPTED, "trace", T0, Severity.TRACE, "s", "h", "m", Map.of())));
    assertEquals(2, fed.skipped());
    assertEquals(3, fed.result().indexed());
    assertEquals(List.of("warn"), ids(index, ACME));
    assertEquals(List.of("debug"), ids(index, BIG));
    assertEquals(List.of("trace"), ids(index, OPTED));
  }

  @Test
  public void ofTwoCopiesOfAnIdInABatchTheFirstIngestedIsIndexed() throws Exception {
    InMemorySearchIndex index = new InMemorySearchIndex();
    IndexFeed feed = new IndexFeed(index, IndexingPolicy.DEFAULT, t -> null, NOW);
    LogEvent first = event(ACME, "x", T0, Severity.ERROR, "s", "h", "first", Map.of());
    LogEvent later = new LogEvent("x", ACME, first.kind(), T0, first.ingestedNanos() + 5, Severity.ERROR, null, "s",
        "h", "later", Map.of(), null, null, null, null);
    feed.feed(List.of(later, first));
    assertEquals(List.of(first), index.search(ACME, SearchQuery.of(LogQuery.all(10))));
  }
}
