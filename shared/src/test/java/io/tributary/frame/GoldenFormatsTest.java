package io.tributary.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.ingest.FrameEvents;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The frame and event-row formats are pinned: every committed fixture under
 * {@code src/test/resources/golden} (written once by {@link GoldenFixturesWriter}) still reads to
 * the events spelled out here, and today's encoder still writes the same bytes from the same
 * inputs. Where FrameCodec compresses the payload itself (zstd level 1), the header is compared
 * byte for byte and the payload once decompressed, since zstd's output may change between library
 * versions without changing the format; a client's gzip or zstd body is carried as sent, so those
 * frames are compared whole. Uncompressed frames and version 1 frames are never written now, only
 * read. A failure here means a format changed: add a version and keep the old one readable,
 * never rewrite a fixture to make this pass.
 */
class GoldenFormatsTest {

  private static final long INGESTED = GoldenInputs.INGESTED;
  private static final long UNSET = LogEvent.UNSET_TIME;

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = GoldenFormatsTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture golden/" + name);
      }
      return in.readAllBytes();
    }
  }

  private static LogEvent ev(String id, EventKind kind, long time, Severity severity, String severityText,
      String service, String host, String message, Map<String, Object> attrs, String traceId, String spanId) {
    return new LogEvent(id, GoldenInputs.TENANT, kind, time, INGESTED, severity, severityText, service, host, message,
        attrs, traceId, spanId, null, null);
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The two valid NDJSON items: the first with its sequence number's id, the second with its own. */
  private static List<LogEvent> ndjsonEvents(String firstId) {
    return List.of(
        ev(firstId, EventKind.STRUCTURED, 1_795_593_540_123_000_000L, Severity.WARN, "warning", "billing", "web-2",
            "disk 91% full", map("user.id", 42L, "user.name", "ann", "ratio", 0.5, "ok", true, "off", false,
                "tags", "[\"a\",1.50]", "big", "123456789012345678901234567890"), "t1", "s1"),
        ev("order-17:attempt", EventKind.STRUCTURED, 1_764_057_540_000_000_000L, Severity.ERROR, "17", "checkout",
            "web-1", "second ünïcødé \uD83D\uDE00", Map.of(), null, null));
  }

  private static List<LogEvent> textEvents() {
    return List.of(
        ev("01J9D3PK2X28T028T5CW000000", EventKind.TEXT, UNSET, Severity.WARN, null, "checkout", "web-1", "first line",
            Map.of(), null, null),
        ev("01J9D3PK2X28T028T5CW000001", EventKind.TEXT, UNSET, Severity.WARN, null, "checkout", "web-1",
            "  second line ", Map.of(), null, null),
        ev("01J9D3PK2X28T028T5CW000002", EventKind.TEXT, UNSET, Severity.WARN, null, "checkout", "web-1", "third",
            Map.of(), null, null));
  }

  private static List<LogEvent> expected(PayloadLayout layout) {
    switch (layout.code()) {
      case 0: return ndjsonEvents("01J9D3PK2X28T028T5CW000000"); // NDJSON_BODY
      case 3: return ndjsonEvents("01J9D3PK2X28T028T5CW000005"); // JSON_ITEMS
      case 1: case 4: return textEvents(); // TEXT_BODY, TEXT_ITEMS
      case 2: return List.of( // JSON_BODY
          ev("01J9D3PK2X28T028T5CW000000", EventKind.STRUCTURED, UNSET, Severity.INFO, "30", "checkout", "web-1", "a",
              Map.of(), null, null),
          ev("01J9D3PK2X28T028T5CW000001", EventKind.STRUCTURED, UNSET, Severity.WARN, null, "checkout", "h9", "b",
              map("k", "v", "n", -7L), null, null));
      default: throw new IllegalArgumentException(layout.name());
    }
  }

  private static void assertEvents(List<LogEvent> expected, List<LogEvent> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), what + " event " + i);
      assertEquals(List.copyOf(expected.get(i).attributes().entrySet()),
          List.copyOf(actual.get(i).attributes().entrySet()), what + " event " + i + " attributes in order");
    }
  }

  @Test
  void everyVersion2FixtureReadsToItsEvents() throws IOException {
    for (PayloadLayout layout : PayloadLayout.values()) {
      if (layout == PayloadLayout.EVENT_ROWS) {
        continue;
      }
      boolean body = layout != PayloadLayout.JSON_ITEMS && layout != PayloadLayout.TEXT_ITEMS;
      for (GoldenInputs.How how : GoldenInputs.How.values()) {
        if (!body && (how == GoldenInputs.How.CLIENT_GZIP || how == GoldenInputs.How.CLIENT_ZSTD)) {
          continue;
        }
        String name = GoldenInputs.fixture(layout, how);
        byte[] f = fixture(name);
        DecodedFrame d = FrameEvents.decode(f);
        assertEquals(0, d.unreadable(), name);
        assertEquals(GoldenInputs.TENANT, d.tenant(), name);
        assertEquals(INGESTED, d.ingestedNanos(), name);
        assertEvents(expected(layout), d.events(), name);
        FrameHeader h = FrameCodec.read(f).header();
        assertEquals(layout, h.layout(), name);
        assertArrayEquals(body ? GoldenInputs.skip(layout) : new int[0], h.skip(), name);
        assertEquals(FrameCodec.read(f).payload().length, FrameCodec.rawLength(f), name);
      }
    }
  }

  @Test
  void todaysEncoderWritesTheVersion2FixturesAgain() throws IOException {
    FrameCodec codec = new FrameCodec();
    for (PayloadLayout layout : new PayloadLayout[] {PayloadLayout.NDJSON_BODY, PayloadLayout.TEXT_BODY,
        PayloadLayout.JSON_BODY}) {
      FrameHeader h = GoldenInputs.header(layout, GoldenInputs.skip(layout), 0);
      byte[] body = GoldenInputs.body(layout);
      assertSameFrame(fixture(GoldenInputs.fixture(layout, GoldenInputs.How.ZSTD)),
          codec.encodeBody(h, PayloadCodec.NONE, body, body.length));
      for (GoldenInputs.How how : new GoldenInputs.How[] {GoldenInputs.How.CLIENT_GZIP, GoldenInputs.How.CLIENT_ZSTD}) {
        byte[] golden = fixture(GoldenInputs.fixture(layout, how));
        byte[] sent = Arrays.copyOfRange(golden, FrameCodec.payloadOffset(golden), golden.length);
        PayloadCodec c = how == GoldenInputs.How.CLIENT_GZIP ? PayloadCodec.GZIP : PayloadCodec.ZSTD;
        assertArrayEquals(golden, codec.encodeBody(h, c, sent, body.length), GoldenInputs.fixture(layout, how));
      }
    }
    for (PayloadLayout layout : new PayloadLayout[] {PayloadLayout.JSON_ITEMS, PayloadLayout.TEXT_ITEMS}) {
      int first = layout == PayloadLayout.JSON_ITEMS ? GoldenInputs.JSON_ITEMS_FIRST_SEQ : 0;
      int n = GoldenInputs.itemCount(layout);
      int[] ranges = new int[2 * n];
      byte[] body = GoldenInputs.itemsBody(layout, ranges);
      List<byte[]> frames = codec.encodeItems(GoldenInputs.header(layout, new int[0], first), body, ranges, n);
      assertEquals(1, frames.size());
      assertSameFrame(fixture(GoldenInputs.fixture(layout, GoldenInputs.How.ZSTD)), frames.get(0));
    }
  }

  /** Same header bytes, same payload once decompressed (FrameCodec's own zstd output may vary by version). */
  private static void assertSameFrame(byte[] golden, byte[] written) {
    int at = FrameCodec.payloadOffset(golden);
    assertEquals(at, FrameCodec.payloadOffset(written), "header length");
    assertArrayEquals(Arrays.copyOf(golden, at), Arrays.copyOf(written, at), "header bytes");
    assertArrayEquals(FrameCodec.read(golden).payload(), FrameCodec.read(written).payload(), "payload");
  }

  static final String TRACED_FIXTURE = "frame-v3-ndjson_body-zstd-traced.bin";
  static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  /** A traced request's frame: version 2 plus the traceparent after the skip list. */
  private static byte[] tracedFrame() {
    FrameHeader h = GoldenInputs.header(PayloadLayout.NDJSON_BODY, GoldenInputs.skip(PayloadLayout.NDJSON_BODY), 0)
        .withTraceparent(TRACEPARENT);
    byte[] body = GoldenInputs.body(PayloadLayout.NDJSON_BODY);
    return new FrameCodec().encodeBody(h, PayloadCodec.NONE, body, body.length);
  }

  @Test
  void version3FramesCarryTheirTraceAndAreWrittenAgainByteForByte() throws IOException {
    byte[] golden = fixture(TRACED_FIXTURE);
    assertEquals(3, golden[2]);
    assertEquals(TRACEPARENT, FrameCodec.traceparent(golden));
    assertEquals(TRACEPARENT, FrameCodec.read(golden).header().traceparent());
    DecodedFrame d = FrameEvents.decode(golden);
    assertEvents(expected(PayloadLayout.NDJSON_BODY), d.events(), TRACED_FIXTURE);
    assertSameFrame(golden, tracedFrame());
    // The same request untraced is the version 2 fixture.
    assertEquals(2, fixture(GoldenInputs.fixture(PayloadLayout.NDJSON_BODY, GoldenInputs.How.ZSTD))[2]);
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "golden.write", matches = "true")
  void writeTheTracedFixture() throws IOException {
    java.nio.file.Files.write(java.nio.file.Path.of("src/test/resources/golden", TRACED_FIXTURE), tracedFrame());
  }

  @Test
  void version1FramesOfEventRowsAreStillRead() throws IOException {
    for (String name : new String[] {"frame-v1-event_rows-zstd.bin", "frame-v1-event_rows-none.bin"}) {
      byte[] f = fixture(name);
      DecodedFrame d = FrameEvents.decode(f);
      assertEquals(GoldenInputs.TENANT, d.tenant(), name);
      assertEquals(INGESTED, d.ingestedNanos(), name);
      assertEvents(expectedRows(), d.events(), name);
      assertEquals(PayloadLayout.EVENT_ROWS, FrameCodec.read(f).header().layout());
    }
  }

  @Test
  void eventRowsReadToTheirEventsAndAreWrittenAgainByteForByte() throws IOException {
    byte[] golden = fixture("event-rows.bin");
    List<LogEvent> expected = expectedRows();
    ByteReader r = new ByteReader(golden, 0, golden.length);
    List<LogEvent> read = new java.util.ArrayList<>();
    while (r.hasRemaining()) {
      read.add(EventCodec.read(r, GoldenInputs.TENANT, INGESTED));
    }
    assertEvents(expected, read, "event-rows.bin");
    ByteWriter w = new ByteWriter(16);
    EncodedRows rows = new EncodedRows(16);
    for (LogEvent e : expected) {
      EventCodec.write(e, w);
      rows.add(e);
    }
    assertArrayEquals(golden, w.toByteArray(), "EventCodec");
    assertArrayEquals(golden, Arrays.copyOf(rows.array(), rows.end(rows.count() - 1)), "EncodedRows");
  }

  /** The events of event-rows.bin, spelled out (not taken from {@link GoldenInputs#rows()}). */
  private static List<LogEvent> expectedRows() {
    List<LogEvent> out = new java.util.ArrayList<>();
    out.add(new LogEvent("01JDQ7X0ABCDEFGHJKMNPQRSTV", GoldenInputs.TENANT, EventKind.STRUCTURED,
        1_764_057_540_123_000_000L, INGESTED, Severity.ERROR, "err", "billing", "web-2", "disk 91% full ünï \uD83D\uDE00",
        map("s", "value ünï 日本 \uD83D\uDE00", "l", 42L, "n", -7L, "max", Long.MAX_VALUE, "min", Long.MIN_VALUE,
            "d", 0.5, "negzero", -0.0, "tiny", Double.MIN_VALUE, "t", true, "f", false, "empty", ""),
        "trace-1", "span-1", "p-17", "disk <*> full"));
    out.add(new LogEvent("order-17:attempt", GoldenInputs.TENANT, EventKind.TEXT, UNSET, INGESTED, null, null, null,
        null, "", Map.of(), null, null, null, null));
    String[] names = {"trace", "debug", "info", "warn", "error", "fatal"};
    Severity[] levels = {Severity.TRACE, Severity.DEBUG, Severity.INFO, Severity.WARN, Severity.ERROR, Severity.FATAL};
    for (int i = 0; i < levels.length; i++) {
      out.add(new LogEvent("id-" + i, GoldenInputs.TENANT, i % 2 == 0 ? EventKind.TEXT : EventKind.STRUCTURED, -1L - i,
          INGESTED, levels[i], names[i], "svc", "host", "line " + i, Map.of("i", (long) i), null, null, null, null));
    }
    return out;
  }

  @Test
  void theRowsPinTheCodesOfKindsAndSeverities() throws IOException {
    // Row layout: kind:u8 then id:str; the kind codes and 1 + severity codes are read at fixed places.
    byte[] golden = fixture("event-rows.bin");
    ByteReader r = new ByteReader(golden, 0, golden.length);
    int[] kinds = new int[8];
    int[] severities = new int[8];
    for (int i = 0; i < 8; i++) {
      int start = r.position();
      kinds[i] = golden[start] & 0xFF;
      ByteReader probe = new ByteReader(golden, start + 1, golden.length - start - 1);
      probe.readNullableString();
      probe.readLong();
      severities[i] = probe.readByte();
      EventCodec.read(r, GoldenInputs.TENANT, INGESTED);
    }
    assertArrayEquals(new int[] {0, 1, 1, 0, 1, 0, 1, 0}, kinds, "STRUCTURED=0, TEXT=1");
    assertArrayEquals(new int[] {5, 0, 1, 2, 3, 4, 5, 6}, severities, "none=0, TRACE..FATAL = 1..6");
  }
}
