package io.tributary.search;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.tenancy.Plan;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds stored events to the {@link SearchIndex}: keeps those the {@link IndexingPolicy} picks,
 * one copy per (tenant, id) — the first ingested, as the store keeps — and indexes them. What the
 * Index function calls with each change-feed batch. Thread-safe when the index and plan lookup are.
 */
public final class IndexFeed {

  /** The plan of a tenant, or null when it is not known. */
  @FunctionalInterface
  public interface PlanLookup {
    Plan planOf(TenantId tenant) throws IOException;
  }

  /** What one call did: events left out (by the policy, or copies of one id), and the index's result for the rest. */
  public record Fed(int skipped, IndexResult result) {
  }

  private final SearchIndex index;
  private final IndexingPolicy policy;
  private final PlanLookup plans;
  private final Clock clock;
  private final java.util.concurrent.atomic.LongAdder indexed = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder rejected = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder skipped = new java.util.concurrent.atomic.LongAdder();

  /** What this feed did since it was made: events indexed, rejected by the index for good, and left out. */
  public record Counts(long indexed, long rejected, long skipped) {
  }

  public IndexFeed(SearchIndex index, IndexingPolicy policy, PlanLookup plans, Clock clock) {
    this.index = index;
    this.policy = policy;
    this.plans = plans;
    this.clock = clock;
  }

  public IndexingPolicy policy() {
    return policy;
  }

  /** Indexes what the policy picks of {@code events}; see {@link SearchIndex#index} for failures. */
  public Fed feed(List<LogEvent> events) throws IOException {
    long now = io.tributary.event.Timestamps.ofInstant(clock.instant());
    Map<TenantId, Boolean> all = new HashMap<>();
    Map<String, LogEvent> picked = new LinkedHashMap<>();
    for (LogEvent e : events) {
      Boolean everything = all.get(e.tenant());
      if (everything == null) {
        everything = policy.allSeverities(e.tenant(), plans.planOf(e.tenant()));
        all.put(e.tenant(), everything);
      }
      if (!policy.indexes(e, everything, now)) {
        continue;
      }
      // One document per (tenant, id): of two copies in a batch, the first ingested (the store's).
      picked.merge(e.tenant().value() + "\u0000" + e.id(), e,
          (a, b) -> b.ingestedNanos() < a.ingestedNanos() ? b : a);
    }
    int skipped = events.size() - picked.size();
    this.skipped.add(skipped);
    if (picked.isEmpty()) {
      return new Fed(skipped, new IndexResult(0, List.of()));
    }
    // The upload is a CLIENT span, child of the caller's (the Index function's invocation).
    try (io.tributary.telemetry.Tracing.Scoped upload = io.tributary.telemetry.Tracing.client("search.index")) {
      upload.set("tributary.documents", picked.size());
      try {
        IndexResult result = index.index(new ArrayList<>(picked.values()));
        indexed.add(result.indexed());
        rejected.add(result.rejected().size());
        upload.set("tributary.failures", result.rejected().size());
        if (!result.rejected().isEmpty()) {
          upload.failed(result.rejected().size() + " documents refused by the index");
        }
        return new Fed(skipped, result);
      } catch (IOException | RuntimeException e) {
        upload.failed(e);
        throw e;
      }
    }
  }

  /** What this feed did since it was made (for the platform's metrics). */
  public Counts counts() {
    return new Counts(indexed.sum(), rejected.sum(), skipped.sum());
  }
}
