package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.frame.FrameCodec;
import io.tributary.http.Problem;
import io.tributary.testing.InMemoryEventLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class IngestServiceTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
  private final InMemoryEventLog log = new InMemoryEventLog(4);
  private final IngestService service = new IngestService(log, new FrameCodec(), IngestLimits.defaults(),
      Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));

  private IngestResult ingest(String contentType, byte[] body) {
    return service.ingest(new IngestRequest(ACME, contentType, null, body, EventDefaults.none()));
  }

  private IngestResult ingest(String contentType, String body) {
    return ingest(contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private List<LogEvent> published() {
    List<LogEvent> out = new ArrayList<>();
    for (byte[] f : log.frames()) {
      out.addAll(FrameEvents.decode(f).events());
    }
    return out;
  }

  private static IngestReceipt accepted(IngestResult r) {
    return assertInstanceOf(IngestResult.Accepted.class, r, () -> "refused: " + r).receipt();
  }

  private static Problem refused(IngestResult r) {
    return assertInstanceOf(IngestResult.Refused.class, r, () -> "accepted: " + r).problem();
  }

  @Test
  void acceptsNdjsonAndMapsCommonFieldNames() {
    IngestReceipt r = accepted(ingest("application/x-ndjson",
        "{\"timestamp\":\"2026-11-25T07:59:00.123Z\",\"level\":\"warning\",\"message\":\"disk 91% full\","
            + "\"service\":\"billing\",\"host\":\"web-1\",\"trace_id\":\"t1\",\"user\":{\"id\":42,\"name\":\"ann\"}}\n"
            + "{\"ts\":1764057540000,\"msg\":\"second\",\"severityNumber\":17}\n"));
    assertEquals(2, r.accepted());
    List<LogEvent> events = published();
    LogEvent e = events.get(0);
    assertEquals(Timestamps.parse("2026-11-25T07:59:00.123Z"), e.timeNanos());
    assertEquals(Severity.WARN, e.severity());
    assertEquals("warning", e.severityText());
    assertEquals("billing", e.service());
    assertEquals("web-1", e.host());
    assertEquals("t1", e.traceId());
    assertEquals(42L, e.attributes().get("user.id"));
    assertEquals("ann", e.attributes().get("user.name"));
    assertEquals(Timestamps.ofMillis(1764057540000L), events.get(1).timeNanos());
    assertEquals(Severity.ERROR, events.get(1).severity());
    assertEquals(Timestamps.ofInstant(NOW), e.ingestedNanos());
    assertEquals(26, e.id().length());
  }

  @Test
  void acceptsAJsonArrayAndAnEventsWrapperAndOneObject() {
    assertEquals(2, accepted(ingest("application/json", "[{\"message\":\"a\"},{\"message\":\"b\"}]")).accepted());
    assertEquals(1, accepted(ingest("application/json", "{\"events\":[{\"message\":\"c\"}]}")).accepted());
    assertEquals(1, accepted(ingest("application/json; charset=utf-8", "{\"message\":\"d\"}")).accepted());
    assertEquals(List.of("a", "b", "c", "d"), published().stream().map(LogEvent::message).sorted().toList());
  }

  @Test
  void textLinesBecomeTextEventsWithTheRequestDefaultsAndNoLineIsLost() {
    IngestResult r = service.ingest(new IngestRequest(ACME, "text/plain", null,
        "first line\r\n\n  second line \nthird".getBytes(StandardCharsets.UTF_8),
        new EventDefaults("nginx", "edge-1", Severity.WARN)));
    assertEquals(3, accepted(r).accepted());
    List<LogEvent> events = published();
    assertEquals(List.of("first line", "  second line ", "third"), events.stream().map(LogEvent::message).toList());
    LogEvent e = events.get(0);
    assertEquals(EventKind.TEXT, e.kind());
    assertEquals(LogEvent.UNSET_TIME, e.timeNanos());
    assertEquals("nginx", e.service());
    assertEquals("edge-1", e.host());
    assertEquals(Severity.WARN, e.severity());
  }

  @Test
  void rejectsEventWithoutMessageButKeepsTheRest() {
    IngestReceipt r = accepted(ingest("application/x-ndjson",
        "{\"message\":\"ok\"}\n{\"level\":\"info\"}\n{\"message\":\"also ok\"}\n"));
    assertEquals(2, r.accepted());
    assertEquals(List.of(new Rejection(1, Reasons.MISSING_MESSAGE, r.rejected().get(0).message())), r.rejected());
    assertTrue(r.rejected().get(0).message().contains("\"message\""), "the message says which field to send");
  }

  @Test
  void everyItemRuleHasItsOwnReasonCode() {
    String deep = "{\"message\":\"m\",\"a\":" + "{\"b\":".repeat(20) + "1" + "}".repeat(20) + "}";
    String attrs = "{\"message\":\"m\"," + String.join(",",
        java.util.stream.IntStream.range(0, 200).mapToObj(i -> "\"k" + i + "\":" + i).toList()) + "}";
    String body = String.join("\n",
        "{\"message\":\"fine\"}",
        "{\"message\":\"m\",\"timestamp\":\"yesterday\"}",
        "{\"message\":\"m\",\"timestamp\":\"2031-01-01T00:00:00Z\"}",
        "{\"message\":\"m\",\"id\":\"has space\"}",
        "{\"message\":\"m\",\"service\":\"" + "s".repeat(300) + "\"}",
        deep,
        attrs,
        "[1,2]",
        "{\"message\":",
        "{\"message\":{\"nested\":true}}",
        "{\"message\":\"" + "x".repeat(300 * 1024) + "\"}");
    IngestReceipt r = accepted(ingest("application/x-ndjson", body));
    assertEquals(1, r.accepted());
    assertEquals(List.of(Reasons.INVALID_TIMESTAMP, Reasons.TIMESTAMP_IN_FUTURE, Reasons.INVALID_ID,
            Reasons.FIELD_TOO_LONG, Reasons.TOO_DEEPLY_NESTED, Reasons.TOO_MANY_ATTRIBUTES, Reasons.NOT_AN_OBJECT,
            Reasons.MALFORMED_JSON, Reasons.INVALID_FIELD_TYPE, Reasons.EVENT_TOO_LARGE),
        r.rejected().stream().map(Rejection::code).toList());
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), r.rejected().stream().map(Rejection::index).toList());
  }

  @Test
  void rejectsInvalidUtf8AndNulBytesInTextLinesButKeepsTheOthers() {
    byte[] body = concat("good one\n".getBytes(StandardCharsets.UTF_8), new byte[] {'b', 'a', 'd', (byte) 0xC3, '\n'},
        new byte[] {'n', 'u', 0, 'l', '\n'}, "日本語のログ\n".getBytes(StandardCharsets.UTF_8));
    IngestReceipt r = accepted(ingest("text/plain", body));
    assertEquals(2, r.accepted());
    assertEquals(List.of(Reasons.INVALID_UTF8, Reasons.NUL_BYTE), r.rejected().stream().map(Rejection::code).toList());
    assertEquals(List.of("good one", "日本語のログ"), published().stream().map(LogEvent::message).toList());
  }

  @Test
  void rejectsInvalidUtf8InsideJson() {
    byte[] body = concat("{\"message\":\"ok\"}\n{\"message\":\"".getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xFF, (byte) 0xFE}, "\"}\n".getBytes(StandardCharsets.UTF_8));
    IngestReceipt r = accepted(ingest("application/x-ndjson", body));
    assertEquals(1, r.accepted());
    assertEquals(Reasons.INVALID_UTF8, r.rejected().get(0).code());
  }

  @Test
  void refusesWholeBodiesThatCannotBeRead() {
    assertEquals(Reasons.EMPTY_BODY, refused(ingest("application/json", new byte[0])).code());
    assertEquals(Reasons.EMPTY_BODY, refused(ingest("text/plain", "\n\n  \n")).code());
    assertEquals(Reasons.UNSUPPORTED_MEDIA_TYPE, refused(ingest("application/x-www-form-urlencoded", "a=b")).code());
    assertEquals(415, refused(ingest(null, "x")).status());
    assertEquals(Reasons.UNSUPPORTED_CHARSET, refused(ingest("text/plain; charset=iso-8859-1", "x")).code());
    Problem broken = refused(ingest("application/json", "[{\"message\":\"a\"}, {\"message\": }]"));
    assertEquals(Reasons.MALFORMED_JSON, broken.code());
    assertTrue(broken.detail().contains("column"), broken.detail());
    String deep = "[" + "[".repeat(5000) + "]".repeat(5000) + "]";
    assertEquals(Reasons.JSON_TOO_DEEP, refused(ingest("application/json", deep)).code());
    Problem none = refused(ingest("application/x-ndjson", "{\"nope\":1}\n{}\n"));
    assertEquals(Reasons.NO_VALID_EVENTS, none.code());
    assertEquals(2, ((List<?>) none.extensions().get("rejected")).size());
    assertTrue(log.frames().isEmpty(), "nothing refused is published");
  }

  @Test
  void readsGzipBodiesAndRefusesTruncatedOrCorruptOnes() throws Exception {
    byte[] gz = gzip("{\"message\":\"zipped\"}\n".repeat(1000));
    IngestResult ok = service.ingest(new IngestRequest(ACME, "application/x-ndjson", "gzip", gz, EventDefaults.none()));
    assertEquals(1000, accepted(ok).accepted());
    byte[] truncated = Arrays.copyOf(gz, gz.length / 2);
    Problem p = refused(service.ingest(new IngestRequest(ACME, "application/x-ndjson", "gzip", truncated,
        EventDefaults.none())));
    assertEquals(Reasons.INVALID_GZIP, p.code());
    assertEquals(400, p.status());
    Problem notGzip = refused(service.ingest(new IngestRequest(ACME, "text/plain", "gzip",
        "plain text".getBytes(StandardCharsets.UTF_8), EventDefaults.none())));
    assertEquals(Reasons.INVALID_GZIP, notGzip.code());
    assertEquals(Reasons.UNSUPPORTED_ENCODING, refused(service.ingest(new IngestRequest(ACME, "text/plain", "br",
        "x".getBytes(StandardCharsets.UTF_8), EventDefaults.none()))).code());
  }

  @Test
  void refusesAGzipBombPastTheDecodedLimit() throws Exception {
    IngestLimits small = new IngestLimits(1 << 20, 1 << 20, 1000, 1 << 16, 128, 256, 16, 0);
    IngestService s = new IngestService(log, new FrameCodec(), small, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1));
    byte[] bomb = gzip("a".repeat(8 << 20));
    Problem p = refused(s.ingest(new IngestRequest(ACME, "text/plain", "gzip", bomb, EventDefaults.none())));
    assertEquals(413, p.status());
    assertEquals(Reasons.BODY_TOO_LARGE, p.code());
  }

  @Test
  void refusesABodyOverTheLimitAndTooManyEvents() {
    IngestLimits small = new IngestLimits(100, 1000, 3, 1000, 128, 256, 16, 0);
    IngestService s = new IngestService(log, new FrameCodec(), small, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1));
    assertEquals(Reasons.BODY_TOO_LARGE, refused(s.ingest(new IngestRequest(ACME, "text/plain", null,
        "x".repeat(101).getBytes(StandardCharsets.UTF_8), EventDefaults.none()))).code());
    assertEquals(Reasons.TOO_MANY_EVENTS, refused(s.ingest(new IngestRequest(ACME, "text/plain", null,
        "a\nb\nc\nd\n".getBytes(StandardCharsets.UTF_8), EventDefaults.none()))).code());
  }

  @Test
  void answers503WithRetryWhenTheEventLogCannotMakeEventsDurable() {
    log.failPublishes(true);
    Problem p = refused(ingest("text/plain", "line"));
    assertEquals(503, p.status());
    assertEquals(Reasons.PUBLISH_FAILED, p.code());
    assertEquals(1, p.extensions().get("retryAfterSeconds"));
  }

  @Test
  void aClientIdIsKeptSoRetriesAreIdempotent() {
    accepted(ingest("application/x-ndjson", "{\"id\":\"order-17:attempt\",\"message\":\"m\"}"));
    assertEquals("order-17:attempt", published().get(0).id());
  }

  @Test
  void eventsWithoutTimeKeepItUnsetForEnrichment() {
    accepted(ingest("application/x-ndjson", "{\"message\":\"m\"}"));
    assertEquals(LogEvent.UNSET_TIME, published().get(0).timeNanos());
    assertNull(published().get(0).severityText());
  }

  @Test
  void framesReplayToTheSameEventsWithDeterministicIdsInRequestOrder() {
    accepted(ingest("application/x-ndjson", "{\"message\":\"a\"}\n{\"bad\":1}\n{\"message\":\"b\"}\n"));
    accepted(ingest("text/plain", "c\nd\n"));
    List<LogEvent> first = published();
    List<LogEvent> again = published();
    assertEquals(first, again, "decoding a frame twice gives identical events");
    assertEquals(List.of("a", "b", "c", "d"), first.stream().map(LogEvent::message).toList());
    assertTrue(first.get(0).id().compareTo(first.get(1).id()) < 0, "ids follow the request's order");
    assertEquals(4, first.stream().map(LogEvent::id).distinct().count());
  }

  @Test
  void aBodyTooLargeForOneFrameTravelsAsItsValidItemsInSeveralFrames() {
    IngestService small = new IngestService(log, new FrameCodec(20_000), IngestLimits.defaults(),
        Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
    StringBuilder body = new StringBuilder();
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 2000; i++) {
      byte[] noise = new byte[60];
      r.nextBytes(noise);
      body.append(i == 500 ? "{\"oops\":true}" : "{\"message\":\"event " + i + " "
          + java.util.Base64.getEncoder().encodeToString(noise) + "\"}").append('\n');
    }
    IngestReceipt receipt = accepted(small.ingest(new IngestRequest(ACME, "application/x-ndjson", null,
        body.toString().getBytes(StandardCharsets.UTF_8), EventDefaults.none())));
    assertEquals(1999, receipt.accepted());
    assertTrue(log.frames().size() > 3, "split into " + log.frames().size() + " frames");
    for (byte[] f : log.frames()) {
      assertTrue(f.length <= 20_000);
    }
    List<LogEvent> events = published();
    assertEquals(1999, events.size());
    assertEquals(1999, events.stream().map(LogEvent::id).distinct().count());
    for (int i = 1; i < events.size(); i++) {
      assertTrue(events.get(i - 1).id().compareTo(events.get(i).id()) < 0, "ids in request order across frames");
    }
    assertTrue(events.get(500).message().startsWith("event 501 "));
  }

  @Test
  void ingestJudgesAndProcessingReadsEveryItemAlike() {
    String[] items = {
        "{\"message\":\"plain\"}",
        "{\"message\":\"dup keys\",\"a\":1,\"a\":2,\"level\":\"whatever\"}",
        "{\"message\":\"arrays\",\"tags\":[\"x\",[1,{\"y\":2}]],\"n\":null}",
        "{\"message\":12345,\"timestamp\":1764057540.25,\"level\":50}",
        "{\"msg\":\"alias\",\"@timestamp\":\"2026-11-25T07:00:00+01:00\",\"service\":{\"name\":\"svc\"}}",
        "{\"message\":\"\"}",
        "{\"message\":\"bad time\",\"ts\":\"soon\"}",
        "{\"message\":\"x\",\"attributes\":{\"deep\":" + "{\"d\":".repeat(18) + "1" + "}".repeat(18) + "}}",
        "{\"message\":\"big int\",\"v\":123456789012345678901234567890}",
        "{\"message\":\"escaped\\u0000nul and \\\"quotes\\\"\"}",
        "   ",
        "{\"message\":\"trailing\"} {\"message\":\"second\"}",
    };
    IngestReceipt r = accepted(ingest("application/x-ndjson", String.join("\n", items)));
    int replayed = 0;
    for (byte[] f : log.frames()) {
      io.tributary.frame.DecodedFrame d = FrameEvents.decode(f);
      assertEquals(0, d.unreadable(), "processing reads every item ingest accepted");
      replayed += d.events().size();
    }
    assertEquals(r.accepted(), replayed);
    assertEquals(7, r.accepted());
    assertEquals(List.of(5, 6, 7, 11), r.rejected().stream().map(Rejection::index).toList());
  }

  @Test
  void readsZstdBodiesAndRefusesBrokenOnes() {
    byte[] body = "{\"message\":\"squeezed\"}\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    byte[] z = com.github.luben.zstd.Zstd.compress(body);
    assertEquals(100, accepted(service.ingest(new IngestRequest(ACME, "application/x-ndjson", "zstd", z,
        EventDefaults.none()))).accepted());
    assertEquals(100, published().size());
    Problem p = refused(service.ingest(new IngestRequest(ACME, "application/x-ndjson", "zstd",
        Arrays.copyOf(z, z.length / 2), EventDefaults.none())));
    assertEquals(Reasons.INVALID_ZSTD, p.code());
  }

  private static byte[] gzip(String s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
