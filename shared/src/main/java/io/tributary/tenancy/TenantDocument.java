package io.tributary.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.limits.TenantLimits;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A tenant as the API shows it and as its configuration events store it:
 * {@code {"id","name","plan","limits":{"eventsPerSecond","bytesPerSecond","burstSeconds"},
 * "retention":{"hotDays","coldDays"},"status"}}; {@code limits} and {@code retention} may be left
 * out (or null) for the plan's. Reading checks every field and names the one at fault.
 */
public final class TenantDocument {

  private static final Set<String> FIELDS = Set.of("id", "name", "plan", "limits", "retention", "status");

  private TenantDocument() {
  }

  public static ObjectNode toJson(Tenant t) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("id", t.id().value());
    o.put("name", t.name());
    o.put("plan", t.plan().id());
    if (t.limits() != null) {
      ObjectNode l = o.putObject("limits");
      l.put("eventsPerSecond", t.limits().eventsPerSecond());
      l.put("bytesPerSecond", t.limits().bytesPerSecond());
      l.put("burstSeconds", t.limits().burstSeconds());
    } else {
      o.putNull("limits");
    }
    if (t.retention() != null) {
      ObjectNode r = o.putObject("retention");
      r.put("hotDays", t.retention().hotDays());
      r.put("coldDays", t.retention().coldDays());
    } else {
      o.putNull("retention");
    }
    o.put("status", t.status().id());
    return o;
  }

  /** The document with what is in force filled in (for answers): {@code effectiveLimits}, {@code effectiveRetention}. */
  public static ObjectNode withEffective(Tenant t) {
    ObjectNode o = toJson(t);
    ObjectNode l = o.putObject("effectiveLimits");
    l.put("eventsPerSecond", t.effectiveLimits().eventsPerSecond());
    l.put("bytesPerSecond", t.effectiveLimits().bytesPerSecond());
    l.put("burstSeconds", t.effectiveLimits().burstSeconds());
    ObjectNode r = o.putObject("effectiveRetention");
    r.put("hotDays", t.effectiveRetention().hotDays());
    r.put("coldDays", t.effectiveRetention().coldDays());
    return o;
  }

  public static Tenant fromJson(JsonNode o) throws TenantException {
    if (o == null || !o.isObject()) {
      throw TenantException.invalid("", "a tenant is a JSON object: {\"id\",\"name\",\"plan\",\"limits\",\"retention\",\"status\"}");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      String f = it.next().getKey();
      if (!FIELDS.contains(f)) {
        throw TenantException.invalid(f, "unknown field '" + f + "'; a tenant has " + FIELDS);
      }
    }
    String id = text(o, "id", true);
    if (!TenantId.isValid(id)) {
      throw TenantException.invalid("id", "id must be 1-63 characters of a-z, 0-9, '-' or '_', starting with a letter or digit");
    }
    String name = text(o, "name", false);
    if (name == null) {
      name = id;
    }
    if (name.isBlank() || name.length() > 200) {
      throw TenantException.invalid("name", "name must be 1-200 characters");
    }
    String planId = text(o, "plan", false);
    Plan plan = planId == null ? Plan.STANDARD : Plan.of(planId).orElseThrow(() -> TenantException.invalid("plan",
        "plan '" + planId + "' is not known; use free, standard, enterprise or unlimited"));
    String statusId = text(o, "status", false);
    TenantStatus status = statusId == null ? TenantStatus.ACTIVE : TenantStatus.of(statusId).orElseThrow(() ->
        TenantException.invalid("status", "status must be active or suspended"));
    return new Tenant(TenantId.of(id), name, plan, limits(o.get("limits")), retention(o.get("retention")), status);
  }

  private static TenantLimits limits(JsonNode l) throws TenantException {
    if (l == null || l.isNull()) {
      return null;
    }
    if (!l.isObject()) {
      throw TenantException.invalid("limits", "limits is an object {\"eventsPerSecond\",\"bytesPerSecond\",\"burstSeconds\"}");
    }
    long ev = number(l, "limits.eventsPerSecond", "eventsPerSecond", 1, 100_000_000L);
    long by = number(l, "limits.bytesPerSecond", "bytesPerSecond", 1, 1L << 40);
    long burst = number(l, "limits.burstSeconds", "burstSeconds", 1, 3600);
    return new TenantLimits(ev, by, (int) burst);
  }

  private static Retention retention(JsonNode r) throws TenantException {
    if (r == null || r.isNull()) {
      return null;
    }
    if (!r.isObject()) {
      throw TenantException.invalid("retention", "retention is an object {\"hotDays\",\"coldDays\"}");
    }
    long hot = number(r, "retention.hotDays", "hotDays", 1, 3650);
    long cold = number(r, "retention.coldDays", "coldDays", 1, 3650);
    if (cold < hot) {
      throw TenantException.invalid("retention.coldDays", "coldDays (" + cold + ") must be at least hotDays (" + hot + ")");
    }
    return new Retention((int) hot, (int) cold);
  }

  private static long number(JsonNode o, String path, String field, long min, long max) throws TenantException {
    JsonNode v = o.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw TenantException.invalid(path, path + " must be a whole number from " + min + " to " + max);
    }
    long n = v.asLong();
    if (n < min || n > max) {
      throw TenantException.invalid(path, path + " is " + n + "; it must be from " + min + " to " + max);
    }
    return n;
  }

  private static String text(JsonNode o, String field, boolean required) throws TenantException {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw TenantException.invalid(field, field + " is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw TenantException.invalid(field, field + " must be a string");
    }
    return v.asText();
  }
}
