package io.tributary.tail;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import io.tributary.query.LogFilter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where processing publishes the events it stored, for the live tails of their tenants. Publishing
 * never blocks and costs a map lookup per tenant when no one tails: each tail has a bounded queue,
 * and a tail whose queue is full is dropped ({@link TailReasons#SLOW_READER}), so a slow reader can
 * never slow ingest. A tenant holds at most {@link TailSettings#maxStreamsPerTenant()} tails.
 * Events of one tenant reach only that tenant's tails. Thread-safe.
 */
public final class TailHub implements io.tributary.process.StoredEventsListener {

  private final TailSettings settings;
  private final Map<TenantId, List<TailSubscription>> byTenant = new ConcurrentHashMap<>();

  public TailHub(TailSettings settings) {
    this.settings = settings;
  }

  public TailSettings settings() {
    return settings;
  }

  /**
   * A new tail of {@code tenant}'s events that {@code filter} matches, stored from now on.
   *
   * @throws TailException 429 {@code too_many_tails} when the tenant holds its most tails already
   */
  public TailSubscription subscribe(TenantId tenant, LogFilter filter) throws TailException {
    TailSubscription s = new TailSubscription(this, tenant, filter, settings.queueEvents());
    boolean[] added = {false};
    byTenant.compute(tenant, (t, list) -> {
      List<TailSubscription> l = list == null ? new CopyOnWriteArrayList<>() : list;
      if (l.size() < settings.maxStreamsPerTenant()) {
        l.add(s);
        added[0] = true;
      }
      return l;
    });
    if (!added[0]) {
      throw new TailException(Problem.of(429, TailReasons.TOO_MANY_TAILS, "this tenant already holds "
          + settings.maxStreamsPerTenant() + " live tails; close one (or query instead) and retry")
          .with("retryAfterSeconds", 5));
    }
    return s;
  }

  /** Publishes events just stored (of any tenants) to the tails that match them; never blocks. */
  public void publish(List<LogEvent> stored) {
    if (byTenant.isEmpty()) {
      return;
    }
    TenantId current = null;
    List<TailSubscription> subs = null;
    for (LogEvent e : stored) {
      if (!e.tenant().equals(current)) {
        current = e.tenant();
        subs = byTenant.get(current);
      }
      if (subs != null) {
        for (TailSubscription s : subs) {
          s.offer(e);
        }
      }
    }
  }

  @Override
  public void stored(List<LogEvent> events) {
    publish(events);
  }

  /** Live tails of {@code tenant} now. */
  public int tails(TenantId tenant) {
    List<TailSubscription> l = byTenant.get(tenant);
    return l == null ? 0 : l.size();
  }

  /** Drops every tail ({@link TailReasons#SHUTTING_DOWN}). */
  public void shutdown() {
    for (List<TailSubscription> l : byTenant.values()) {
      for (TailSubscription s : l) {
        s.drop(TailReasons.SHUTTING_DOWN);
      }
    }
  }

  void remove(TailSubscription s) {
    byTenant.computeIfPresent(s.tenant(), (t, l) -> {
      l.remove(s);
      return l.isEmpty() ? null : l;
    });
  }
}
