package io.tributary.functions.azure.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.Test;

/**
 * Pins the Cosmos item of the {@code logs} container: a committed item (written by the version of
 * {@link EventBlock} the fixture names) must read back to the same events, and packing those
 * events again must give the same item, field for field ({@code ev}, a zstd frame whose bytes may
 * vary with the zstd library, is compared by its decoded events). To write a new fixture after a
 * deliberate format change, add a version, run {@link #writeFixture} once with
 * {@code -Dgolden.write=true} and commit the file.
 */
class CosmosItemGoldenTest {

  /** Items as written now (v2: the item id hashes each event's id with its ingest time). */
  /** Version 3 adds {@code shard}, the third level of the partition key. */
  private static final String FIXTURE = "golden/cosmos-logs-item-v3.json";
  private static final String FIXTURE_V2 = "golden/cosmos-logs-item-v2.json";
  /** Items written before (v1: the item id hashed the event ids alone); still read the same. */
  private static final String FIXTURE_V1 = "golden/cosmos-logs-item-v1.json";
  private static final TenantId ACME = TenantId.of("acme");
  private static final long T = 1_764_000_000_000_000_000L;

  static List<LogEvent> events() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("order.id", 17L);
    attrs.put("ratio", 0.25);
    attrs.put("ok", true);
    attrs.put("path", "/api/v1/orders");
    return List.of(
        new LogEvent("01KB0000000000000000000001", ACME, EventKind.STRUCTURED, T, T + 5_000_000L, Severity.ERROR,
            "err", "billing", "web-1", "card declined for order 17", attrs, "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7", "p-1a2b", "card declined for order <*>"),
        new LogEvent("client-id.42", ACME, EventKind.TEXT, T + 1_000_000L, T + 6_000_000L, Severity.INFO, null,
            "billing", "web-2", "GET /health 200 3ms", Map.of(), null, null, null, null),
        new LogEvent("01KB0000000000000000000003", ACME, EventKind.STRUCTURED, T + 2_000_000L, T + 7_000_000L,
            Severity.FATAL, "CRIT", "auth", "web-1", "ünïcödé ✓ 漢字", Map.of("user", "o'brien"), null, null,
            null, null));
  }

  private static ObjectNode item() {
    EventBlock b = EventBlock.of(ACME, Math.floorDiv(T, 86_400_000_000_000L), events());
    return b.toItem(604_800, b.shard(20));
  }

  @Test
  void theCommittedItemReadsBackToItsEvents() throws IOException {
    assertEquals(events(), EventBlock.events(fixture()));
  }

  @Test
  void anItemOfTheSecondVersionStillReadsBackToItsEvents() throws IOException {
    assertEquals(events(), EventBlock.events(fixture(FIXTURE_V2)));
  }

  @Test
  void anItemOfTheFirstVersionStillReadsBackToItsEvents() throws IOException {
    assertEquals(events(), EventBlock.events(fixture(FIXTURE_V1)));
  }

  @Test
  void packingTheEventsAgainGivesTheCommittedItem() throws IOException {
    ObjectNode fixture = fixture().deepCopy();
    // Through text, as the service returns it (numbers typed as read, not as built).
    ObjectNode now = (ObjectNode) Json.mapper().readTree(Json.bytes(item()));
    assertEquals(EventBlock.events(fixture), EventBlock.events(now));
    fixture.remove(EventBlock.EVENTS);
    now.remove(EventBlock.EVENTS);
    assertEquals(fixture, now);
  }

  private static JsonNode fixture() throws IOException {
    return fixture(FIXTURE);
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = CosmosItemGoldenTest.class.getClassLoader().getResourceAsStream(name)) {
      return Json.mapper().readTree(in);
    }
  }

  /** Writes the fixture: run once after a deliberate format change, with a new version ({@code -Dgolden.write=true}). */
  @EnabledIfSystemProperty(named = "golden.write", matches = "true")
  @Test
  void writeFixture() throws IOException {
    Files.write(Path.of("src/test/resources", FIXTURE), Json.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(item()));
  }
}
