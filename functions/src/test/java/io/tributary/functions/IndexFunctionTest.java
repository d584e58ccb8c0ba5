package io.tributary.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.microsoft.azure.functions.ExecutionContext;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.query.LogQuery;
import io.tributary.search.InMemorySearchIndex;
import io.tributary.search.IndexFeed;
import io.tributary.search.IndexingPolicy;
import io.tributary.search.SearchQuery;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The Index function over a change-feed delivery of the golden {@code logs} item (three events). */
class IndexFunctionTest {

  private static final TenantId ACME = TenantId.of("acme");
  /** The golden item's day, 2025-11-24, at noon. */
  private static final Clock THAT_DAY = Clock.fixed(Timestamps.toInstant(1_764_000_000_000_000_000L), ZoneOffset.UTC);

  private static String delivery() throws Exception {
    try (InputStream in = IndexFunctionTest.class.getClassLoader()
        .getResourceAsStream("golden/cosmos-logs-item-v2.json")) {
      return "[" + new String(in.readAllBytes(), StandardCharsets.UTF_8) + "]";
    }
  }

  private static FunctionApp app(IndexFeed feed) {
    return new FunctionApp(null, null, null, null, null, null, null, null, null, null, feed, List.of());
  }

  private static ExecutionContext context() {
    ExecutionContext c = mock(ExecutionContext.class);
    when(c.getLogger()).thenReturn(Logger.getLogger("IndexFunctionTest"));
    return c;
  }

  private static List<Severity> indexed(InMemorySearchIndex index) throws Exception {
    return index.search(ACME, SearchQuery.of(LogQuery.all(100))).stream().map(LogEvent::severity).sorted().toList();
  }

  @Test
  void indexesTheBlocksEventsThatThePolicyPicksAndTheSameDeliveryAgainChangesNothing() throws Exception {
    InMemorySearchIndex index = new InMemorySearchIndex();
    IndexFunction f = new IndexFunction(app(new IndexFeed(index, IndexingPolicy.DEFAULT, t -> null, THAT_DAY)));
    f.run(delivery(), context());
    assertEquals(List.of(Severity.ERROR, Severity.FATAL), indexed(index));
    f.run(delivery(), context());
    assertEquals(List.of(Severity.ERROR, Severity.FATAL), indexed(index));
  }

  @Test
  void aTenantThatOptedInHasEverySeverityIndexed() throws Exception {
    InMemorySearchIndex index = new InMemorySearchIndex();
    IndexingPolicy policy = new IndexingPolicy(Severity.WARN, 1, Set.of(), Set.of(ACME));
    new IndexFunction(app(new IndexFeed(index, policy, t -> null, THAT_DAY))).run(delivery(), context());
    assertEquals(List.of(Severity.INFO, Severity.ERROR, Severity.FATAL), indexed(index));
  }

  @Test
  void withSearchOffABatchIsPassedOver() throws Exception {
    new IndexFunction(app(null)).run(delivery(), context());
  }
}
