package io.tributary.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.configstore.ConfigEvent;
import io.tributary.configstore.ConfigStore;
import io.tributary.configstore.NewConfigEvent;
import io.tributary.configstore.VersionConflictException;
import io.tributary.configstore.Versioned;
import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

/**
 * Alert rules as event-sourced configuration, like tenants: each rule is the stream
 * {@code alert/<tenant>/<id>} of an {@code AlertCreated}, then {@code AlertUpdated} events (each
 * with the whole document after the change and the one before) and at last an
 * {@code AlertDeleted}; a stream folds into the rule by its last event, and the events are the
 * audit trail ({@code GET /api/audit}). Changes are conditional on the version the caller read
 * ({@code If-Match}); a stale one is a 412. A rule id is only ever looked up under the caller's
 * tenant, so another tenant's rule is a 404 like an unknown one. Thread-safe.
 */
public final class AlertService {

  public static final String STREAM_PREFIX = "alert/";
  static final String CREATED = "AlertCreated";
  static final String UPDATED = "AlertUpdated";
  static final String DELETED = "AlertDeleted";
  private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  /**
   * What a change was: the rule's tenant and id, the rule after it (null once deleted), and the
   * version of the rule's stream after it (a later change has a greater one).
   */
  public record Change(TenantId tenant, String id, AlertRule after, long version) {
  }

  private final ConfigStore store;
  private final Clock clock;
  private final ToIntFunction<TenantId> maxRules;
  private final io.tributary.alert.delivery.TargetGuard guard;
  private final SecureRandom random = new SecureRandom();
  private final List<java.util.function.Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param maxRules how many rules a tenant may have (its plan's limit)
   * @param guard checks every notification target when a rule is saved (the SSRF guard)
   */
  public AlertService(ConfigStore store, Clock clock, ToIntFunction<TenantId> maxRules,
      io.tributary.alert.delivery.TargetGuard guard) {
    this.store = store;
    this.clock = clock;
    this.maxRules = maxRules;
    this.guard = guard;
  }

  /** The store the rules' events are in. */
  public ConfigStore store() {
    return store;
  }

  /** Calls {@code listener} after every change made through this service. */
  public void onChange(java.util.function.Consumer<Change> listener) {
    listeners.add(listener);
  }

  static String stream(TenantId tenant, String id) {
    return STREAM_PREFIX + tenant.value() + "/" + id;
  }

  /** Records a new rule of {@code tenant}; 400 for an invalid document, 409 {@code alert_limit} past the plan's count. */
  public Versioned<AlertRule> create(TenantId tenant, JsonNode document, String actor)
      throws AlertException, IOException {
    String id = newId();
    AlertRule rule = checked(id, document);
    int max = maxRules.applyAsInt(tenant);
    if (list(tenant).size() >= max) {
      throw new AlertException(Problem.of(409, "alert_limit", "tenant '" + tenant + "' has " + max
          + " alert rules, as many as its plan allows; delete one (DELETE /api/alerts/{id}) or change plan")
          .with("limit", max));
    }
    ObjectNode data = Json.mapper().createObjectNode();
    data.set("after", AlertRuleDocument.toJson(rule));
    try {
      long v = store.append(stream(tenant, id), 0,
          List.of(new NewConfigEvent(CREATED, tenant, actor, clock.instant(), data)));
      changed(new Change(tenant, id, rule, v));
      return new Versioned<>(rule, v);
    } catch (VersionConflictException e) {
      throw new IllegalStateException("a new alert id was taken: " + id, e);
    }
  }

  /** The rule {@code id} of {@code tenant}, if it exists and was not deleted. */
  public Optional<Versioned<AlertRule>> get(TenantId tenant, String id) throws IOException {
    if (!isValidId(id)) {
      return Optional.empty();
    }
    Versioned<AlertRule> v = store.fold(stream(tenant, id), null, AlertService::apply);
    return v.state() == null ? Optional.empty() : Optional.of(v);
  }

  /** {@code tenant}'s rules, by id. */
  public List<Versioned<AlertRule>> list(TenantId tenant) throws IOException {
    List<Versioned<AlertRule>> out = new ArrayList<>();
    for (String s : store.streams(STREAM_PREFIX + tenant.value() + "/")) {
      Versioned<AlertRule> v = store.fold(s, null, AlertService::apply);
      if (v.state() != null) {
        out.add(v);
      }
    }
    return out;
  }

  /** Every tenant's rules (for the evaluator when it starts). */
  public List<Change> all() throws IOException {
    List<Change> out = new ArrayList<>();
    for (String s : store.streams(STREAM_PREFIX)) {
      String[] parts = s.split("/", 3);
      if (parts.length != 3 || !TenantId.isValid(parts[1])) {
        continue;
      }
      Versioned<AlertRule> r = store.fold(s, null, AlertService::apply);
      if (r.state() != null) {
        out.add(new Change(TenantId.of(parts[1]), parts[2], r.state(), r.version()));
      }
    }
    return out;
  }

  /**
   * The rules changed in {@code [from, to)} by any instance, as they are now (a deleted one with
   * {@code after} null), each once: how an instance learns of changes made through another.
   */
  public List<Change> changedBetween(java.time.Instant from, java.time.Instant to) throws IOException {
    java.util.Set<String> streams = new java.util.TreeSet<>();
    for (ConfigEvent e : store.history(null, from, to)) {
      if (e.stream().startsWith(STREAM_PREFIX)) {
        streams.add(e.stream());
      }
    }
    List<Change> out = new ArrayList<>();
    for (String s : streams) {
      String[] parts = s.split("/", 3);
      if (parts.length == 3 && TenantId.isValid(parts[1])) {
        Versioned<AlertRule> r = store.fold(s, null, AlertService::apply);
        out.add(new Change(TenantId.of(parts[1]), parts[2], r.state(), r.version()));
      }
    }
    return out;
  }

  /** Replaces rule {@code id} with {@code document} if it is at version {@code ifMatch}; 404, 412, 400. */
  public Versioned<AlertRule> replace(TenantId tenant, String id, JsonNode document, long ifMatch, String actor)
      throws AlertException, IOException {
    Versioned<AlertRule> current = get(tenant, id).orElseThrow(() -> AlertException.notFound(id));
    if (current.version() != ifMatch) {
      throw conflict(id, current.version());
    }
    AlertRule after = checked(id, document);
    ObjectNode data = Json.mapper().createObjectNode();
    data.set("before", AlertRuleDocument.toJson(current.state()));
    data.set("after", AlertRuleDocument.toJson(after));
    append(tenant, id, ifMatch, UPDATED, data, actor);
    changed(new Change(tenant, id, after, ifMatch + 1));
    return new Versioned<>(after, ifMatch + 1);
  }

  /** Deletes rule {@code id}: 404 when {@code tenant} has no such rule. */
  public void delete(TenantId tenant, String id, String actor) throws AlertException, IOException {
    Versioned<AlertRule> current = get(tenant, id).orElseThrow(() -> AlertException.notFound(id));
    ObjectNode data = Json.mapper().createObjectNode();
    data.set("before", AlertRuleDocument.toJson(current.state()));
    append(tenant, id, current.version(), DELETED, data, actor);
    changed(new Change(tenant, id, null, current.version() + 1));
  }

  private void append(TenantId tenant, String id, long expected, String type, ObjectNode data, String actor)
      throws AlertException, IOException {
    try {
      store.append(stream(tenant, id), expected,
          List.of(new NewConfigEvent(type, tenant, actor, clock.instant(), data)));
    } catch (VersionConflictException e) {
      throw conflict(id, -1);
    }
  }

  private AlertRule checked(String id, JsonNode document) throws AlertException {
    AlertRule rule = AlertRuleDocument.fromJson(id, document);
    for (int i = 0; i < rule.notifyTargets().size(); i++) {
      try {
        guard.checkOnSave(rule.notifyTargets().get(i));
      } catch (io.tributary.alert.delivery.NotifyTargetException e) {
        throw new AlertException(e.problem().with("field", "notify[" + i + "].url"));
      }
    }
    return rule;
  }

  private void changed(Change c) {
    for (java.util.function.Consumer<Change> l : listeners) {
      l.accept(c);
    }
  }

  private static AlertException conflict(String id, long now) {
    Problem p = Problem.of(412, "version_conflict", "alert rule '" + id + "' changed since it was read"
        + (now >= 0 ? " (it is at version " + now + ")" : "") + "; GET it again and send its ETag in If-Match");
    return new AlertException(now >= 0 ? p.with("currentVersion", now) : p);
  }

  /** The fold: a rule is the document its last event holds; a deletion ends it. */
  static AlertRule apply(AlertRule state, ConfigEvent e) {
    if (DELETED.equals(e.type())) {
      return null;
    }
    JsonNode after = e.data().get("after");
    if (after == null) {
      return state;
    }
    try {
      return AlertRuleDocument.fromJson(after.path("id").asText(), after);
    } catch (AlertException x) {
      throw new IllegalStateException("stream " + e.stream() + " version " + e.version()
          + " holds a rule that does not read: " + x.getMessage(), x);
    }
  }

  /** A new rule id: 26 characters of Crockford base32, the first ten the time in ms (so ids sort by creation). */
  private String newId() {
    char[] c = new char[26];
    long t = clock.millis();
    for (int i = 9; i >= 0; i--) {
      c[i] = BASE32[(int) (t & 31)];
      t >>>= 5;
    }
    for (int i = 10; i < 26; i++) {
      c[i] = BASE32[random.nextInt(32)];
    }
    return new String(c);
  }

  /** True when {@code id} could be a rule id (so it is safe in a stream name). */
  public static boolean isValidId(String id) {
    return id != null && id.matches("[0-9a-z]{1,64}");
  }
}
