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

  private static void add(JsonNode item, List<LogEvent> out) throws IOException {
    if (item.hasNonNull(EventBlock.EVENTS) && item.hasNonNull(EventBlock.TENANT)) {
      out.addAll(EventBlock.events(item));
    }
  }
}
