package io.tributary.functions.azure.cosmos;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.LogEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what the {@code logs} container's change feed delivers: items written by
 * {@link CosmosLogStore}, each an {@link EventBlock} of one tenant and day. Items without events
 * (none are written today) are passed over rather than failing the batch.
 */
public final class CosmosChangeFeed {

  private CosmosChangeFeed() {
  }

  /** The events of the items of one change-feed delivery (a JSON array, or one item). */
  public static List<LogEvent> events(JsonNode items) throws IOException {
    List<LogEvent> out = new ArrayList<>();
    if (items.isArray()) {
      for (JsonNode item : items) {
        add(item, out);
      }
    } else if (items.isObject()) {
      add(items, out);
    }
    return out;
  }

  /**
   * The distinct trace contexts ({@code traceparent}) of the store writes that made the items of
   * one delivery, in the order first seen; items written untraced have none.
   */
  public static List<String> traceparents(JsonNode items) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    if (items.isArray()) {
      for (JsonNode item : items) {
        traceparent(item, out);
      }
    } else if (items.isObject()) {
      traceparent(items, out);
    }
    return new ArrayList<>(out);
  }

  /** How many items one delivery holds. */
  public static int items(JsonNode items) {
    return items.isArray() ? items.size() : items.isObject() ? 1 : 0;
  }

  private static void traceparent(JsonNode item, java.util.Set<String> out) {
    JsonNode tp = item.get(EventBlock.TRACEPARENT);
    if (tp != null && tp.isTextual()) {
      out.add(tp.asText());
    }
  }

  /** How many distinct tenants {@code events} are of. */
  public static int tenants(List<LogEvent> events) {
    java.util.HashSet<io.tributary.event.TenantId> t = new java.util.HashSet<>();
    for (LogEvent e : events) {
      t.add(e.tenant());
    }
    return t.size();
  }

  private static void add(JsonNode item, List<LogEvent> out) throws IOException {
    if (item.hasNonNull(EventBlock.EVENTS) && item.hasNonNull(EventBlock.TENANT)) {
      out.addAll(EventBlock.events(item));
    }
  }
}
