package io.tributary.alert;

import io.tributary.event.TenantId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transitions of each rule, newest first, at most {@value #PER_RULE} a rule: what
 * {@code GET /api/alerts/{id}/events} shows. In memory: a process keeps what it decided since it
 * started (a durable history is left for later; see docs/alerts.md). Thread-safe.
 */
public final class AlertHistory {

  static final int PER_RULE = 1_000;

  private record Key(TenantId tenant, String ruleId) {
  }

  private final Map<Key, Deque<AlertTransition>> byRule = new ConcurrentHashMap<>();

  public void record(AlertTransition t) {
    Deque<AlertTransition> d = byRule.computeIfAbsent(new Key(t.tenant(), t.ruleId()), k -> new ArrayDeque<>());
    synchronized (d) {
      d.addFirst(t);
      while (d.size() > PER_RULE) {
        d.removeLast();
      }
    }
  }

  /** The last {@code limit} transitions of {@code tenant}'s rule {@code ruleId}, newest first. */
  public List<AlertTransition> of(TenantId tenant, String ruleId, int limit) {
    Deque<AlertTransition> d = byRule.get(new Key(tenant, ruleId));
    if (d == null) {
      return List.of();
    }
    synchronized (d) {
      List<AlertTransition> out = new ArrayList<>(Math.min(limit, d.size()));
      for (AlertTransition t : d) {
        if (out.size() == limit) {
          break;
        }
        out.add(t);
      }
      return out;
    }
  }

  /** Forgets a deleted rule's transitions. */
  public void forget(TenantId tenant, String ruleId) {
    byRule.remove(new Key(tenant, ruleId));
  }
}
