package io.tributary.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * A rule's group started ({@code firing}) or stopped ({@code resolved}) meeting its condition:
 * what is recorded in the rule's history and sent to its targets.
 *
 * @param id unique per transition, the same wherever it is delivered (receivers de-duplicate on it)
 * @param group the group's value ({@code groupBy}), or null for a rule without groups
 * @param count the matches in the window when it was decided
 * @param threshold the count the condition compares with
 * @param samples up to 10 of the window's matching events, newest last
 * @param query a {@code POST /api/logs/query} body that finds the window's matches of the group
 */
public record AlertTransition(String id, TenantId tenant, String ruleId, String ruleName, State state, String group,
    Instant windowStart, Instant windowEnd, long count, long threshold, List<LogEvent> samples, ObjectNode query,
    Instant at, String detail) {

  /**
   * As JSON: {@code id, ruleId, ruleName, state, group, windowStart, windowEnd, count, threshold,
   * at, detail, query}, and {@code samples} (as the query API writes events) when asked for.
   */
  public com.fasterxml.jackson.databind.node.ObjectNode toJson(boolean withSamples) {
    com.fasterxml.jackson.databind.node.ObjectNode o = io.tributary.json.Json.mapper().createObjectNode();
    o.put("id", id);
    o.put("ruleId", ruleId);
    o.put("ruleName", ruleName);
    o.put("state", state.wire());
    o.put("group", group);
    o.put("windowStart", windowStart.toString());
    o.put("windowEnd", windowEnd.toString());
    o.put("count", count);
    o.put("threshold", threshold);
    o.put("at", at.toString());
    o.put("detail", detail);
    o.set("query", query.deepCopy());
    if (!withSamples) {
      return o;
    }
    com.fasterxml.jackson.databind.node.ArrayNode s = o.putArray("samples");
    for (LogEvent e : samples) {
      com.fasterxml.jackson.databind.util.TokenBuffer b =
          new com.fasterxml.jackson.databind.util.TokenBuffer(io.tributary.json.Json.mapper(), false);
      try {
        io.tributary.event.EventJson.write(e, b);
        s.add((com.fasterxml.jackson.databind.JsonNode) io.tributary.json.Json.mapper().readTree(b.asParser()));
      } catch (java.io.IOException x) {
        throw new java.io.UncheckedIOException(x);
      }
    }
    return o;
  }

  /** What happened to the condition. */
  public enum State {
    FIRING("firing"), RESOLVED("resolved");

    private final String wire;

    State(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }
}
