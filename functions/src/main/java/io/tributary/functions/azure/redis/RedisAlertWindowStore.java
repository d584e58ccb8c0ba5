package io.tributary.functions.azure.redis;

import io.tributary.alert.AlertWindowStore;
import io.tributary.event.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@link AlertWindowStore} every instance shares, on Azure Cache for Redis (any Redis 6.2+):
 * each call is one Lua script call ({@code alert-windows.lua}, which lays out the keys), so a
 * batch's counts, its fingerprint and the claims of transitions are atomic, and all of a tenant's
 * keys carry its hash tag ({@code <prefix>{<tenant>}:}), one slot. Keys expire on their own (the
 * buckets after the rule's horizon, the rest {@link #STATE_KEEP} after last use), which suits the
 * cache's {@code volatile-ttl} eviction. Thread-safe (the client pools connections).
 */
public final class RedisAlertWindowStore implements AlertWindowStore {

  static final int MAX_TEMPLATES = 10_000;
  private static final RedisScript SCRIPT = new RedisScript("alert-windows.lua");

  private final UnifiedJedis redis;
  private final String prefix;

  /** @param prefix the keys' prefix, e.g. {@code tributary:aw:} */
  public RedisAlertWindowStore(UnifiedJedis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  @Override
  public Added add(TenantId tenant, String batch, List<RuleCounts> rules, Duration keep) throws IOException {
    List<String> args = new ArrayList<>();
    args.add("add");
    args.add(batch);
    args.add(Long.toString(Math.max(1, keep.toMillis())));
    args.add(Long.toString(STATE_KEEP.toMillis()));
    args.add(Integer.toString(MAX_TEMPLATES));
    args.add(Integer.toString(rules.size()));
    for (RuleCounts r : rules) {
      args.add(r.ruleKey());
      args.add(Long.toString(r.minBucket()));
      args.add(Integer.toString(r.counts().size()));
      for (Count c : r.counts()) {
        args.add(c.group());
        args.add(Long.toString(c.bucket()));
        args.add(Long.toString(c.n()));
      }
      args.add(Integer.toString(r.templates().size()));
      args.addAll(r.templates());
    }
    List<?> reply = (List<?>) call(tenant, args);
    List<GroupWindow> windows = new ArrayList<>();
    for (Object w : (List<?>) reply.get(1)) {
      windows.add(window((List<?>) w));
    }
    Map<String, Set<String>> fresh = new LinkedHashMap<>();
    for (Object n : (List<?>) reply.get(2)) {
      List<?> rule = (List<?>) n;
      Set<String> templates = new LinkedHashSet<>();
      for (Object t : (List<?>) rule.get(1)) {
        templates.add(text(t));
      }
      fresh.put(text(rule.get(0)), templates);
    }
    return new Added(((Number) reply.get(0)).longValue() == 1, windows, fresh);
  }

  @Override
  public List<GroupWindow> groups(TenantId tenant, String ruleKey, boolean dropQuiet) throws IOException {
    List<GroupWindow> out = new ArrayList<>();
    for (Object w : (List<?>) call(tenant, List.of("groups", ruleKey, dropQuiet ? "1" : "0",
        Long.toString(STATE_KEEP.toMillis())))) {
      out.add(window((List<?>) w));
    }
    return out;
  }

  @Override
  public Claim claim(TenantId tenant, String ruleKey, String group, boolean firing, long nowNanos, long cooldownNanos)
      throws IOException {
    List<?> r = (List<?>) call(tenant, List.of("claim", ruleKey, group, firing ? "1" : "0", Long.toString(nowNanos),
        Long.toString(cooldownNanos), Long.toString(STATE_KEEP.toMillis())));
    String state = text(r.get(1));
    return new Claim(((Number) r.get(0)).longValue() == 1, state.charAt(0) == '1', lastFired(state));
  }

  /** A window as the script returns it: rule, group, state, and the bucket hash as field, value, …. */
  private static GroupWindow window(List<?> w) {
    String state = text(w.get(2));
    List<?> flat = (List<?>) w.get(3);
    Map<Long, Long> buckets = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      buckets.put(Long.parseLong(text(flat.get(i))), Long.parseLong(text(flat.get(i + 1))));
    }
    return new GroupWindow(text(w.get(0)), text(w.get(1)), buckets, state.charAt(0) == '1', lastFired(state));
  }

  /** {@code "<firing>:<last fired ns>"}, the time empty when the group never fired. */
  private static long lastFired(String state) {
    String t = state.substring(2);
    return t.isEmpty() ? Long.MIN_VALUE : Long.parseLong(t);
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  private Object call(TenantId tenant, List<String> args) throws IOException {
    List<String> keys = List.of(prefix + "{" + tenant.value() + "}:");
    try {
      return SCRIPT.eval(redis, keys, args);
    } catch (JedisException e) {
      throw new IOException("the alert windows' Redis failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
