package io.tributary.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.json.Json;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryException;
import io.tributary.query.QueryRequest;
import io.tributary.alert.delivery.NotifyTarget;
import io.tributary.alert.delivery.NotifyTargetException;
import java.util.List;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

/**
 * An alert rule's JSON document, read and checked; every error is a 400 {@code invalid_alert} (or,
 * in {@code query}, the query API's own code) naming the field and saying what to write instead.
 * <pre>
 * {"name": "payment errors",
 *  "query": {"q": "service:billing severity:>=error"},
 *  "condition": {"type": "threshold", "count": 5, "window": "1m", "groupBy": "host"},
 *  "cooldown": "10m",
 *  "notify": [{"type": "webhook", "url": "https://…", "secret": "…"}],
 *  "enabled": true}
 * </pre>
 * {@code notify} is read by {@link NotifyTarget#parseAll} (400 {@code invalid_notify} naming the
 * target's field). Defaults: {@code cooldown} 5m, {@code enabled} true, {@code notify} none (the
 * rule then only records its history); for {@code rateChange} {@code factor} 3, {@code baseline} ten windows,
 * {@code direction} up, {@code count} 10 (the fewest baseline matches for a rate to count).
 */
public final class AlertRuleDocument {

  static final int MAX_NAME = 200;
  static final Duration MIN_WINDOW = Duration.ofSeconds(10);
  static final Duration MAX_WINDOW = Duration.ofHours(24);
  static final Duration MAX_BASELINE = Duration.ofDays(7);
  static final Duration MAX_COOLDOWN = Duration.ofHours(24);
  static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(5);
  private static final Set<String> FIELDS = Set.of("id", "name", "query", "condition", "cooldown", "notify", "enabled",
      "version");
  private static final Set<String> CONDITION_FIELDS = Set.of("type", "count", "window", "groupBy", "factor", "baseline",
      "direction");
  private static final Set<String> QUERY_IGNORED = Set.of("limit", "order", "fields", "last", "from", "to");

  private AlertRuleDocument() {
  }

  /** Reads the rule {@code id} from {@code doc}; {@code id} and {@code version} in the document are ignored. */
  public static AlertRule fromJson(String id, JsonNode doc) throws AlertException {
    if (doc == null || !doc.isObject()) {
      throw AlertException.invalid("", "send the rule as a JSON object with name, query, condition and notify");
    }
    for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw AlertException.invalid(f, "unknown field '" + f + "'; a rule has name, query, condition, cooldown,"
            + " notify and enabled");
      }
    }
    JsonNode name = doc.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > MAX_NAME) {
      throw AlertException.invalid("name", "name must be text of 1-" + MAX_NAME + " characters");
    }
    ObjectNode query = query(doc.get("query"));
    LogQuery compiled = compile(query);
    AlertCondition condition = condition(doc.get("condition"));
    Duration cooldown = DEFAULT_COOLDOWN;
    if (doc.hasNonNull("cooldown")) {
      cooldown = duration("cooldown", doc.get("cooldown"), Duration.ZERO, MAX_COOLDOWN, true);
    }
    // Read once: the targets as the dispatcher uses them, and the array as written, to store.
    List<NotifyTarget> targets = targets(doc.get("notify"));
    ArrayNode notify = Json.mapper().createArrayNode();
    if (!targets.isEmpty()) {
      notify.addAll((ArrayNode) doc.get("notify").deepCopy());
    }
    boolean enabled = true;
    if (doc.has("enabled")) {
      if (!doc.get("enabled").isBoolean()) {
        throw AlertException.invalid("enabled", "enabled must be true or false");
      }
      enabled = doc.get("enabled").asBoolean();
    }
    return new AlertRule(id, name.asText(), query, compiled, condition, cooldown, notify, targets, enabled);
  }

  /** The rule as a document: what {@link #fromJson} reads back to the same rule, defaults written out. */
  public static ObjectNode toJson(AlertRule r) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("id", r.id());
    o.put("name", r.name());
    o.set("query", r.query().deepCopy());
    AlertCondition c = r.condition();
    ObjectNode cond = o.putObject("condition");
    cond.put("type", c.type().wire());
    if (c.type() != AlertCondition.Type.NEW_PATTERN) {
      cond.put("count", c.count());
    }
    cond.put("window", text(c.window()));
    if (c.groupBy() != null) {
      cond.put("groupBy", c.groupBy());
    }
    if (c.type() == AlertCondition.Type.RATE_CHANGE) {
      cond.put("factor", c.factor());
      cond.put("baseline", text(c.baseline()));
      cond.put("direction", c.direction().wire());
    }
    o.put("cooldown", text(r.cooldown()));
    o.set("notify", r.targets().deepCopy());
    o.put("enabled", r.enabled());
    return o;
  }

  /** The document without the targets' secrets, as the API shows a rule. */
  public static ObjectNode redacted(AlertRule r) {
    ObjectNode o = toJson(r);
    for (JsonNode t : o.withArray("notify")) {
      if (t.has("secret")) {
        ((ObjectNode) t).put("secret", "***");
      }
    }
    return o;
  }

  private static ObjectNode query(JsonNode q) throws AlertException {
    if (q == null || q.isNull()) {
      return Json.mapper().createObjectNode();
    }
    if (!q.isObject()) {
      throw AlertException.invalid("query", "query must be an object as POST /api/logs/query takes, such as"
          + " {\"q\": \"severity:>=error\"}");
    }
    if (q.has("cursor")) {
      throw AlertException.invalid("query.cursor", "a rule's query cannot have a cursor");
    }
    ObjectNode copy = ((ObjectNode) q).deepCopy();
    copy.remove(QUERY_IGNORED);
    return copy;
  }

  private static LogQuery compile(ObjectNode query) throws AlertException {
    try {
      return QueryRequest.read(query.deepCopy()).query();
    } catch (QueryException e) {
      Object field = e.problem().extensions().get("field");
      throw new AlertException(e.problem().with("field", "query" + (field == null ? "" : "." + field)));
    }
  }

  private static AlertCondition condition(JsonNode c) throws AlertException {
    if (c == null || !c.isObject()) {
      throw AlertException.invalid("condition", "condition must be an object such as {\"type\": \"threshold\","
          + " \"count\": 5, \"window\": \"1m\"}");
    }
    for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!CONDITION_FIELDS.contains(f)) {
        throw AlertException.invalid("condition." + f, "unknown field '" + f + "' in condition; it has type, count,"
            + " window, groupBy, and for rateChange factor, baseline and direction");
      }
    }
    JsonNode typeNode = c.get("type");
    AlertCondition.Type type = typeNode != null && typeNode.isTextual() ? AlertCondition.Type.of(typeNode.asText())
        : null;
    if (type == null) {
      throw AlertException.invalid("condition.type", "condition.type must be threshold, absence, rateChange or"
          + " newPattern");
    }
    if (!c.has("window")) {
      throw AlertException.invalid("condition.window", "condition.window is required: how far back to count, such"
          + " as \"1m\" or \"15m\" (" + text(MIN_WINDOW) + " to " + text(MAX_WINDOW) + ")");
    }
    Duration window = duration("condition.window", c.get("window"), MIN_WINDOW, MAX_WINDOW, false);
    long count = 1;
    if (type == AlertCondition.Type.RATE_CHANGE) {
      count = 10;
    }
    if (type == AlertCondition.Type.NEW_PATTERN) {
      if (c.has("count")) {
        throw AlertException.invalid("condition.count", "a newPattern condition has no count: it fires on the first"
            + " event of a template the rule has not seen");
      }
    } else if (c.has("count")) {
      JsonNode n = c.get("count");
      if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > 1_000_000_000L) {
        throw AlertException.invalid("condition.count", "condition.count must be a whole number from 1 to 1000000000");
      }
      count = n.asLong();
    } else if (type != AlertCondition.Type.RATE_CHANGE) {
      throw AlertException.invalid("condition.count", "condition.count is required for " + type.wire() + ": "
          + (type == AlertCondition.Type.THRESHOLD ? "fire at this many matches in the window"
              : "fire when the window has fewer matches than this"));
    }
    String groupBy = null;
    if (c.hasNonNull("groupBy")) {
      JsonNode g = c.get("groupBy");
      if (!g.isTextual() || !g.asText().matches("[A-Za-z_][A-Za-z0-9_.\\-]{0,99}")) {
        throw AlertException.invalid("condition.groupBy", "condition.groupBy must be one field: service, host,"
            + " severity, pattern or an attribute name");
      }
      groupBy = g.asText();
    }
    double factor = 0;
    Duration baseline = null;
    AlertCondition.Direction direction = null;
    if (type == AlertCondition.Type.RATE_CHANGE) {
      factor = 3;
      if (c.has("factor")) {
        JsonNode f = c.get("factor");
        if (!f.isNumber() || !(f.asDouble() > 1) || f.asDouble() > 1_000_000) {
          throw AlertException.invalid("condition.factor", "condition.factor must be a number above 1, such as 3"
              + " (the window's rate 3 times the baseline's, or a third of it)");
        }
        factor = f.asDouble();
      }
      baseline = window.multipliedBy(10);
      if (baseline.compareTo(MAX_BASELINE) > 0) {
        baseline = MAX_BASELINE;
      }
      if (c.has("baseline")) {
        baseline = duration("condition.baseline", c.get("baseline"), window.multipliedBy(2), MAX_BASELINE, false);
      }
      direction = AlertCondition.Direction.UP;
      if (c.has("direction")) {
        JsonNode d = c.get("direction");
        direction = d.isTextual() ? AlertCondition.Direction.of(d.asText()) : null;
        if (direction == null) {
          throw AlertException.invalid("condition.direction", "condition.direction must be up, down or both");
        }
      }
    } else {
      for (String f : new String[] {"factor", "baseline", "direction"}) {
        if (c.has(f)) {
          throw AlertException.invalid("condition." + f, "condition." + f + " applies to rateChange only");
        }
      }
    }
    return new AlertCondition(type, count, window, groupBy, factor, baseline, direction);
  }

  /** The targets of a {@code notify} array, read and checked by {@link NotifyTarget#parseAll}. */
  private static List<NotifyTarget> targets(JsonNode n) throws AlertException {
    if (n == null || n.isNull() || (n.isArray() && n.isEmpty())) {
      return List.of();
    }
    try {
      return NotifyTarget.parseAll(n);
    } catch (NotifyTargetException e) {
      throw new AlertException(e.problem());
    }
  }

  private static Duration duration(String field, JsonNode v, Duration min, Duration max, boolean zeroAllowed)
      throws AlertException {
    Duration d = null;
    if (v != null && v.isTextual()) {
      String s = v.asText().trim();
      d = zeroAllowed && s.matches("0+(ms|s|m|h|d)?") ? Duration.ZERO : QueryRequest.duration(s);
    }
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw AlertException.invalid(field, field + " must be a duration such as \"30s\", \"5m\" or \"1h\", from "
          + text(min) + " to " + text(max));
    }
    return d;
  }

  /** A duration as the documents write it: the largest whole unit. */
  static String text(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] names = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    return ms + "ms";
  }
}
