package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.EventIds;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.frame.DecodedFrame;
import io.tributary.frame.FrameCodec;
import io.tributary.frame.FrameHeader;
import io.tributary.frame.PayloadCodec;
import io.tributary.frame.PayloadLayout;
import io.tributary.testing.InMemoryEventLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What ingest accepts, processing reads, exactly: one test per divergence found between judging
 * (ingest) and replay (processing), and the field semantics decided to close them.
 */
class IngestReplayAgreementTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
  private final InMemoryEventLog log = new InMemoryEventLog(1);
  private final IngestService service = new IngestService(log, new FrameCodec(), IngestLimits.defaults(),
      Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));

  private IngestResult ingest(String contentType, String body) {
    return service.ingest(new IngestRequest(ACME, contentType, null, body.getBytes(StandardCharsets.UTF_8),
        EventDefaults.none()));
  }

  private static IngestReceipt accepted(IngestResult r) {
    return assertInstanceOf(IngestResult.Accepted.class, r, () -> "refused: " + r).receipt();
  }

  /** Every event the published frames replay to; fails when any item could not be read back. */
  private List<LogEvent> replayed() {
    List<LogEvent> out = new ArrayList<>();
    for (byte[] f : log.frames()) {
      DecodedFrame d = FrameEvents.decode(f);
      assertEquals(0, d.unreadable(), "an item ingest accepted could not be read back");
      out.addAll(d.events());
    }
    return out;
  }

  private static String codes(IngestReceipt r) {
    return r.rejected().stream().map(Rejection::code).toList().toString();
  }

  // ---- finding 1: a numeric level beyond an int -------------------------------------------------

  @Test
  void aLevelBeyondAnIntIsKeptAsTextWithTheDefaultSeverityInNdjson() {
    IngestReceipt r = accepted(ingest("application/x-ndjson",
        "{\"message\":\"a\",\"level\":99999999999}\n{\"message\":\"b\",\"level\":50}\n"));
    assertEquals(2, r.accepted());
    List<LogEvent> events = replayed();
    assertEquals(2, events.size());
    assertEquals("99999999999", events.get(0).severityText());
    assertEquals(Severity.INFO, events.get(0).severity());
    assertEquals(Severity.ERROR, events.get(1).severity());
  }

  @Test
  void aLevelBeyondAnIntNoLongerDropsAWholeJsonArray() {
    assertEquals(2, accepted(ingest("application/json",
        "[{\"message\":\"a\",\"level\":99999999999},{\"message\":\"b\"}]")).accepted());
    assertEquals(List.of("a", "b"), replayed().stream().map(LogEvent::message).toList());
  }

  @Test
  void aLevelBeyondAnIntNoLongerDropsAWholeEventsWrapper() {
    assertEquals(2, accepted(ingest("application/json",
        "{\"events\":[{\"message\":\"a\",\"severity\":-99999999999999999999999},{\"message\":\"b\"}]}")).accepted());
    List<LogEvent> events = replayed();
    assertEquals(List.of("a", "b"), events.stream().map(LogEvent::message).toList());
    assertEquals("-99999999999999999999999", events.get(0).severityText());
  }

  @Test
  void everyLevelAliasTakesNumbersOfAnySizeOrPrecision() {
    String[] aliases = {"severity", "level", "lvl", "loglevel", "severityText", "severityNumber"};
    String[] numbers = {"2147483648", "-2147483649", "9223372036854775808", "1e400", "30.5", "-0.0", "4.9e-324"};
    StringBuilder body = new StringBuilder();
    for (String a : aliases) {
      for (String n : numbers) {
        body.append("{\"message\":\"m\",\"").append(a).append("\":").append(n).append("}\n");
      }
    }
    IngestReceipt r = accepted(ingest("application/x-ndjson", body.toString()));
    assertEquals(aliases.length * numbers.length, r.accepted(), codes(r));
    List<LogEvent> events = replayed();
    assertEquals(r.accepted(), events.size());
    for (int i = 0; i < events.size(); i++) {
      assertEquals(Severity.INFO, events.get(i).severity(), "no known level: the default");
      assertEquals(numbers[i % numbers.length], events.get(i).severityText(), "the number as written");
    }
  }

  @Test
  void knownNumericLevelsStillMapAndSeverityNumberWinsWhereverItStands() {
    accepted(ingest("application/x-ndjson", String.join("\n",
        "{\"message\":\"m\",\"level\":30}",
        "{\"message\":\"m\",\"level\":3}",
        "{\"message\":\"m\",\"severityNumber\":17,\"severityText\":\"WARN\"}",
        "{\"message\":\"m\",\"severityText\":\"WARN\",\"severityNumber\":17}",
        "{\"message\":\"m\",\"severityNumber\":99}",
        "{\"message\":\"m\",\"level\":\"nonsense\"}")));
    List<LogEvent> e = replayed();
    assertEquals(List.of(Severity.INFO, Severity.ERROR, Severity.ERROR, Severity.ERROR, Severity.INFO, Severity.INFO),
        e.stream().map(LogEvent::severity).toList());
    assertEquals(List.of("30", "3", "WARN", "WARN", "99", "nonsense"), e.stream().map(LogEvent::severityText).toList());
  }

  // ---- other numbers -----------------------------------------------------------------------------

  @Test
  void anEpochTimeBeyondWhatNanosecondsHoldIsRejectedInsteadOfStoredWrappedAround() {
    IngestReceipt r = accepted(ingest("application/x-ndjson", String.join("\n",
        "{\"message\":\"ok\",\"ts\":1764057540}",
        "{\"message\":\"wraps\",\"ts\":50000000000}",
        "{\"message\":\"big\",\"ts\":123456789012345678901234567890}",
        "{\"message\":\"inf\",\"ts\":1e400}",
        "{\"message\":\"neg\",\"ts\":-5}")));
    assertEquals(1, r.accepted());
    assertEquals("[invalid_timestamp, invalid_timestamp, invalid_timestamp, invalid_timestamp]", codes(r));
    assertEquals(Timestamps.ofMillis(1764057540000L), replayed().get(0).timeNanos());
  }

  @Test
  void attributeNumbersADoubleCannotHoldAreKeptAsTheirText() {
    accepted(ingest("application/x-ndjson", "{\"message\":\"m\",\"huge\":1e400,\"tiny\":1e-400,\"zero\":0e7,"
        + "\"negzero\":-0.0,\"pi\":3.14159,\"big\":123456789012345678901234567890,\"long\":-9223372036854775808,"
        + "\"list\":[1.50,1e400,{\"a\":[true,null,\"x\"]}]}"));
    LogEvent e = replayed().get(0);
    assertEquals("1e400", e.attributes().get("huge"));
    assertEquals("1e-400", e.attributes().get("tiny"));
    assertEquals(0.0, e.attributes().get("zero"));
    assertEquals(-0.0, e.attributes().get("negzero"));
    assertEquals(3.14159, e.attributes().get("pi"));
    assertEquals("123456789012345678901234567890", e.attributes().get("big"));
    assertEquals(Long.MIN_VALUE, e.attributes().get("long"));
    assertEquals("[1.50,1e400,{\"a\":[true,null,\"x\"]}]", e.attributes().get("list"), "numbers as written");
  }

  @Test
  void nullIsTheSameAsAnAbsentFieldForEveryField() {
    IngestReceipt r = accepted(ingest("application/x-ndjson", String.join("\n",
        "{\"message\":\"kept\",\"msg\":null,\"timestamp\":null,\"level\":null,\"severityNumber\":null,"
            + "\"service\":null,\"host\":null,\"id\":null,\"traceId\":null,\"spanId\":null,\"attributes\":null,\"x\":null}",
        "{\"message\":null}")));
    assertEquals(1, r.accepted());
    assertEquals("[missing_message]", codes(r));
    LogEvent e = replayed().get(0);
    assertEquals("kept", e.message());
    assertEquals(LogEvent.UNSET_TIME, e.timeNanos());
    assertNull(e.severityText());
    assertEquals(EventDefaults.UNKNOWN, e.service());
    assertEquals(26, e.id().length());
    assertTrue(e.attributes().isEmpty());
  }

  @Test
  void repeatedFieldsAndAliasesTakeTheLastValue() {
    accepted(ingest("application/x-ndjson",
        "{\"message\":\"first\",\"msg\":\"second\",\"a\":1,\"a\":2,\"service\":\"s1\",\"app\":\"s2\",\"level\":\"debug\",\"lvl\":\"error\"}"));
    LogEvent e = replayed().get(0);
    assertEquals("second", e.message());
    assertEquals(2L, e.attributes().get("a"));
    assertEquals("s2", e.service());
    assertEquals(Severity.ERROR, e.severity());
  }

  // ---- finding 17: lone surrogates ---------------------------------------------------------------

  @Test
  void aLoneSurrogateAnywhereInAnEventIsInvalidUtf8NotAQuestionMark() {
    String[] items = {
        "{\"message\":\"bad \\ud800 here\"}",
        "{\"message\":\"m\",\"user\":\"\\udc00\"}",
        "{\"message\":\"m\",\"k\\ud800\":1}",
        "{\"message\":\"m\",\"service\":\"svc\\ud800\"}",
        "{\"message\":\"m\",\"host\":\"\\udbff\"}",
        "{\"message\":\"m\",\"id\":\"\\ud800\"}",
        "{\"message\":\"m\",\"traceId\":\"\\ud800\"}",
        "{\"message\":\"m\",\"level\":\"warn\\ud800\"}",
        "{\"message\":\"m\",\"tags\":[\"ok\",[\"\\ud800\"]]}",
        "{\"message\":\"m\",\"tags\":[{\"\\ud800\":1}]}",
        "{\"message\":\"m\",\"user\":{\"n\\udfff\":\"x\"}}",
        "{\"message\":\"tail \\ud83d\"}",
    };
    IngestReceipt r = accepted(ingest("application/x-ndjson", String.join("\n", items)
        + "\n{\"message\":\"a pair is fine \\ud83d\\ude00\"}"));
    assertEquals(1, r.accepted());
    assertEquals(items.length, r.rejected().size());
    for (Rejection x : r.rejected()) {
      assertEquals(Reasons.INVALID_UTF8, x.code(), x.toString());
      assertTrue(x.message().contains("surrogate"), x.message());
      assertTrue(EventObjectReader.loneSurrogate(x.message()) < 0, "the message itself is valid text");
    }
    assertEquals("a pair is fine \uD83D\uDE00", replayed().get(0).message());
  }

  @Test
  void aLoneSurrogateInCesuBytesIsInvalidUtf8InJsonAndInTextLines() {
    byte[] cesu = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    byte[] json = concat("{\"message\":\"x".getBytes(StandardCharsets.UTF_8), cesu,
        "\"}\n{\"message\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
    IngestReceipt r = accepted(service.ingest(new IngestRequest(ACME, "application/x-ndjson", null, json,
        EventDefaults.none())));
    assertEquals("[invalid_utf8]", codes(r));
    byte[] text = concat("line ".getBytes(StandardCharsets.UTF_8), cesu, "\nok\n".getBytes(StandardCharsets.UTF_8));
    r = accepted(service.ingest(new IngestRequest(ACME, "text/plain", null, text, EventDefaults.none())));
    assertEquals("[invalid_utf8]", codes(r));
    assertEquals(List.of("ok", "ok"), replayed().stream().map(LogEvent::message).toList());
  }

  @Test
  void bytesThatAreNotUtf8InAStringIngestUsedToSkipAreRejectedNotAcceptedAndDroppedInReplay() {
    // Ingest used to judge such strings without decoding them; replay decoded them and failed.
    byte[] cesu = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    byte[] ndjson = concat("{\"message\":\"m\",\"note\":\"a".getBytes(StandardCharsets.UTF_8), cesu,
        "\"}\n{\"message\":\"m\",\"level\":\"w".getBytes(StandardCharsets.UTF_8), cesu,
        "\"}\n{\"message\":\"m\",\"tags\":[1,\"".getBytes(StandardCharsets.UTF_8), cesu,
        "\"]}\n{\"message\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
    IngestReceipt r = accepted(service.ingest(new IngestRequest(ACME, "application/x-ndjson", null, ndjson,
        EventDefaults.none())));
    assertEquals("[invalid_utf8, invalid_utf8, invalid_utf8]", codes(r));
    assertEquals(List.of("ok"), replayed().stream().map(LogEvent::message).toList());
    byte[] array = concat("[{\"message\":\"m\",\"note\":\"".getBytes(StandardCharsets.UTF_8), cesu,
        "\"},{\"message\":\"ok\"}]".getBytes(StandardCharsets.UTF_8));
    IngestResult refused = service.ingest(new IngestRequest(ACME, "application/json", null, array, EventDefaults.none()));
    assertEquals(Reasons.INVALID_UTF8, assertInstanceOf(IngestResult.Refused.class, refused).problem().code(),
        "a JSON array that does not decode is refused whole, never acknowledged");
    assertEquals(1, log.frames().size());
  }

  @Test
  void aLoneSurrogateInAJsonArrayRejectsThatElementOnly() {
    IngestReceipt r = accepted(ingest("application/json", "[{\"message\":\"\\ud800\"},{\"message\":\"ok\"}]"));
    assertEquals("[invalid_utf8]", codes(r));
    assertEquals(List.of("ok"), replayed().stream().map(LogEvent::message).toList());
  }

  // ---- finding 4 (part): the server's id space -------------------------------------------------

  @Test
  void aClientIdInTheServersOwnFormIsRejectedWithWhatToSendInstead() {
    String serverForm = EventIds.next(NOW.toEpochMilli());
    IngestReceipt r = accepted(ingest("application/x-ndjson", String.join("\n",
        "{\"message\":\"m\",\"id\":\"" + serverForm + "\"}",
        "{\"message\":\"m\",\"id\":\"" + serverForm.toLowerCase(java.util.Locale.ROOT) + "\"}",
        "{\"message\":\"m\",\"id\":\"c-" + serverForm + "\"}")));
    assertEquals(2, r.accepted());
    Rejection x = r.rejected().get(0);
    assertEquals(Reasons.INVALID_ID, x.code());
    assertTrue(x.message().contains("lower case") && x.message().contains("omit"), x.message());
    assertEquals(List.of(serverForm.toLowerCase(java.util.Locale.ROOT), "c-" + serverForm),
        replayed().stream().map(LogEvent::id).toList());
  }

  // ---- replay keeps what an older ingest acknowledged --------------------------------------------

  @Test
  void replayReadsAnOldFrameWithAServerFormIdAndOtherItemsTodaysRulesReject() {
    String serverForm = EventIds.next(NOW.toEpochMilli());
    byte[] body = String.join("\n",
        "{\"message\":\"old id\",\"id\":\"" + serverForm + "\"}",
        "{\"message\":\"old surrogate \\ud800\"}",
        "{\"message\":\"old wrapped time\",\"ts\":50000000000}").getBytes(StandardCharsets.UTF_8);
    long[] base = EventIds.base(NOW.toEpochMilli());
    FrameHeader h = new FrameHeader(ACME, Timestamps.ofInstant(NOW), base[0], base[1], 0, "svc", "h", Severity.INFO,
        PayloadLayout.NDJSON_BODY, new int[0]);
    DecodedFrame d = FrameEvents.decode(new FrameCodec().encodeBody(h, PayloadCodec.NONE, body, body.length));
    assertEquals(0, d.unreadable());
    assertEquals(3, d.events().size(), "nothing an older ingest acknowledged is dropped");
    assertEquals(serverForm, d.events().get(0).id());
    assertEquals(LogEvent.UNSET_TIME, d.events().get(2).timeNanos(), "a time it cannot hold is left to enrichment");
  }

  // ---- body shapes -------------------------------------------------------------------------------

  @Test
  void aSecondEventsArrayIsRefusedRatherThanSilentlyIgnored() {
    IngestResult r = ingest("application/json", "{\"events\":[{\"message\":\"a\"}],\"events\":[{\"message\":\"b\"}]}");
    assertEquals(Reasons.MALFORMED_JSON, assertInstanceOf(IngestResult.Refused.class, r).problem().code());
    assertTrue(log.frames().isEmpty());
    accepted(ingest("application/json", "{\"events\":[{\"message\":\"a\"}],\"source\":{\"x\":[1]}}"));
    assertEquals(1, replayed().size());
  }

  @Test
  void bomCrlfAndBlankLinesReadTheSameAtIngestAndInReplay() {
    IngestReceipt r = accepted(ingest("application/x-ndjson",
        "\uFEFF{\"message\":\"a\"}\r\n\r\n  \t\r\n{\"message\":\"b\"}\r\n{\"oops\":1}\r\n{\"message\":\"c\"}"));
    assertEquals(3, r.accepted());
    assertEquals(List.of(4), r.rejected().stream().map(Rejection::index).toList(), "blank lines count as lines");
    assertEquals(List.of("a", "b", "c"), replayed().stream().map(LogEvent::message).toList());
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
