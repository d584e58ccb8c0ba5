package io.tributary.frame;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of the golden fixtures under {@code src/test/resources/golden}: the frame headers
 * and payloads, and the events of the event-row fixture. {@link GoldenFixturesWriter} wrote the
 * fixtures from these once; {@link GoldenFormatsTest} checks that today's code still reads them
 * and still writes them. Changing anything here means a new format version, not new fixtures.
 */
final class GoldenInputs {

  static final TenantId TENANT = TenantId.of("acme");
  static final long INGESTED = 1_764_057_600_123_456_789L;
  static final long ID_HI = 0x0192_5A3B_4C5D_1234L;
  static final long ID_LO = 0x0123_4567_0000_0000L;

  /** The layouts and codecs of version 2 frames, each a fixture {@code frame-v2-<layout>-<how>.bin}. */
  enum How {
    /** Compressed by FrameCodec (zstd level 1): the payload's bytes may differ by zstd version, not its content. */
    ZSTD,
    /** A client's gzip body carried as sent. */
    CLIENT_GZIP,
    /** A client's zstd body carried as sent. */
    CLIENT_ZSTD,
    /** Uncompressed: readable, though no version ever wrote it. */
    NONE
  }

  static final String NDJSON = String.join("\n",
      "{\"timestamp\":\"2026-11-25T07:59:00.123Z\",\"level\":\"warning\",\"message\":\"disk 91% full\","
          + "\"service\":\"billing\",\"host\":\"web-2\",\"trace_id\":\"t1\",\"span_id\":\"s1\","
          + "\"user\":{\"id\":42,\"name\":\"ann\"},\"ratio\":0.5,\"ok\":true,\"off\":false,\"tags\":[\"a\",1.50],"
          + "\"big\":123456789012345678901234567890,\"none\":null}",
      "{\"bad\":1}",
      "{\"msg\":\"second \\u00fcn\\u00efc\\u00f8d\\u00e9 \\ud83d\\ude00\",\"ts\":1764057540000,\"severityNumber\":17,"
          + "\"id\":\"order-17:attempt\"}",
      "");
  static final int[] NDJSON_SKIP = {1};

  static final String TEXT = "first line\r\n\n  second line \nbad\u0000line\nthird";
  static final int[] TEXT_SKIP = {3};

  static final String JSON = "[{\"message\":\"a\",\"level\":30},{\"nope\":1},"
      + "{\"message\":\"b\",\"attrs\":{\"k\":\"v\",\"n\":-7},\"host.name\":\"h9\"}]";
  static final int[] JSON_SKIP = {1};

  /** The valid NDJSON items, as a JSON_ITEMS frame carries them. */
  static final List<String> JSON_ITEMS = List.of(NDJSON.split("\n")[0], NDJSON.split("\n")[2]);
  static final int JSON_ITEMS_FIRST_SEQ = 5;
  /** The valid text lines, as a TEXT_ITEMS frame carries them. */
  static final List<String> TEXT_ITEMS = List.of("first line", "  second line ", "third");

  static FrameHeader header(PayloadLayout layout, int[] skip, int firstSeq) {
    return new FrameHeader(TENANT, INGESTED, ID_HI, ID_LO, firstSeq, "checkout", "web-1", Severity.WARN, layout, skip);
  }

  static byte[] body(PayloadLayout layout) {
    if (layout.equals(PayloadLayout.NDJSON_BODY)) {
      return utf8(NDJSON);
    } else if (layout.equals(PayloadLayout.TEXT_BODY)) {
      return utf8(TEXT);
    } else if (layout.equals(PayloadLayout.JSON_BODY)) {
      return utf8(JSON);
    }
    throw new IllegalArgumentException(layout.name());
  }

  static int[] skip(PayloadLayout layout) {
    if (layout.equals(PayloadLayout.NDJSON_BODY)) {
      return NDJSON_SKIP;
    } else if (layout.equals(PayloadLayout.TEXT_BODY)) {
      return TEXT_SKIP;
    } else if (layout.equals(PayloadLayout.JSON_BODY)) {
      return JSON_SKIP;
    }
    return new int[0];
  }

  /** The body, and the [start, end) ranges of its items, of an items frame. */
  static byte[] itemsBody(PayloadLayout layout, int[] ranges) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> items = layout == PayloadLayout.JSON_ITEMS ? JSON_ITEMS : TEXT_ITEMS;
    for (int i = 0; i < items.size(); i++) {
      ranges[2 * i] = out.size();
      out.writeBytes(utf8(items.get(i)));
      ranges[2 * i + 1] = out.size();
      out.write('\n');
    }
    return out.toByteArray();
  }

  static int itemCount(PayloadLayout layout) {
    return (layout == PayloadLayout.JSON_ITEMS ? JSON_ITEMS : TEXT_ITEMS).size();
  }

  static String fixture(PayloadLayout layout, How how) {
    return "frame-v2-" + layout.name().toLowerCase(java.util.Locale.ROOT) + "-"
        + how.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".bin";
  }

  /** The events of the event-row fixture: every field, every attribute type, every severity and kind. */
  static List<LogEvent> rows() {
    List<LogEvent> out = new ArrayList<>();
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("s", "value ünï 日本 😀");
    attrs.put("l", 42L);
    attrs.put("n", -7L);
    attrs.put("max", Long.MAX_VALUE);
    attrs.put("min", Long.MIN_VALUE);
    attrs.put("d", 0.5);
    attrs.put("negzero", -0.0);
    attrs.put("tiny", Double.MIN_VALUE);
    attrs.put("t", true);
    attrs.put("f", false);
    attrs.put("empty", "");
    out.add(new LogEvent("01JDQ7X0ABCDEFGHJKMNPQRSTV", TENANT, EventKind.STRUCTURED, 1_764_057_540_123_000_000L,
        INGESTED, Severity.ERROR, "err", "billing", "web-2", "disk 91% full ünï 😀", attrs, "trace-1", "span-1",
        "p-17", "disk <*> full"));
    out.add(new LogEvent("order-17:attempt", TENANT, EventKind.TEXT, LogEvent.UNSET_TIME, INGESTED, null, null, null,
        null, "", Map.of(), null, null, null, null));
    Severity[] all = Severity.values();
    for (int i = 0; i < all.length; i++) {
      out.add(new LogEvent("id-" + i, TENANT, i % 2 == 0 ? EventKind.TEXT : EventKind.STRUCTURED, -1L - i, INGESTED,
          all[i], all[i].name().toLowerCase(java.util.Locale.ROOT), "svc", "host", "line " + i, Map.of("i", (long) i),
          null, null, null, null));
    }
    return out;
  }

  /** A version 1 frame as the first builds wrote it: {@code 'T' 'F' 1 codec tenant ingested count rawLength rows}. */
  static byte[] version1Frame(boolean zstd) {
    ByteWriter rows = new ByteWriter(256);
    List<LogEvent> events = rows();
    for (LogEvent e : events) {
      EventCodec.write(e, rows);
    }
    byte[] raw = rows.toByteArray();
    byte[] payload = zstd ? com.github.luben.zstd.Zstd.compress(raw, 1) : raw;
    ByteWriter w = new ByteWriter(64);
    w.writeByte('T');
    w.writeByte('F');
    w.writeByte(1);
    w.writeByte(zstd ? 1 : 0);
    w.writeString(TENANT.value());
    w.writeLong(INGESTED);
    w.writeVarInt(events.size());
    w.writeVarInt(raw.length);
    w.writeBytes(payload, 0, payload.length);
    return w.toByteArray();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(out)) {
      g.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private GoldenInputs() {
  }
}
