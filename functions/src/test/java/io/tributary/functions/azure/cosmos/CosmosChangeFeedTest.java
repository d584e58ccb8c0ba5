package io.tributary.functions.azure.cosmos;

import static io.tributary.testing.TestEvents.T0;
import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CosmosChangeFeedTest {

  @Test
  void theEventsOfEveryBlockInADeliveryComeBackAndOtherItemsArePassedOver() throws Exception {
    TenantId acme = TenantId.of("acme");
    List<LogEvent> a = List.of(event(acme, "a1", T0, Severity.ERROR, "s", "h", "one", Map.of()),
        event(acme, "a2", T0 + 1, Severity.INFO, "s", "h", "two", Map.of()));
    List<LogEvent> b = List.of(event(TenantId.of("globex"), "b1", T0, Severity.WARN, "s", "h", "three", Map.of()));
    ArrayNode delivery = Json.mapper().createArrayNode();
    delivery.add(EventBlock.of(acme, a.get(0).epochDay(), a).toItem(0));
    delivery.addObject().put("id", "not-a-block");
    delivery.add(EventBlock.of(TenantId.of("globex"), b.get(0).epochDay(), b).toItem(3600));
    List<LogEvent> got = CosmosChangeFeed.events(delivery);
    assertEquals(List.of(a.get(0), a.get(1), b.get(0)), got);
  }
}
