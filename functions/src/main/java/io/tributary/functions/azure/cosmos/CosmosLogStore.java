package io.tributary.functions.azure.cosmos;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosBulkExecutionOptions;
import com.azure.cosmos.models.CosmosBulkItemResponse;
import com.azure.cosmos.models.CosmosBulkOperationResponse;
import com.azure.cosmos.models.CosmosBulkOperations;
import com.azure.cosmos.models.CosmosItemOperation;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.PartitionKeyBuilder;
import com.azure.cosmos.models.SqlParameter;
import com.azure.cosmos.models.SqlQuerySpec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.erasure.ErasableStore;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.QueryDeadline;
import io.tributary.retention.StoredDay;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The {@link LogStore} on Azure Cosmos DB (NoSQL API), container {@code logs} with the hierarchical
 * partition key {@code [/tenantId, /day, /shard]} and a TTL of the hot retention: each item's own,
 * the tenant's {@code hotDays} ({@link Placement}), counted from its write.
 *
 * <p><b>Shards.</b> A logical partition holds at most 20 GB and serves at most 10,000 RU/s, so one
 * tenant's day in one would cap a tenant at a few thousand events a second. Its items are spread
 * over {@code shards(tenant)} logical partitions (from the tenant's limits,
 * {@link io.tributary.limits.TenantLimits#shards}), an item's shard taken from its id. Queries
 * name only the tenant, a prefix of the key, so Cosmos DB routes them to the physical partitions
 * that hold any of the tenant's shards: no fan-out in the code.
 *
 * <p><b>Items are blocks of events</b> ({@link EventBlock}), not one item per event: an upsert groups
 * its events by tenant and day, sorts them by (time, id) and packs them into compressed blocks of
 * up to {@code maxBlockRawBytes}. Only the block summaries are indexed. A Cosmos write costs by the
 * item's size and indexed terms, and for 300-byte events this makes an event cost about 0.05 RU
 * instead of about 6 (docs/cosmos-ru.md, DESIGN §11).
 *
 * <p><b>Writes</b> go through bulk execution as upserts keyed by block id, which is a hash of the
 * events' ids, so repeating a batch rewrites the same items. Operations the service throttled (429),
 * timed out (408), or was not ready for (503, 410, 449) are sent again, and only those, in rounds
 * with backoff (honouring Retry-After); any other failure fails the upsert, and the caller's retry of
 * the batch rewrites the same blocks. Should the same event reach the store in two different
 * blocks (a client's retry of a lost 202, a batch redelivered with different boundaries, or a
 * repeat with other content), queries return it once, the first write: of the copies equal in
 * (time, id) the one with the smallest ingest time. A block's id hashes its events' ids with their
 * ingest times, so a later copy never rewrites the item that holds the first.
 *
 * <p><b>Queries</b> select blocks with parameterised SQL ({@link BlockQuery}) newest (or oldest)
 * block first, apply the exact query ({@link LogFilter}, the predicate every store shares) to the
 * events inside, and stop reading blocks once the page is
 * full and no later block can hold a better event.
 *
 * <p><b>Erasure</b> ({@link ErasableStore}): the items of a tenant's day (a prefix of the key, all
 * its shards) are read, and each that holds events to erase is replaced by an item of the same id
 * and partition with the rest of its events and summaries made from them alone (so no attribute
 * pair of an erased event stays listed), or deleted when nothing is left. Both writes are
 * conditional on the item's etag: when a concurrent writer replaced it meanwhile (412), the item is
 * read again and the erasure redone on what it holds now, so that writer's events are kept. The
 * replacement keeps the item's expiry (its TTL less the time since its last write), since a write
 * restarts an item's TTL. A second erasure of the same day finds nothing to remove. Thread-safe.
 */
public final class CosmosLogStore implements LogStore, ErasableStore {

  private static final Comparator<LogEvent> OLDEST_FIRST =
      Comparator.comparingLong(LogEvent::timeNanos).thenComparing(LogEvent::id);
  private static final int QUERY_PAGE_ITEMS = 20;

  private final CosmosContainer container;
  private final CosmosLogStoreOptions options;
  private final Sleeper sleeper;
  private final Placement placement;
  private final Clock clock;

  /**
   * Where and for how long a tenant's items are kept: how many logical partitions its day is spread
   * over, and its days in the hot store (the items' TTL). Asked once per tenant per upsert.
   */
  public interface Placement {
    /** Every tenant in one shard, for the store's own TTL. */
    Placement DEFAULT = new Placement() {
    };

    /** Logical partitions of the tenant's day (at least 1). */
    default int shards(TenantId tenant) {
      return 1;
    }

    /** The tenant's days in the hot store, the items' TTL; 0 when not known: the store's own TTL. */
    default int hotDays(TenantId tenant) {
      return 0;
    }
  }

  /** How the store waits between rounds of retries; tests pass one that does not sleep. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  public CosmosLogStore(CosmosContainer container, CosmosLogStoreOptions options) {
    this(container, options, Placement.DEFAULT);
  }

  /** A store whose tenants' items are placed and kept as {@code placement} says. */
  public CosmosLogStore(CosmosContainer container, CosmosLogStoreOptions options, Placement placement) {
    this(container, options, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000), placement);
  }

  CosmosLogStore(CosmosContainer container, CosmosLogStoreOptions options, Sleeper sleeper) {
    this(container, options, sleeper, Placement.DEFAULT);
  }

  CosmosLogStore(CosmosContainer container, CosmosLogStoreOptions options, Sleeper sleeper, Placement placement) {
    this(container, options, sleeper, placement, Clock.systemUTC());
  }

  /** {@code clock}: now, for what is left of an item's TTL when an erasure replaces it. */
  CosmosLogStore(CosmosContainer container, CosmosLogStoreOptions options, Sleeper sleeper, Placement placement,
      Clock clock) {
    this.container = container;
    this.options = options;
    this.sleeper = sleeper;
    this.placement = placement;
    this.clock = clock;
  }

  static PartitionKey partitionKey(TenantId tenant, String day, String shard) {
    return new PartitionKeyBuilder().add(tenant.value()).add(day).add(shard).build();
  }

  /** The blocks {@code events} pack into: per tenant and day, sorted, cut by size and count. */
  List<EventBlock> pack(List<LogEvent> events) {
    Map<String, List<LogEvent>> groups = new LinkedHashMap<>();
    for (LogEvent e : events) {
      groups.computeIfAbsent(e.tenant().value() + "/" + e.epochDay(), k -> new ArrayList<>()).add(e);
    }
    List<EventBlock> blocks = new ArrayList<>();
    for (List<LogEvent> group : groups.values()) {
      group.sort(OLDEST_FIRST);
      TenantId tenant = group.get(0).tenant();
      long day = group.get(0).epochDay();
      List<LogEvent> current = new ArrayList<>();
      long bytes = 0;
      for (LogEvent e : group) {
        long size = estimateBytes(e);
        if (!current.isEmpty() && (bytes + size > options.maxBlockRawBytes() || current.size() >= options.maxBlockEvents())) {
          blocks.add(EventBlock.of(tenant, day, current));
          current = new ArrayList<>();
          bytes = 0;
        }
        current.add(e);
        bytes += size;
      }
      blocks.add(EventBlock.of(tenant, day, current));
    }
    return blocks;
  }

  /** About what the event takes as NDJSON: its texts plus field names and times. */
  private static long estimateBytes(LogEvent e) {
    long n = 160 + len(e.id()) + len(e.message()) + len(e.service()) + len(e.host()) + len(e.severityText())
        + len(e.traceId()) + len(e.spanId()) + len(e.patternId()) + len(e.template());
    for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
      n += a.getKey().length() + String.valueOf(a.getValue()).length() + 6;
    }
    return n;
  }

  private static int len(String s) {
    return s == null ? 0 : s.length();
  }

  @Override
  public void upsert(List<LogEvent> events) throws IOException {
    if (events.isEmpty()) {
      return;
    }
    List<CosmosItemOperation> pending = new ArrayList<>();
    Map<TenantId, long[]> placed = new java.util.HashMap<>();
    // The write's trace context, one per item (untraced writes make the same items as before).
    String traceparent = io.tributary.telemetry.Tracing.currentTraceparent();
    for (EventBlock b : pack(new ArrayList<>(events))) {
      // Per tenant: its shards, and its items' TTL (its hot days, else the store's own).
      long[] p = placed.computeIfAbsent(b.tenant(), t -> {
        int days = placement.hotDays(t);
        return new long[] {Math.max(1, placement.shards(t)), days > 0 ? days * 86_400L : options.ttl().toSeconds()};
      });
      String shard = b.shard((int) p[0]);
      ObjectNode item = b.toItem(p[1], shard);
      if (traceparent != null) {
        item.put(EventBlock.TRACEPARENT, traceparent);
      }
      pending.add(CosmosBulkOperations.getUpsertItemOperation(item, partitionKey(b.tenant(), b.day(), shard)));
    }
    CosmosBulkExecutionOptions bulk = new CosmosBulkExecutionOptions();
    for (int round = 1; ; round++) {
      List<CosmosItemOperation> retry = new ArrayList<>();
      Duration wait = Duration.ZERO;
      String lastProblem = null;
      int answered = 0;
      try {
        for (CosmosBulkOperationResponse<Object> r : container.<Object>executeBulkOperations(pending, bulk)) {
          answered++;
          CosmosBulkItemResponse resp = r.getResponse();
          int status = resp != null ? resp.getStatusCode() : statusOf(r.getException());
          if (resp != null && resp.isSuccessStatusCode()) {
            continue;
          }
          if (!isRetriable(status)) {
            throw new IOException("Cosmos refused block " + r.getOperation().getId() + " with " + status
                + (r.getException() != null ? ": " + r.getException().getMessage() : ""), r.getException());
          }
          retry.add(r.getOperation());
          lastProblem = "status " + status;
          if (resp != null && resp.getRetryAfterDuration() != null && resp.getRetryAfterDuration().compareTo(wait) > 0) {
            wait = resp.getRetryAfterDuration();
          }
        }
      } catch (CosmosException e) {
        if (!isRetriable(e.getStatusCode())) {
          throw new IOException("Cosmos bulk upsert failed with " + e.getStatusCode() + ": " + e.getMessage(), e);
        }
        // The whole call failed: nothing is known to be written; send everything again.
        retry = pending;
        lastProblem = "status " + e.getStatusCode();
        answered = pending.size();
      }
      if (answered < pending.size() && retry.size() < pending.size()) {
        throw new IOException("Cosmos answered " + answered + " of " + pending.size() + " operations");
      }
      if (retry.isEmpty()) {
        return;
      }
      if (round >= options.maxWriteRounds()) {
        throw new IOException(retry.size() + " of " + pending.size() + " blocks were not written after "
            + round + " rounds (" + lastProblem + ")");
      }
      pending = retry;
      pause(round, wait);
    }
  }

  private void pause(int round, Duration retryAfter) throws IOException {
    double base = options.minBackoff().toNanos() * Math.pow(2, Math.min(round - 1, 30));
    long nanos = (long) Math.min(base, options.maxBackoff().toNanos());
    nanos = (long) (nanos * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    Duration d = Duration.ofNanos(Math.max(nanos, retryAfter.toNanos()));
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting to retry a Cosmos write");
    }
  }

  private static int statusOf(Exception e) {
    return e instanceof CosmosException c ? c.getStatusCode() : 0;
  }

  /** Throttled, timed out, gone or not ready: the same operation may succeed if sent again. */
  static boolean isRetriable(int status) {
    return status == 429 || status == 408 || status == 503 || status == 410 || status == 449 || status == 0;
  }

  @Override
  public List<LogEvent> query(TenantId tenant, LogQuery q) throws IOException {
    return query(tenant, q, QueryDeadline.none());
  }

  /** Checks {@code deadline} before each block it reads. */
  @Override
  public List<LogEvent> query(TenantId tenant, LogQuery q, QueryDeadline deadline) throws IOException {
    if (q.limit() <= 0) {
      return List.of();
    }
    CosmosQueryRequestOptions opts = new CosmosQueryRequestOptions()
        .setPartitionKey(new PartitionKeyBuilder().add(tenant.value()).build())
        .setMaxBufferedItemCount(QUERY_PAGE_ITEMS)
        .setQueryName("blocks");
    Comparator<LogEvent> order = q.order() == Order.OLDEST ? OLDEST_FIRST : OLDEST_FIRST.reversed();
    LogFilter filter = LogFilter.of(q);
    List<LogEvent> best = new ArrayList<>();
    try {
      Iterator<ObjectNode> blocks = container.queryItems(BlockQuery.of(tenant, q), opts, ObjectNode.class).iterator();
      while (true) {
        deadline.check();
        if (!blocks.hasNext()) {
          break;
        }
        ObjectNode item = blocks.next();
        if (best.size() >= q.limit() && cannotBeat(item, best.get(q.limit() - 1), q.order())) {
          break;
        }
        for (LogEvent e : EventBlock.events(item)) {
          if (filter.matches(e) && filter.follows(e)) {
            best.add(e);
          }
        }
        best.sort(order);
        dedupe(best);
        if (best.size() > q.limit()) {
          best.subList(q.limit(), best.size()).clear();
        }
      }
    } catch (CosmosException e) {
      throw new IOException("Cosmos query for " + tenant + " failed with " + e.getStatusCode() + ": "
          + e.getMessage(), e);
    }
    return best;
  }

  /** Blocks come newest-bound first (or oldest-bound first): once one cannot beat the last kept event, none after it can. */
  private static boolean cannotBeat(ObjectNode item, LogEvent worstKept, Order order) {
    if (order == Order.NEWEST) {
      return EventBlock.maxTimeNanos(item) < worstKept.timeNanos();
    }
    return EventBlock.minTimeNanos(item) > worstKept.timeNanos();
  }

  /**
   * Keeps one of the events equal in (time, id), which sit next to each other: the first write,
   * the one with the smallest ingest time (the same event packed twice, a client's retry, or a
   * repeat with other content); of copies ingested at the same moment, the one met first.
   */
  private static void dedupe(List<LogEvent> sorted) {
    int out = 0;
    for (int i = 0; i < sorted.size(); i++) {
      LogEvent e = sorted.get(i);
      if (out > 0) {
        LogEvent kept = sorted.get(out - 1);
        if (kept.timeNanos() == e.timeNanos() && kept.id().equals(e.id())) {
          if (e.ingestedNanos() < kept.ingestedNanos()) {
            sorted.set(out - 1, e);
          }
          continue;
        }
      }
      sorted.set(out++, e);
    }
    sorted.subList(out, sorted.size()).clear();
  }

  @Override
  public List<Long> erasableDays(TenantId tenant, long fromDay, long toDay) throws IOException {
    StringBuilder sql = new StringBuilder("SELECT DISTINCT VALUE c.day FROM c WHERE c.tenantId = @tenant");
    List<SqlParameter> params = new ArrayList<>();
    params.add(new SqlParameter("@tenant", tenant.value()));
    if (fromDay != Long.MIN_VALUE) {
      sql.append(" AND c.day >= @fromDay");
      params.add(new SqlParameter("@fromDay", EventBlock.day(fromDay)));
    }
    if (toDay != Long.MAX_VALUE) {
      sql.append(" AND c.day <= @toDay");
      params.add(new SqlParameter("@toDay", EventBlock.day(toDay)));
    }
    CosmosQueryRequestOptions opts = new CosmosQueryRequestOptions()
        .setPartitionKey(new PartitionKeyBuilder().add(tenant.value()).build())
        .setQueryName("days");
    TreeSet<Long> days = new TreeSet<>();
    try {
      for (String day : container.queryItems(new SqlQuerySpec(sql.toString(), params), opts, String.class)) {
        days.add(LocalDate.parse(day).toEpochDay());
      }
    } catch (CosmosException e) {
      throw new IOException("Cosmos query of " + tenant + "'s days failed with " + e.getStatusCode() + ": "
          + e.getMessage(), e);
    }
    return List.copyOf(days);
  }

  @Override
  public void forEachOfDay(TenantId tenant, long day, StoredDay.EventSink sink) throws IOException {
    for (ObjectNode item : dayItems(tenant, day)) {
      for (LogEvent e : EventBlock.events(item)) {
        sink.accept(e);
      }
    }
  }

  @Override
  public long erase(TenantId tenant, long day, Predicate<LogEvent> erase) throws IOException {
    long removed = 0;
    for (ObjectNode item : dayItems(tenant, day)) {
      removed += eraseFrom(item, erase);
    }
    return removed;
  }

  /** The items of {@code tenant}'s day, every shard's (the key's first two levels). */
  private List<ObjectNode> dayItems(TenantId tenant, long day) throws IOException {
    String dayText = EventBlock.day(day);
    SqlQuerySpec sql = new SqlQuerySpec("SELECT * FROM c WHERE c.tenantId = @tenant AND c.day = @day",
        List.of(new SqlParameter("@tenant", tenant.value()), new SqlParameter("@day", dayText)));
    CosmosQueryRequestOptions opts = new CosmosQueryRequestOptions()
        .setPartitionKey(new PartitionKeyBuilder().add(tenant.value()).add(dayText).build())
        .setMaxBufferedItemCount(QUERY_PAGE_ITEMS)
        .setQueryName("dayBlocks");
    List<ObjectNode> items = new ArrayList<>();
    try {
      for (ObjectNode item : container.queryItems(sql, opts, ObjectNode.class)) {
        items.add(item);
      }
    } catch (CosmosException e) {
      throw new IOException("Cosmos query of " + tenant + "'s day " + dayText + " failed with " + e.getStatusCode()
          + ": " + e.getMessage(), e);
    }
    return items;
  }

  /**
   * Replaces {@code item} by its events that {@code erase} does not accept (deletes it when none is
   * left), conditional on its etag; on 412 reads it again and redoes. Answers the copies removed.
   */
  private long eraseFrom(ObjectNode item, Predicate<LogEvent> erase) throws IOException {
    String id = item.path("id").asText();
    TenantId tenant = TenantId.of(item.path(EventBlock.TENANT).asText());
    String day = item.path(EventBlock.DAY).asText();
    String shard = item.path(EventBlock.SHARD).asText("0");
    PartitionKey key = partitionKey(tenant, day, shard);
    for (int round = 1; ; round++) {
      List<LogEvent> all = EventBlock.events(item);
      List<LogEvent> kept = new ArrayList<>(all.size());
      for (LogEvent e : all) {
        if (!erase.test(e)) {
          kept.add(e);
        }
      }
      if (kept.size() == all.size()) {
        return 0;
      }
      CosmosItemRequestOptions conditional = new CosmosItemRequestOptions();
      String etag = item.path("_etag").asText(null);
      if (etag != null) {
        conditional.setIfMatchETag(etag);
      }
      int status;
      Duration retryAfter = Duration.ZERO;
      try {
        if (kept.isEmpty()) {
          container.deleteItem(id, key, conditional);
        } else {
          container.replaceItem(new EventBlock(id, tenant, day, kept).toItem(remainingTtl(item), shard), id, key,
              conditional);
        }
        return all.size() - kept.size();
      } catch (CosmosException e) {
        status = e.getStatusCode();
        if (status == 404) {
          return 0; // gone: expired, or deleted by an earlier attempt of this erasure
        }
        if (status != 412 && !isRetriable(status)) {
          throw new IOException("Cosmos refused to rewrite block " + id + " with " + status + ": " + e.getMessage(), e);
        }
        if (e.getRetryAfterDuration() != null) {
          retryAfter = e.getRetryAfterDuration();
        }
      }
      if (round >= options.maxWriteRounds()) {
        throw new IOException("block " + id + " was not rewritten after " + round + " rounds (status " + status + ")");
      }
      if (status == 412) {
        // Written by someone else since it was read: erase from what it holds now.
        ObjectNode now = read(id, key);
        if (now == null) {
          return 0;
        }
        item = now;
      } else {
        pause(round, retryAfter);
      }
    }
  }

  /** The item as stored now, or null when there is none. */
  private ObjectNode read(String id, PartitionKey key) throws IOException {
    try {
      return container.readItem(id, key, ObjectNode.class).getItem();
    } catch (CosmosException e) {
      if (e.getStatusCode() == 404) {
        return null;
      }
      throw new IOException("Cosmos read of block " + id + " failed with " + e.getStatusCode() + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * The TTL that makes a replacement of {@code item} expire when the item would have: its own TTL
   * (else the store's) less the seconds since its last write ({@code _ts}); at least 1 second. 0 when
   * neither has one.
   */
  long remainingTtl(ObjectNode item) {
    long ttl = item.has(EventBlock.TTL) ? item.path(EventBlock.TTL).asLong() : options.ttl().toSeconds();
    if (ttl <= 0) {
      return 0;
    }
    long written = item.path("_ts").asLong(0);
    long elapsed = written > 0 ? Math.max(0, clock.instant().getEpochSecond() - written) : 0;
    return Math.max(1, ttl - elapsed);
  }

  @Override
  public void close() {
    // The container's client is shared and closed by whoever built it.
  }
}
