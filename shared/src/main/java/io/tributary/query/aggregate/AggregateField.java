package io.tributary.query.aggregate;

import io.tributary.event.LogEvent;
import io.tributary.query.QueryException;
import io.tributary.query.QueryReasons;
import io.tributary.http.Problem;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A field events are grouped or split by: {@code severity}, {@code service}, {@code host},
 * {@code pattern} (the mined template's id), or an attribute, named {@code attributes.NAME} or by
 * its bare name when that is not one of the event's own fields.
 *
 * @param name the name as the request gave it, which the answer's keys use
 * @param kind what the field reads
 * @param attribute the attribute's name for {@link Kind#ATTRIBUTE}, else null
 */
public record AggregateField(String name, Kind kind, String attribute) {

  /** What a field reads of an event. */
  public enum Kind { SEVERITY, SERVICE, HOST, PATTERN, ATTRIBUTE }

  /** Event fields that are not groups: unique per event, or text. */
  private static final List<String> NOT_GROUPS = List.of("id", "timestamp", "ingestedAt", "severityText", "message",
      "attributes", "traceId", "spanId", "patternId", "template");
  private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9_.@:-]{1,128}");

  /**
   * {@code name} read as a field of {@code parameter} ("groupBy", "histogram.by").
   *
   * @throws QueryException 400 {@code invalid_field} for an event field that cannot be a group
   *     (message, id, …) or a name that cannot be an attribute's
   */
  static AggregateField of(String parameter, String name) throws QueryException {
    switch (name) {
      case "severity": return new AggregateField(name, Kind.SEVERITY, null);
      case "service": return new AggregateField(name, Kind.SERVICE, null);
      case "host": return new AggregateField(name, Kind.HOST, null);
      case "pattern": return new AggregateField(name, Kind.PATTERN, null);
      default: break;
    }
    if (NOT_GROUPS.contains(name)) {
      throw invalid(parameter, "'" + name + "' cannot group events (it is text or unique per event); group by"
          + " severity, service, host, pattern or an attribute (attributes.NAME)");
    }
    String attribute = name.startsWith("attributes.") ? name.substring("attributes.".length()) : name;
    if (!ATTRIBUTE.matcher(attribute).matches()) {
      throw invalid(parameter, "'" + name + "' is not a field: use severity, service, host, pattern or"
          + " attributes.NAME (NAME of 1-128 letters, digits and _ . @ : -)");
    }
    return new AggregateField(name, Kind.ATTRIBUTE, attribute);
  }

  /** This field's value in {@code e} as text; null when the event has none. */
  public String valueOf(LogEvent e) {
    return switch (kind) {
      case SEVERITY -> e.severity() == null ? null : e.severity().name();
      case SERVICE -> e.service();
      case HOST -> e.host();
      case PATTERN -> e.patternId();
      case ATTRIBUTE -> {
        Object v = e.attributes().get(attribute);
        yield v == null ? null : String.valueOf(v);
      }
    };
  }

  static QueryException invalid(String parameter, String detail) {
    return new QueryException(Problem.of(400, QueryReasons.INVALID_FIELD, detail).with("field", parameter));
  }
}
