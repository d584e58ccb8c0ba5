package io.tributary.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.configstore.ConfigEvent;
import io.tributary.configstore.ConfigStore;
import io.tributary.configstore.NewConfigEvent;
import io.tributary.configstore.VersionConflictException;
import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transitions of each rule, newest first: what {@code GET /api/alerts/{id}/events} shows and
 * what a restarted evaluator reads to know which groups are firing (so a restart does not notify
 * again). Kept durably as the config-store stream {@code alertstate/<tenant>/<rule>} of
 * {@code AlertFiring} and {@code AlertResolved} events (each the transition's JSON without its
 * samples): the same
 * store, adapters and consistency as the rules, in Azure visible to every instance; these streams
 * are runtime state, not configuration, and the audit trail leaves them out. Without a store, in
 * memory only (at most {@value #PER_RULE} a rule). Thread-safe.
 */
public final class AlertHistory {

  public static final String STREAM_PREFIX = "alertstate/";
  static final int PER_RULE = 1_000;
  private static final int APPEND_TRIES = 5;

  private record Key(TenantId tenant, String ruleId) {
  }

  private final ConfigStore store;
  private final Map<Key, Deque<ObjectNode>> byRule = new ConcurrentHashMap<>();
  /** The version each stream had after this instance's last append to it: read again only on a conflict. */
  private final Map<String, Long> versions = new ConcurrentHashMap<>();

  /** In memory only. */
  public AlertHistory() {
    this(null);
  }

  /** Kept in {@code store} (null: in memory only). */
  public AlertHistory(ConfigStore store) {
    this.store = store;
  }

  static String stream(TenantId tenant, String ruleId) {
    return STREAM_PREFIX + tenant.value() + "/" + ruleId;
  }

  /**
   * Records {@code t}: with a store, durably before it returns (a failure is thrown), without the
   * samples (the notification had them, the query finds them: a few hundred bytes a transition);
   * without one, in memory, whole.
   */
  public void record(AlertTransition t) throws IOException {
    if (store == null) {
      Deque<ObjectNode> d = byRule.computeIfAbsent(new Key(t.tenant(), t.ruleId()), k -> new ArrayDeque<>());
      synchronized (d) {
        d.addFirst(t.toJson(true));
        while (d.size() > PER_RULE) {
          d.removeLast();
        }
      }
      return;
    }
    String stream = stream(t.tenant(), t.ruleId());
    String type = t.state() == AlertTransition.State.FIRING ? "AlertFiring" : "AlertResolved";
    ObjectNode durable = t.toJson(false);
    // Another instance may append to the same rule's stream: append at the version this instance
    // last wrote, and on a conflict read the stream's version and try again. So a long history is
    // not read on every transition.
    for (int i = 0; ; i++) {
      Long known = versions.get(stream);
      long version = known != null ? known : store.read(stream).size();
      try {
        versions.put(stream, store.append(stream, version, List.of(new NewConfigEvent(type, t.tenant(),
            "alert-evaluator", t.at(), durable))));
        return;
      } catch (VersionConflictException e) {
        versions.remove(stream);
        if (i == APPEND_TRIES - 1) {
          throw new IOException("could not record an alert transition of " + stream + " after " + APPEND_TRIES
              + " version conflicts", e);
        }
      }
    }
  }

  /** The last {@code limit} transitions of {@code tenant}'s rule {@code ruleId}, newest first, as JSON. */
  public List<ObjectNode> of(TenantId tenant, String ruleId, int limit) throws IOException {
    if (store != null) {
      List<ConfigEvent> events = store.read(stream(tenant, ruleId));
      List<ObjectNode> out = new ArrayList<>(Math.min(limit, events.size()));
      for (int i = events.size() - 1; i >= 0 && out.size() < limit; i--) {
        out.add((ObjectNode) events.get(i).data());
      }
      return out;
    }
    Deque<ObjectNode> d = byRule.get(new Key(tenant, ruleId));
    if (d == null) {
      return List.of();
    }
    synchronized (d) {
      List<ObjectNode> out = new ArrayList<>(Math.min(limit, d.size()));
      for (ObjectNode t : d) {
        if (out.size() == limit) {
          break;
        }
        out.add(t);
      }
      return out;
    }
  }

  /** Whether a group was firing at its last transition, and when it last fired (Long.MIN_VALUE: never). */
  public record GroupState(boolean firing, long lastFiredNanos) {
  }

  /** Each group's state by the rule's recorded transitions (the key "" for a rule without groups). */
  public Map<String, GroupState> groupStates(TenantId tenant, String ruleId) throws IOException {
    Map<String, GroupState> out = new LinkedHashMap<>();
    List<ObjectNode> newestFirst = of(tenant, ruleId, Integer.MAX_VALUE);
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      JsonNode t = newestFirst.get(i);
      String group = t.path("group").isNull() ? "" : t.path("group").asText("");
      boolean firing = t.path("state").asText().equals(AlertTransition.State.FIRING.wire());
      GroupState before = out.get(group);
      long fired = firing ? io.tributary.event.Timestamps.ofInstant(java.time.Instant.parse(t.path("at").asText()))
          : before == null ? Long.MIN_VALUE : before.lastFiredNanos();
      out.put(group, new GroupState(firing, fired));
    }
    return out;
  }

  /** Forgets a deleted rule's transitions kept in memory (a stream stays: streams are append-only). */
  public void forget(TenantId tenant, String ruleId) {
    byRule.remove(new Key(tenant, ruleId));
    versions.remove(stream(tenant, ruleId));
  }
}
