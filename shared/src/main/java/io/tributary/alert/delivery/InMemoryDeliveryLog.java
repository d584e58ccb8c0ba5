package io.tributary.alert.delivery;

import io.tributary.event.TenantId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A {@link DeliveryLog} in memory, keeping the newest {@code keepPerRule} attempts of each rule:
 * for tests, and for a runtime with nowhere durable to write. Thread-safe.
 */
public final class InMemoryDeliveryLog implements DeliveryLog {

  private final int keepPerRule;
  /** Guarded by this; oldest first. */
  private final Map<TenantId, Map<String, Deque<DeliveryAttempt>>> byRule = new HashMap<>();
  /** Guarded by this; every tenant's, oldest first, bounded like the rules. */
  private final Map<TenantId, Deque<DeliveryAttempt>> dead = new HashMap<>();

  public InMemoryDeliveryLog(int keepPerRule) {
    if (keepPerRule < 1) {
      throw new IllegalArgumentException("keepPerRule must be at least 1");
    }
    this.keepPerRule = keepPerRule;
  }

  @Override
  public synchronized void record(DeliveryAttempt a) {
    bounded(byRule.computeIfAbsent(a.tenant(), t -> new HashMap<>())
        .computeIfAbsent(a.ruleId(), r -> new ArrayDeque<>()), a);
    if (a.outcome() == DeliveryOutcome.DEAD_LETTER) {
      bounded(dead.computeIfAbsent(a.tenant(), t -> new ArrayDeque<>()), a);
    }
  }

  private void bounded(Deque<DeliveryAttempt> q, DeliveryAttempt a) {
    q.addLast(a);
    if (q.size() > keepPerRule) {
      q.removeFirst();
    }
  }

  @Override
  public synchronized List<DeliveryAttempt> attempts(TenantId tenant, String ruleId, int limit) {
    return newest(byRule.getOrDefault(tenant, Map.of()).get(ruleId), limit);
  }

  @Override
  public synchronized List<DeliveryAttempt> deadLetters(TenantId tenant, int limit) {
    return newest(dead.get(tenant), limit);
  }

  private static List<DeliveryAttempt> newest(Deque<DeliveryAttempt> q, int limit) {
    List<DeliveryAttempt> out = new ArrayList<>();
    if (q == null) {
      return out;
    }
    for (Iterator<DeliveryAttempt> it = q.descendingIterator(); it.hasNext() && out.size() < limit; ) {
      out.add(it.next());
    }
    return out;
  }
}
