package io.tributary.functions.azure.cosmos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tributary.event.LogEvent;
import io.tributary.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code logs} items {@link CosmosLogStore} writes for a batch of stored events (its own
 * packing and item encoding, which are package-private: hence this package), grouped as the
 * change feed delivers them to a function, for the change-feed benchmarks in {@code loadtest}.
 */
public final class ChangeFeedItems {

  private ChangeFeedItems() {
  }

  /**
   * The items of {@code events}, one shard per tenant and a week's TTL, as deliveries of at most
   * {@code maxItems} items each (the functions' {@code maxItemsPerInvocation}), in JSON text.
   */
  public static List<String> deliveries(List<LogEvent> events, int maxItems) {
    CosmosLogStore store = new CosmosLogStore(null, CosmosLogStoreOptions.defaults());
    List<String> out = new ArrayList<>();
    ArrayNode current = Json.mapper().createArrayNode();
    for (EventBlock b : store.pack(new ArrayList<>(events))) {
      current.add(b.toItem(7 * 86_400L, b.shard(1)));
      if (current.size() == maxItems) {
        out.add(current.toString());
        current = Json.mapper().createArrayNode();
      }
    }
    if (!current.isEmpty()) {
      out.add(current.toString());
    }
    return out;
  }
}
