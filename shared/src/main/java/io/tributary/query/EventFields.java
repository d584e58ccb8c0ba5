package io.tributary.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.tributary.event.EventJson;
import io.tributary.event.LogEvent;
import io.tributary.json.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The projection of a query's {@code "fields":[…]}: which fields of each event the answer carries.
 * A name is one of the event's JSON fields ({@link EventJson}) or {@code attributes.NAME} for one
 * attribute. {@code id} and {@code timestamp} are always kept: they are the event's identity and
 * its place in the order, what a client needs to link to it or page on.
 */
public final class EventFields {

  /** The event's JSON fields, in the order {@link EventJson} writes them. */
  public static final List<String> NAMES = List.of("id", "timestamp", "ingestedAt", "severity", "severityText",
      "service", "host", "message", "attributes", "traceId", "spanId", "patternId", "template");
  /** Most names one projection may list. */
  public static final int MAX_FIELDS = 100;

  private EventFields() {
  }

  /** {@code names}, checked: each an event field or {@code attributes.NAME}. */
  public static List<String> check(List<String> names) throws QueryException {
    if (names.isEmpty()) {
      throw QueryException.field("fields", "fields must list at least one field; leave it out for whole events");
    }
    for (String n : names) {
      boolean attribute = n.startsWith("attributes.") && n.length() > "attributes.".length();
      if (!attribute && !NAMES.contains(n)) {
        throw QueryException.field("fields", "'" + n + "' is not an event field; use " + String.join(", ", NAMES)
            + ", or attributes.NAME for one attribute");
      }
    }
    return List.copyOf(new LinkedHashSet<>(names));
  }

  /** Writes {@code e} as JSON with only the fields listed (all of them when {@code fields} is null). */
  public static void write(LogEvent e, List<String> fields, JsonGenerator g) throws IOException {
    if (fields == null) {
      EventJson.write(e, g);
      return;
    }
    TokenBuffer buffer = new TokenBuffer(Json.mapper(), false);
    EventJson.write(e, buffer);
    ObjectNode whole = (ObjectNode) Json.mapper().readTree(buffer.asParser());
    Set<String> keep = new LinkedHashSet<>(List.of("id", "timestamp"));
    Set<String> attributes = new LinkedHashSet<>();
    for (String f : fields) {
      if (f.startsWith("attributes.")) {
        attributes.add(f.substring("attributes.".length()));
      } else {
        keep.add(f);
      }
    }
    ObjectNode out = Json.mapper().createObjectNode();
    for (String name : NAMES) {
      JsonNode v = whole.get(name);
      if (v == null) {
        continue;
      }
      if (keep.contains(name)) {
        out.set(name, v);
      } else if (name.equals("attributes") && !attributes.isEmpty()) {
        ObjectNode some = out.putObject("attributes");
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
          String a = it.next();
          if (attributes.contains(a)) {
            some.set(a, v.get(a));
          }
        }
      }
    }
    Json.mapper().writeTree(g, out);
  }
}
