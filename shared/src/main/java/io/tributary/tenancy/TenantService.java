package io.tributary.tenancy;

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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tenants as event-sourced configuration: each tenant is the stream {@code tenant/<id>} of a
 * {@code TenantCreated} and then {@code TenantUpdated} events, each holding the whole document
 * after the change (and, for updates, the patch and the document before), so a stream folds into
 * the tenant by its last event and the events are the audit trail. Changes are conditional on
 * the version the caller read ({@code If-Match}); a stale one is a 412. Thread-safe.
 */
public final class TenantService {

  public static final String STREAM_PREFIX = "tenant/";
  static final String CREATED = "TenantCreated";
  static final String UPDATED = "TenantUpdated";

  private final ConfigStore store;
  private final Clock clock;
  private final java.util.List<java.util.function.Consumer<TenantId>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public TenantService(ConfigStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Calls {@code listener} with a tenant's id after every change of it made through this service. */
  public void onChange(java.util.function.Consumer<TenantId> listener) {
    listeners.add(listener);
  }

  private void changed(TenantId id) {
    for (java.util.function.Consumer<TenantId> l : listeners) {
      l.accept(id);
    }
  }

  /** The store the tenants' events are in (also every other configuration stream's). */
  public ConfigStore store() {
    return store;
  }

  static String stream(TenantId id) {
    return STREAM_PREFIX + id.value();
  }

  /** Records a new tenant; 409 {@code tenant_exists} when its id is taken. */
  public Versioned<Tenant> create(JsonNode document, String actor) throws TenantException, IOException {
    Tenant t = TenantDocument.fromJson(document);
    ObjectNode data = Json.mapper().createObjectNode();
    data.set("after", TenantDocument.toJson(t));
    try {
      long v = store.append(stream(t.id()), 0,
          List.of(new NewConfigEvent(CREATED, t.id(), actor, clock.instant(), data)));
      changed(t.id());
      return new Versioned<>(t, v);
    } catch (VersionConflictException e) {
      throw new TenantException(Problem.of(409, "tenant_exists", "tenant '" + t.id()
          + "' exists already; change it with PATCH /api/tenants/" + t.id()));
    }
  }

  public Optional<Versioned<Tenant>> get(TenantId id) throws IOException {
    Versioned<Tenant> v = store.fold(stream(id), null, TenantService::apply);
    return v.state() == null ? Optional.empty() : Optional.of(v);
  }

  public List<Versioned<Tenant>> list() throws IOException {
    List<Versioned<Tenant>> out = new ArrayList<>();
    for (String s : store.streams(STREAM_PREFIX)) {
      Versioned<Tenant> v = store.fold(s, null, TenantService::apply);
      if (v.state() != null) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * Applies a JSON merge patch to the tenant at version {@code ifMatch}: 404
   * {@code tenant_not_found}, 412 {@code version_conflict} when the tenant moved on, 400 for a
   * patch that makes an invalid tenant or changes its id.
   */
  public Versioned<Tenant> patch(TenantId id, JsonNode patch, long ifMatch, String actor)
      throws TenantException, IOException {
    Versioned<Tenant> current = get(id).orElseThrow(() -> new TenantException(Problem.of(404, "tenant_not_found",
        "there is no tenant '" + id + "'; create it with POST /api/tenants")));
    if (current.version() != ifMatch) {
      throw conflict(id, current.version());
    }
    ObjectNode before = TenantDocument.toJson(current.state());
    JsonNode merged = MergePatch.apply(before, patch);
    Tenant after = TenantDocument.fromJson(merged);
    if (!after.id().equals(id)) {
      throw TenantException.invalid("id", "a tenant's id cannot change");
    }
    ObjectNode data = Json.mapper().createObjectNode();
    data.set("patch", patch);
    data.set("before", before);
    data.set("after", TenantDocument.toJson(after));
    try {
      long v = store.append(stream(id), ifMatch,
          List.of(new NewConfigEvent(UPDATED, id, actor, clock.instant(), data)));
      changed(id);
      return new Versioned<>(after, v);
    } catch (VersionConflictException e) {
      throw conflict(id, -1);
    }
  }

  private static TenantException conflict(TenantId id, long now) {
    Problem p = Problem.of(412, "version_conflict", "tenant '" + id + "' changed since it was read"
        + (now >= 0 ? " (it is at version " + now + ")" : "") + "; GET it again and send its ETag in If-Match");
    return new TenantException(now >= 0 ? p.with("currentVersion", now) : p);
  }

  /** The fold: a tenant is the document its last event holds. */
  static Tenant apply(Tenant state, ConfigEvent e) {
    JsonNode after = e.data().get("after");
    if (after == null) {
      return state;
    }
    try {
      return TenantDocument.fromJson(after);
    } catch (TenantException x) {
      throw new IllegalStateException("stream " + e.stream() + " version " + e.version()
          + " holds a tenant that does not read: " + x.getMessage(), x);
    }
  }
}
