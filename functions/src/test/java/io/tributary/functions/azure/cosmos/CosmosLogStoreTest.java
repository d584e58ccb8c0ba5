package io.tributary.functions.azure.cosmos;

import static io.tributary.testing.TestEvents.T0;
import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.models.CosmosItemOperation;
import com.azure.cosmos.models.CosmosItemOperationType;
import com.azure.cosmos.models.PartitionKeyBuilder;
import com.azure.cosmos.models.SqlParameter;
import com.azure.cosmos.models.SqlQuerySpec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contract.LogStoreContract;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.Position;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Cosmos store through a Mockito mock of the SDK's container ({@link SimulatedCosmosContainer}):
 * the contract every store keeps, then the items, partition keys, SQL and retries it sends.
 */
class CosmosLogStoreTest extends LogStoreContract {

  private static final long SECOND = Timestamps.NANOS_PER_SECOND;
  private SimulatedCosmosContainer cosmos;
  private final List<Duration> slept = new ArrayList<>();

  private CosmosLogStore open(CosmosLogStoreOptions options) {
    cosmos = new SimulatedCosmosContainer();
    return new CosmosLogStore(cosmos.container, options, slept::add);
  }

  @Override
  protected LogStore store() {
    // Small blocks, so the contract's few hundred events span many items and days.
    return open(CosmosLogStoreOptions.defaults().withBlockLimits(2048, 7));
  }

  private static List<LogEvent> manyEvents(int n, String service) {
    List<LogEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(event(ACME, String.format("id-%05d", i), T0 + i * SECOND, Severity.values()[i % 6], service, "h-" + (i % 3),
          "request " + i + " served", Map.of("shard", (long) (i % 4))));
    }
    return out;
  }

  @Test
  void eventsArePackedIntoBlocksUpsertedByTenantAndDayWithTheHotRetentionAsTtl() throws Exception {
    CosmosLogStore s = open(CosmosLogStoreOptions.defaults().withTtl(Duration.ofDays(7)));
    List<LogEvent> events = new ArrayList<>(manyEvents(400, "api"));
    long nextDay = T0 + Timestamps.NANOS_PER_DAY;
    events.add(event(ACME, "tomorrow", nextDay, Severity.INFO, "api", "h", "late", Map.of()));
    events.add(event(GLOBEX, "other", T0, Severity.INFO, "api", "h", "theirs", Map.of()));
    s.upsert(events);
    assertEquals(1, cosmos.bulkCalls.size(), "one bulk call for the whole batch");
    List<CosmosItemOperation> ops = cosmos.bulkCalls.get(0);
    assertEquals(3, ops.size(), "acme today, acme tomorrow, globex today: 402 events in 3 items");
    for (CosmosItemOperation op : ops) {
      assertEquals(CosmosItemOperationType.UPSERT, op.getOperationType());
    }
    assertEquals(new PartitionKeyBuilder().add("acme").add("2025-11-24").add("0").build(), ops.get(0).getPartitionKeyValue());
    assertEquals(new PartitionKeyBuilder().add("acme").add("2025-11-25").add("0").build(), ops.get(1).getPartitionKeyValue());
    assertEquals(new PartitionKeyBuilder().add("globex").add("2025-11-24").add("0").build(), ops.get(2).getPartitionKeyValue());
    ObjectNode first = cosmos.items.values().stream().filter(i -> i.path("n").asInt() == 400).findFirst().orElseThrow();
    assertEquals(7 * 86_400, first.path("ttl").asLong());
    assertEquals("acme", first.path("tenantId").asText());
    assertEquals("2025-11-24", first.path("day").asText());
    assertEquals(List.of("DEBUG", "ERROR", "FATAL", "INFO", "TRACE", "WARN"),
        iterate(first.path("sev")));
    assertEquals(List.of("shard=0", "shard=1", "shard=2", "shard=3"), iterate(first.path("attr")));
    assertEquals(T0 / 1_000_000, first.path("tMin").asLong());
    assertEquals((T0 + 399 * SECOND) / 1_000_000, first.path("tMax").asLong());
    assertTrue(first.path("ev").asText().length() < 400 * 40, "400 events compress to under 40 bytes each: "
        + first.path("ev").asText().length());
  }

  @Test
  void aTenantsDayIsSpreadOverItsShardsByItemKeptForItsHotDaysAndAWriteAgainLandsWhereTheFirstDid() throws Exception {
    cosmos = new SimulatedCosmosContainer();
    CosmosLogStore s = new CosmosLogStore(cosmos.container, CosmosLogStoreOptions.defaults().withBlockLimits(2048, 10)
        .withTtl(Duration.ofDays(7)), slept::add, new CosmosLogStore.Placement() {
          @Override
          public int shards(io.tributary.event.TenantId t) {
            return t.equals(ACME) ? 8 : 1;
          }

          @Override
          public int hotDays(io.tributary.event.TenantId t) {
            return t.equals(ACME) ? 3 : 0;
          }
        });
    List<LogEvent> events = new ArrayList<>(manyEvents(400, "api"));
    events.add(event(GLOBEX, "other", T0, Severity.INFO, "api", "h", "theirs", Map.of()));
    s.upsert(events);
    List<CosmosItemOperation> ops = cosmos.bulkCalls.get(0);
    java.util.Map<String, String> shardOfItem = new java.util.HashMap<>();
    java.util.Set<String> acmeShards = new java.util.TreeSet<>();
    for (CosmosItemOperation op : ops) {
      ObjectNode item = (ObjectNode) op.getItem();
      String tenant = item.path("tenantId").asText();
      String shard = item.path("shard").asText();
      assertEquals(new PartitionKeyBuilder().add(tenant).add(item.path("day").asText()).add(shard).build(),
          op.getPartitionKeyValue(), "the key's third level is the item's shard");
      assertEquals(tenant.equals(ACME.value()) ? 3 * 86_400 : 7 * 86_400, item.path("ttl").asLong(),
          "the tenant's hot days as the item's TTL, else the store's own");
      if (tenant.equals(ACME.value())) {
        acmeShards.add(shard);
        assertTrue(Integer.parseInt(shard) >= 0 && Integer.parseInt(shard) < 8, shard);
      } else {
        assertEquals("0", shard, "a tenant of one shard");
      }
      shardOfItem.put(item.path("id").asText(), shard);
    }
    assertTrue(ops.size() >= 40, "400 events in blocks of 10: " + ops.size());
    assertEquals(8, acmeShards.size(), "40 items over 8 shards use them all: " + acmeShards);
    // The batch again (a redelivery): the same items in the same shards, so the upserts replace them.
    s.upsert(events);
    for (CosmosItemOperation op : cosmos.bulkCalls.get(1)) {
      ObjectNode item = (ObjectNode) op.getItem();
      String id = item.path("id").asText();
      assertTrue(shardOfItem.containsKey(id), "the same item again: " + id);
      assertEquals(shardOfItem.get(id), item.path("shard").asText(), id);
    }
    // Queries name the tenant only (a prefix of the key): every shard answers.
    assertEquals(400, s.query(ACME, io.tributary.query.LogQuery.all(1000)).size());
    assertEquals(new PartitionKeyBuilder().add(ACME.value()).build(), cosmos.queryOptions.get(0).getPartitionKey());
  }

  private static List<String> iterate(com.fasterxml.jackson.databind.JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void blocksAreCutBySizeAndCount() {
    CosmosLogStore s = open(CosmosLogStoreOptions.defaults().withBlockLimits(96 * 1024, 100));
    assertEquals(List.of(100, 100, 50), s.pack(manyEvents(250, "api")).stream().map(b -> b.events().size()).toList());
    CosmosLogStore small = open(CosmosLogStoreOptions.defaults().withBlockLimits(4096, 2000));
    List<EventBlock> blocks = small.pack(manyEvents(250, "api"));
    assertTrue(blocks.size() > 5, "about 4 KiB of NDJSON per block: " + blocks.size());
    assertEquals(250, blocks.stream().mapToInt(b -> b.events().size()).sum());
  }

  @Test
  void upsertingTheSameBatchAgainRewritesTheSameItems() throws Exception {
    CosmosLogStore s = open(CosmosLogStoreOptions.defaults());
    s.upsert(manyEvents(300, "api"));
    List<String> ids = cosmos.bulkCalls.get(0).stream().map(SimulatedCosmosContainer::id).toList();
    s.upsert(manyEvents(300, "api"));
    assertEquals(ids, cosmos.bulkCalls.get(1).stream().map(SimulatedCosmosContainer::id).toList());
    assertEquals(ids.size(), cosmos.items.size());
  }

  @Test
  void throttledOperationsAloneAreSentAgainAfterRetryAfter() throws Exception {
    CosmosLogStore s = open(CosmosLogStoreOptions.defaults().withBlockLimits(96 * 1024, 50));
    cosmos.retryAfter = Duration.ofMillis(700);
    // Round 1: operations 1 and 3 throttled; round 2: operation 0 of the resent pair times out.
    cosmos.thenAnswers(i -> i == 1 || i == 3 ? 429 : 200).thenAnswers(i -> i == 0 ? 408 : 200);
    s.upsert(manyEvents(200, "api"));
    assertEquals(3, cosmos.bulkCalls.size());
    List<String> all = cosmos.bulkCalls.get(0).stream().map(SimulatedCosmosContainer::id).toList();
    assertEquals(4, all.size());
    assertEquals(List.of(all.get(1), all.get(3)), cosmos.bulkCalls.get(1).stream().map(SimulatedCosmosContainer::id).toList());
    assertEquals(List.of(all.get(1)), cosmos.bulkCalls.get(2).stream().map(SimulatedCosmosContainer::id).toList());
    assertEquals(4, cosmos.items.size(), "every block written once, none twice");
    assertTrue(slept.get(0).toMillis() >= 700, "waits at least Retry-After: " + slept);
    assertEquals(200, s.query(ACME, LogQuery.all(1000)).size());
  }

  @Test
  void aWholeCallThatTimesOutIsSentAgainWhole() throws Exception {
    CosmosLogStore s = open(CosmosLogStoreOptions.defaults().withBlockLimits(96 * 1024, 50));
    cosmos.thenFailsWhole(503);
    s.upsert(manyEvents(120, "api"));
    assertEquals(2, cosmos.bulkCalls.size());
    assertEquals(cosmos.bulkCalls.get(0).size(), cosmos.bulkCalls.get(1).size());
    assertEquals(3, cosmos.items.size());
  }

  @Test
  void aRefusedOperationFailsTheUpsertAtOnce() {
    CosmosLogStore s = open(CosmosLogStoreOptions.defaults().withBlockLimits(96 * 1024, 50));
    cosmos.thenAnswers(i -> i == 1 ? 413 : 200);
    IOException e = assertThrows(IOException.class, () -> s.upsert(manyEvents(120, "api")));
    assertTrue(e.getMessage().contains("413"), e.getMessage());
    assertEquals(1, cosmos.bulkCalls.size(), "not retried");
  }

  @Test
  void throttlingThatOutlastsTheRoundsFailsTheUpsert() {
    CosmosLogStore s = open(CosmosLogStoreOptions.defaults().withRetries(3, Duration.ofMillis(1), Duration.ofMillis(2)));
    for (int i = 0; i < 5; i++) {
      cosmos.thenAnswers(x -> 429);
    }
    IOException e = assertThrows(IOException.class, () -> s.upsert(manyEvents(10, "api")));
    assertTrue(e.getMessage().contains("after 3 rounds"), e.getMessage());
    assertEquals(3, cosmos.bulkCalls.size());
  }

  @Test
  void theSameEventInTwoBlocksComesBackOnce() throws Exception {
    CosmosLogStore s = open(CosmosLogStoreOptions.defaults());
    LogEvent e = event(ACME, "retried", T0, Severity.INFO, "api", "h", "sent twice", Map.of());
    s.upsert(List.of(e, event(ACME, "x", T0 + SECOND, Severity.INFO, "api", "h", "with x", Map.of())));
    s.upsert(List.of(e, event(ACME, "y", T0 + 2 * SECOND, Severity.INFO, "api", "h", "with y", Map.of())));
    assertEquals(2, cosmos.items.size());
    assertEquals(List.of("y", "x", "retried"), s.query(ACME, LogQuery.all(10)).stream().map(LogEvent::id).toList());
  }

  @Test
  void theQueryIsParameterisedSqlOverTheTenantsPartitions() throws Exception {
    CosmosLogStore s = open(CosmosLogStoreOptions.defaults());
    LogQuery q = new LogQuery(T0, T0 + 3600 * SECOND, Set.of(Severity.ERROR, Severity.FATAL), List.of("db", "api"),
        List.of("web-1"), Map.of("zone", "b", "shard", "1"), List.of("refused"), Order.NEWEST, 50,
        new Position(T0 + 1800 * SECOND, "01JX"), T0 + 7200 * SECOND);
    s.query(ACME, q);
    SqlQuerySpec spec = cosmos.queries.get(0);
    assertEquals("SELECT * FROM c WHERE c.tenantId = @tenant"
        + " AND c.day >= @fromDay AND c.tMax >= @fromMs"
        + " AND c.day <= @toDay AND c.tMin <= @toMs"
        + " AND c.iMin <= @asOfMs"
        + " AND EXISTS(SELECT VALUE v FROM v IN c.sev WHERE ARRAY_CONTAINS(@sev, v))"
        + " AND EXISTS(SELECT VALUE v FROM v IN c.svc WHERE ARRAY_CONTAINS(@svc, v))"
        + " AND EXISTS(SELECT VALUE v FROM v IN c.host WHERE ARRAY_CONTAINS(@host, v))"
        + " AND (ARRAY_CONTAINS(c.attr, @attr0) OR c.attrPartial = true)"
        + " AND (ARRAY_CONTAINS(c.attr, @attr1) OR c.attrPartial = true)"
        + " ORDER BY c.tMax DESC", spec.getQueryText());
    assertEquals("acme", param(spec, "@tenant").getValue(String.class));
    assertEquals("2025-11-24", param(spec, "@fromDay").getValue(String.class));
    assertEquals(T0 / 1_000_000, param(spec, "@fromMs").getValue(Long.class));
    assertEquals((T0 + 1800 * SECOND) / 1_000_000, param(spec, "@toMs").getValue(Long.class),
        "newest first after a position: nothing newer than it");
    assertEquals((T0 + 7200 * SECOND) / 1_000_000, param(spec, "@asOfMs").getValue(Long.class));
    assertEquals(List.of("ERROR", "FATAL"), param(spec, "@sev").getValue(List.class));
    assertEquals(List.of("api", "db"), param(spec, "@svc").getValue(List.class));
    assertEquals("shard=1", param(spec, "@attr0").getValue(String.class));
    assertEquals("zone=b", param(spec, "@attr1").getValue(String.class));
    assertTrue(spec.getQueryText().indexOf("refused") < 0, "values are parameters, never SQL text");
    assertEquals(new PartitionKeyBuilder().add("acme").build(), cosmos.queryOptions.get(0).getPartitionKey(),
        "a prefix of the hierarchical key: only the tenant's partitions are read");
  }

  private static SqlParameter param(SqlQuerySpec spec, String name) {
    return spec.getParameters().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theNewestPageStopsReadingBlocksOnceNoOlderBlockCanBeatIt() throws Exception {
    CosmosLogStore s = open(CosmosLogStoreOptions.defaults().withBlockLimits(96 * 1024, 10));
    s.upsert(manyEvents(200, "api"));
    LogQuery q = LogQuery.all(5);
    List<LogEvent> got = s.query(ACME, q);
    assertEquals(List.of("id-00199", "id-00198", "id-00197", "id-00196", "id-00195"),
        got.stream().map(LogEvent::id).toList());
  }
}
