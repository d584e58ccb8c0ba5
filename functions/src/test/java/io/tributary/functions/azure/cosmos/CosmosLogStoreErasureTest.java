package io.tributary.functions.azure.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.erasure.ErasureService;
import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.export.ExportRequest;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.testing.Loghub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Erasure from the Cosmos store ({@link io.tributary.erasure.ErasableStore}) through the Mockito
 * container ({@link SimulatedCosmosContainer}): real HDFS lines of two tenants over three days in
 * four shards, erased through {@link ErasureService} with the query's own predicate.
 */
class CosmosLogStoreErasureTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId BRAVO = TenantId.of("bravo");
  private static final LocalDate DAY0 = LocalDate.of(2026, 3, 1);
  private static final long HOUR = 3_600_000_000_000L;
  private static final long WRITTEN = DAY0.plusDays(3).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
  /** PacketResponder lines of the first two days. */
  private static final Map<String, String> ERASE = Map.of("q", "PacketResponder", "from", DAY0 + "T00:00:00Z",
      "to", DAY0.plusDays(2) + "T00:00:00Z");

  private SimulatedCosmosContainer cosmos;
  private CosmosLogStore store;
  private ErasureService erasures;
  private final List<LogEvent> all = new ArrayList<>();

  @BeforeEach
  void seed() throws Exception {
    cosmos = new SimulatedCosmosContainer();
    cosmos.nowSeconds = WRITTEN;
    // A day later than the items were written: what is left of their 7 days is 6.
    Clock clock = Clock.fixed(Instant.ofEpochSecond(WRITTEN + 86_400), ZoneOffset.UTC);
    store = new CosmosLogStore(cosmos.container, CosmosLogStoreOptions.defaults().withBlockLimits(4096, 25)
        .withTtl(Duration.ofDays(7)), d -> { }, new CosmosLogStore.Placement() {
          @Override
          public int shards(TenantId t) {
            return 4;
          }
        }, clock);
    erasures = new ErasureService(store, null);
    List<String> lines = Loghub.lines("HDFS");
    int next = 0;
    for (TenantId tenant : List.of(ACME, BRAVO)) {
      for (int d = 0; d < 3; d++) {
        long start = DAY0.plusDays(d).toEpochDay() * Timestamps.NANOS_PER_DAY + 9 * HOUR;
        List<LogEvent> day = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
          long t = start + i * 60_000_000_000L;
          day.add(new LogEvent(EventIds.next(t / 1_000_000L), tenant, EventKind.TEXT, t, t + 1_000_000_000L,
              Severity.INFO, null, "hdfs", "node-" + (i % 4), lines.get(next++ % lines.size()),
              Map.of("line", (long) next), null, null, null, null));
        }
        for (int from = 0; from < day.size(); from += 50) {
          store.upsert(day.subList(from, from + 50));
        }
        all.addAll(day);
      }
    }
  }

  private static LogQuery query() throws Exception {
    return ExportRequest.of(ERASE).query();
  }

  private Set<String> matching(TenantId tenant) throws Exception {
    return ErasureIds.matching(all, tenant, query());
  }

  private Set<String> idsOf(TenantId tenant) {
    return ErasureIds.of(all, tenant);
  }

  private Set<String> stored(TenantId tenant) throws Exception {
    return ErasureIds.stored(store, tenant);
  }

  /** Erases as the erasure's activities do: the days in reach, each counted, then each erased. */
  private long eraseAll() throws Exception {
    long removed = 0;
    for (long day : erasures.storeDays(ACME, query())) {
      removed += erasures.eraseStore(ACME, query(), day);
    }
    return removed;
  }

  @Test
  void theMatchesOfTheDaysInReachAreRemovedFromEveryShardAndNothingElse() throws Exception {
    Set<String> erased = matching(ACME);
    assertTrue(erased.size() > 30 && erased.size() < 250, "a real share of acme's events: " + erased.size());
    assertTrue(erasures.supported(), "the Cosmos store erases");
    assertEquals(List.of(DAY0.toEpochDay(), DAY0.plusDays(1).toEpochDay()), erasures.storeDays(ACME, query()),
        "the days of the range that hold events, from the store");
    long planned = 0;
    for (long day : erasures.storeDays(ACME, query())) {
      planned += erasures.countStore(ACME, query(), day);
    }
    assertEquals(erased.size(), planned, "the plan counts what the query matches");

    assertEquals(erased.size(), eraseAll());

    Set<String> left = new TreeSet<>(idsOf(ACME));
    left.removeAll(erased);
    assertEquals(left, stored(ACME), "acme: the matches are gone, every other event stays");
    assertEquals(idsOf(BRAVO), stored(BRAVO), "bravo's own PacketResponder lines stay");
    Set<String> shards = new TreeSet<>();
    for (ObjectNode item : cosmos.items.values()) {
      List<LogEvent> events = EventBlock.events(item);
      assertFalse(events.isEmpty(), "an item left without events is deleted: " + item.path("id").asText());
      assertEquals(events.size(), item.path(EventBlock.COUNT).asInt(), "the summary counts what is left");
      for (LogEvent e : events) {
        assertTrue(item.path(EventBlock.ATTRIBUTES).toString().contains("\"line=" + e.attributes().get("line") + "\""));
      }
      for (var pair : item.path(EventBlock.ATTRIBUTES)) {
        assertTrue(events.stream().anyMatch(e -> pair.asText().equals("line=" + e.attributes().get("line"))),
            "no attribute pair of an erased event stays listed: " + pair);
      }
      if (item.path(EventBlock.TENANT).asText().equals("acme")) {
        shards.add(item.path(EventBlock.SHARD).asText());
      }
    }
    assertEquals(Set.of("0", "1", "2", "3"), shards, "acme's items are in four shards");
    long replaced = cosmos.conditionalWrites.stream().filter(w -> w.startsWith("replace")).count();
    long deleted = cosmos.conditionalWrites.stream().filter(w -> w.startsWith("delete")).count();
    assertTrue(replaced > 0, cosmos.conditionalWrites.toString());
    assertEquals(cosmos.conditionalWrites.size(), replaced + deleted);
  }

  @Test
  void aReplacedItemExpiresWhenTheOriginalWouldHave() throws Exception {
    eraseAll();
    int rewritten = 0;
    for (ObjectNode item : cosmos.items.values()) {
      // Replaced items were written again (a new etag); the others are as processing wrote them.
      boolean replaced = cosmos.conditionalWrites.contains("replace " + item.path("id").asText());
      assertEquals(replaced ? 6 * 86_400 : 7 * 86_400, item.path(EventBlock.TTL).asLong(), item.path("id").asText());
      rewritten += replaced ? 1 : 0;
    }
    assertTrue(rewritten > 0);
  }

  @Test
  void aSecondErasureOfTheSameDaysFindsNothingAndWritesNothing() throws Exception {
    Set<String> erased = matching(ACME);
    assertEquals(erased.size(), eraseAll());
    Set<String> after = stored(ACME);
    int writes = cosmos.conditionalWrites.size();
    assertEquals(0, eraseAll(), "an activity run again finds its work done");
    assertEquals(writes, cosmos.conditionalWrites.size(), "and writes nothing");
    assertEquals(after, stored(ACME));
    for (long day : erasures.storeDays(ACME, query())) {
      assertEquals(0, erasures.countStore(ACME, query(), day));
    }
  }

  @Test
  void anItemAConcurrentWriterReplacedIsReadAgainSoThatWritersEventsStay() throws Exception {
    Set<String> erased = matching(ACME);
    // Between the erasure's read and its write, a writer replaces the first item it rewrites, adding an event.
    LogEvent late = new LogEvent(EventIds.next(DAY0.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1000 + 1),
        ACME, EventKind.TEXT, DAY0.toEpochDay() * Timestamps.NANOS_PER_DAY + 1, WRITTEN * 1_000_000_000L,
        Severity.WARN, null, "hdfs", "node-9", "a line written meanwhile", Map.of(), null, null, null, null);
    String[] raced = new String[1];
    cosmos.beforeNextConditionalWrite = () -> {
      String op = null;
      synchronized (cosmos) {
        for (var entry : cosmos.items.entrySet()) {
          ObjectNode item = entry.getValue();
          try {
            if (item.path(EventBlock.TENANT).asText().equals("acme") && item.path(EventBlock.DAY).asText()
                .equals(DAY0.toString()) && EventBlock.events(item).stream().anyMatch(e -> erased.contains(e.id()))) {
              List<LogEvent> events = EventBlock.events(item);
              events.add(late);
              events.sort(java.util.Comparator.comparingLong(LogEvent::timeNanos).thenComparing(LogEvent::id));
              String shard = item.path(EventBlock.SHARD).asText();
              ObjectNode replaced = new EventBlock(item.path("id").asText(), ACME, DAY0.toString(), events)
                  .toItem(7 * 86_400, shard);
              cosmos.write(CosmosLogStore.partitionKey(ACME, DAY0.toString(), shard), replaced);
              op = item.path("id").asText();
              break;
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
      raced[0] = op;
    };
    assertEquals(erased.size(), eraseAll());
    assertTrue(raced[0] != null, "the writer raced one item");
    Set<String> left = new TreeSet<>(idsOf(ACME));
    left.removeAll(erased);
    left.add(late.id());
    assertEquals(left, stored(ACME), "the writer's event stays, the matches are gone");
    // The first write was refused (412), the item read again and the erasure redone on it.
    assertTrue(cosmos.conditionalWrites.stream().filter(w -> w.endsWith(" " + raced[0])).count() >= 2,
        cosmos.conditionalWrites.toString());
  }
}
