package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * NDJSON read through one parser per body ({@link JsonObjects.BodyLines}) gives what reading each
 * line with its own parser gave, item for item: the same rejections (index, reason, message with
 * its column), the same events and the same byte ranges, at ingest (building the events or only
 * judging, where a message is not decoded) and in a replay that passes over the rejected lines; and
 * the shared parser is really what reads clean bodies.
 */
class NdjsonBodyLinesTest {

  private static final TenantId TENANT = TenantId.of("acme");
  private static final long NOW = 1_780_000_000_000_000_000L;
  private static final long[] BASE = {0x0192_5A3B_4C5DL << 16, 42};

  /** What one pass over a body reported. */
  private record Pass(List<Rejection> rejections, List<LogEvent> events, int[] ranges, int items, int unreadable) {
  }

  /** The former reading: every line with a parser of its own. */
  private static void perLine(byte[] body, BodyReading r) throws BodyRefusal {
    Lines.read(body, r, (b, from, to, index, flags, rr) -> {
      EventObjectReader reader = JsonObjects.reader(rr);
      reader.checkText(rr.judging() && (flags & (Utf8.NOT_ASCII | Utf8.SURROGATE_ESCAPE)) != 0);
      JsonObjects.object(b, from, to, index, rr, reader);
    });
  }

  private interface Read {
    void read(byte[] body, BodyReading r) throws BodyRefusal;
  }

  private static Pass pass(Read how, byte[] body, BodyReading r) {
    try {
      how.read(body, r);
    } catch (BodyRefusal e) {
      return new Pass(List.of(new Rejection(-1, e.problem().code(), e.problem().detail())), List.of(), new int[0], -1, -1);
    }
    return new Pass(List.copyOf(r.rejections()), List.copyOf(r.events),
        Arrays.copyOf(r.ranges, 2 * r.accepted()), r.items(), r.unreadable());
  }

  /** Both readings of {@code body} at ingest (building the events) and in the replay of what ingest kept. */
  private static void assertSameReading(byte[] body, IngestLimits limits, EventDefaults defaults, String what) {
    Pass shared = pass(NdjsonFormat.INSTANCE::read, body, BodyReading.judging(true, limits, TENANT, defaults, NOW, BASE));
    Pass alone = pass(NdjsonFormatPerLine::read, body, BodyReading.judging(true, limits, TENANT, defaults, NOW, BASE));
    assertEquals(alone.rejections(), shared.rejections(), what);
    assertEquals(alone.events(), shared.events(), what);
    assertArrayEquals(alone.ranges(), shared.ranges(), what);
    assertEquals(alone.items(), shared.items(), what);
    // Judging alone, as ingest does (nothing built: the message's bytes decide whether it is empty).
    Pass sharedJudged = pass(NdjsonFormat.INSTANCE::read, body, BodyReading.judging(false, limits, TENANT, defaults, NOW,
        BASE));
    assertEquals(alone.rejections(), sharedJudged.rejections(), what + " (judged only)");
    assertArrayEquals(alone.ranges(), sharedJudged.ranges(), what + " (judged only)");
    assertEquals(alone.items(), sharedJudged.items(), what + " (judged only)");
    if (alone.items() < 0) {
      return;
    }
    int[] skip = alone.rejections().stream().mapToInt(Rejection::index).toArray();
    Pass sharedReplay = pass(NdjsonFormat.INSTANCE::read, body,
        new BodyReading(BodyReading.Mode.REPLAY, true, null, TENANT, defaults, NOW, BASE, 0, skip));
    Pass aloneReplay = pass(NdjsonFormatPerLine::read, body,
        new BodyReading(BodyReading.Mode.REPLAY, true, null, TENANT, defaults, NOW, BASE, 0, skip));
    assertEquals(aloneReplay.events(), sharedReplay.events(), what + " (replay)");
    assertEquals(aloneReplay.unreadable(), sharedReplay.unreadable(), what + " (replay)");
    assertEquals(shared.events(), sharedReplay.events(), what + ": the replay rebuilds what ingest accepted");
  }

  /** The per-line reading as a format's read, for method references. */
  private static final class NdjsonFormatPerLine {
    static void read(byte[] body, BodyReading r) throws BodyRefusal {
      perLine(body, r);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void linesTheSharedParserCannotTakeGetTheVerdictsTheyHadAndTheLinesAfterThemAreReadAsBefore() {
    String ok = "{\"message\":\"ok %d\",\"level\":\"warn\",\"attributes\":{\"pid\":%d}}";
    String[] odd = {
        "{\"message\":\"runs past\",", "\"level\":\"info\"}",   // an object over two lines
        "{\"message\":\"a\"} {\"message\":\"b\"}",              // two values on one line
        "{\"message\":\"a\"} trailing",                        // garbage after the object
        "{\"message\":\"a\"}   \t",                            // only blanks after it: fine
        "[{\"message\":\"array\"}]", "\"just a string\"", "42", "null",
        "{\"message\":\"unterminated}",
        "{\"message\":\"bad \\q escape\"}",
        "{\"message\":\"x\",}",
        "{\"message\":" + "[".repeat(300) + "]".repeat(300) + "}", // deeper than the parser allows
        "{\"message\":\"ünïcödé and \\ud83d\\ude00\",\"host\":\"h\u00e9\"}",
        "{\"message\":\"lone \\ud800 surrogate\"}",
        "{\"msg\":\"" + "x".repeat(3000) + "\"}",              // too large for the tiny limits below
        "{\"message\":\"\"}",                                  // empty message: missing_message
        "{\"message\":\"no end\"",
        "}",
        "{\"message\":\"nul \\u0000 inside\"}",
        "{\"message\":\"crlf line\"}\r",
        "   {\"message\":\"leading blanks\"}",
    };
    StringBuilder b = new StringBuilder("\uFEFF");
    for (int i = 0; i < odd.length; i++) {
      b.append(String.format(ok, i, i)).append('\n').append(odd[i]).append('\n');
      if (i % 3 == 0) {
        b.append("\n  \t\n");
      }
    }
    b.append(String.format(ok, 99, 99));
    byte[] body = utf8(b.toString());
    assertSameReading(body, IngestLimits.defaults(), EventDefaults.none(), "defaults");
    // At most 1,000 events of 2 KiB, 3 attributes, names of 64 characters, 8 levels of nesting.
    IngestLimits tiny = new IngestLimits(1 << 20, 1 << 20, 1000, 2048, 3, 64, 8, IngestLimits.defaults().maxFutureNanos(),
        IngestLimits.DEFAULT_MAX_EXPANSION);
    assertSameReading(body, tiny, EventDefaults.none(), "tiny limits");
  }

  @Test
  void generatedBodiesAreReadAlikeBothWays() {
    Random r = new Random(20261130);
    int ndjson = 0;
    for (int i = 0; i < 3000; i++) {
      IngestCase c = IngestCases.next(r);
      if (!c.shape().equals("ndjson") && !c.shape().equals("json-lines")) {
        continue;
      }
      ndjson++;
      assertSameReading(c.raw(), c.limits(), c.defaults(), c.describe());
    }
    assertTrue(ndjson > 500, "enough NDJSON cases: " + ndjson);
  }

  @Test
  void aCleanBodyIsReadThroughOneParserAndALineItCannotTakeStartsANewOne() throws BodyRefusal {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      b.append("{\"message\":\"line ").append(i).append("\",\"ts\":").append(1_700_000_000_000L + i).append("}\n");
    }
    byte[] clean = utf8(b.toString());
    // Building the events (a replay, or the tests): the parser reads every line.
    BodyReading r = BodyReading.judging(true, IngestLimits.defaults(), TENANT, EventDefaults.none(), NOW, BASE);
    try (JsonObjects.BodyLines lines = new JsonObjects.BodyLines()) {
      Lines.read(clean, r, lines);
      assertEquals(1000, r.accepted());
      assertEquals(1, lines.parsers(), "one parser for the whole body");
      assertEquals(1000, lines.sharedLines());
      assertEquals(0, lines.plainLines());
    }
    byte[] broken = utf8(b.toString().replace("\"line 500\"", "\"line 500"));
    r = BodyReading.judging(true, IngestLimits.defaults(), TENANT, EventDefaults.none(), NOW, BASE);
    try (JsonObjects.BodyLines lines = new JsonObjects.BodyLines()) {
      Lines.read(broken, r, lines);
      assertEquals(999, r.accepted());
      assertEquals(List.of(500), r.rejections().stream().map(Rejection::index).toList());
      assertEquals(2, lines.parsers(), "the broken line ends the first parser; the next line starts another");
      assertEquals(999, lines.sharedLines());
    }
    // Judging only, as ingest does: the plain lines need no parser; the broken one gets its own.
    r = BodyReading.judging(false, IngestLimits.defaults(), TENANT, EventDefaults.none(), NOW, BASE);
    try (JsonObjects.BodyLines lines = new JsonObjects.BodyLines()) {
      lines.read(broken, r);
      assertEquals(999, r.accepted());
      assertEquals(List.of(500), r.rejections().stream().map(Rejection::index).toList());
      assertEquals(999, lines.plainLines());
      assertEquals(1, lines.parsers());
      assertEquals(0, lines.sharedLines());
    }
  }
}
