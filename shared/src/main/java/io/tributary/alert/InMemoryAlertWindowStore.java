package io.tributary.alert;

import io.tributary.event.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * An {@link AlertWindowStore} in this process: what several evaluators of one process share (the
 * tests' model of instances sharing the Redis one), with the same expiry. Thread-safe: one lock.
 */
public final class InMemoryAlertWindowStore implements AlertWindowStore {

  /** How many templates a rule remembers (the oldest met is forgotten first). */
  static final int MAX_TEMPLATES = AlertEvaluator.MAX_TEMPLATES;

  private static final class GroupState {
    final TreeMap<Long, Long> buckets = new TreeMap<>();
    long bucketsExpireAt;
    boolean firing;
    long lastFiredNanos = Long.MIN_VALUE;
  }

  private static final class RuleState {
    final Map<String, GroupState> groups = new LinkedHashMap<>();
    final LinkedHashSet<String> templates = new LinkedHashSet<>();
    long expireAt;
  }

  private final LongSupplier nanos;
  private final Map<String, RuleState> rules = new HashMap<>();
  private final Map<String, Long> batches = new HashMap<>();

  /** @param nanos the time expiry is measured on (nanoseconds, any origin) */
  public InMemoryAlertWindowStore(LongSupplier nanos) {
    this.nanos = nanos;
  }

  @Override
  public synchronized Added add(TenantId tenant, String batch, List<RuleCounts> counts, Duration keep) {
    long now = nanos.getAsLong();
    expire(now);
    boolean duplicate = batches.containsKey(tenant + "\n" + batch);
    if (!duplicate) {
      batches.put(tenant + "\n" + batch, now + keep.toNanos());
    }
    List<GroupWindow> windows = new ArrayList<>();
    Map<String, Set<String>> fresh = new LinkedHashMap<>();
    for (RuleCounts rc : counts) {
      RuleState r = rule(tenant, rc.ruleKey(), now);
      Set<String> touched = new LinkedHashSet<>();
      for (Count c : rc.counts()) {
        GroupState g = r.groups.computeIfAbsent(c.group(), k -> new GroupState());
        if (!duplicate) {
          g.buckets.merge(c.bucket(), c.n(), Long::sum);
          g.buckets.headMap(rc.minBucket()).clear();
          g.bucketsExpireAt = now + keep.toNanos();
        }
        touched.add(c.group());
      }
      if (!duplicate) {
        for (String t : rc.templates()) {
          if (r.templates.add(t)) {
            fresh.computeIfAbsent(rc.ruleKey(), k -> new LinkedHashSet<>()).add(t);
            if (r.templates.size() > MAX_TEMPLATES) {
              r.templates.remove(r.templates.iterator().next());
            }
          }
        }
      }
      for (String g : touched) {
        windows.add(window(rc.ruleKey(), g, r.groups.get(g)));
      }
    }
    return new Added(duplicate, windows, fresh);
  }

  @Override
  public synchronized List<GroupWindow> groups(TenantId tenant, String ruleKey, boolean dropQuiet) {
    long now = nanos.getAsLong();
    expire(now);
    RuleState r = rule(tenant, ruleKey, now);
    if (dropQuiet) {
      r.groups.values().removeIf(g -> !g.firing && g.buckets.isEmpty());
    }
    List<GroupWindow> out = new ArrayList<>();
    r.groups.forEach((k, g) -> out.add(window(ruleKey, k, g)));
    return out;
  }

  @Override
  public synchronized Claim claim(TenantId tenant, String ruleKey, String group, boolean firing, long nowNanos,
      long cooldownNanos) {
    long now = nanos.getAsLong();
    expire(now);
    GroupState g = rule(tenant, ruleKey, now).groups.computeIfAbsent(group, k -> new GroupState());
    boolean won = g.firing != firing && (!firing || g.lastFiredNanos == Long.MIN_VALUE
        || nowNanos - g.lastFiredNanos >= cooldownNanos);
    if (won) {
      g.firing = firing;
      if (firing) {
        g.lastFiredNanos = nowNanos;
      }
    }
    return new Claim(won, g.firing, g.lastFiredNanos);
  }

  private RuleState rule(TenantId tenant, String ruleKey, long now) {
    RuleState r = rules.computeIfAbsent(tenant + "\n" + ruleKey, k -> new RuleState());
    r.expireAt = now + STATE_KEEP.toNanos();
    return r;
  }

  private void expire(long now) {
    batches.values().removeIf(at -> at <= now);
    rules.values().removeIf(r -> r.expireAt <= now);
    for (RuleState r : rules.values()) {
      for (GroupState g : r.groups.values()) {
        if (g.bucketsExpireAt <= now) {
          g.buckets.clear();
        }
      }
    }
  }

  private static GroupWindow window(String ruleKey, String group, GroupState g) {
    return new GroupWindow(ruleKey, group, Map.copyOf(g.buckets), g.firing, g.lastFiredNanos);
  }

  @Override
  public void close() {
  }
}
