package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.event.EventIds;
import io.tributary.event.LogEvent;
import io.tributary.json.Json;
import io.tributary.testing.Loghub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainObjectJudge} accepts only what {@link EventObjectReader} accepts, with the same time,
 * on every plain line tried: real log lines as senders write them, lines of the ingest property
 * tests' generator, the same lines broken byte by byte, and the edges of JSON's grammar and of each
 * limit. And it is what reads the lines most senders send, not a path that never runs.
 */
class PlainObjectJudgeTest {

  private static final IngestLimits DEFAULTS = IngestLimits.defaults();
  /** 3 attributes, names of at most 12 characters, 2 levels of nesting. */
  private static final IngestLimits TINY = new IngestLimits(1 << 20, 1 << 20, 1000, 4096, 3, 12, 2,
      DEFAULTS.maxFutureNanos(), IngestLimits.DEFAULT_MAX_EXPANSION);

  /** The reader's verdict on one line, judged only: the event's time when accepted, else null. */
  private static Long reader(byte[] b, int from, int to, IngestLimits limits) {
    EventObjectReader reader = new EventObjectReader(limits, false);
    reader.checkText(false);
    try (JsonParser p = Json.factory().createParser(b, from, to - from)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      EventDraft d = reader.read(p, b, from);
      if (p.nextToken() != null || d.errorCode != null || d.messageLength <= 0) {
        return null;
      }
      return d.timeNanos;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Checks one line both ways; true when the judge accepted it. */
  private static boolean agrees(byte[] line, IngestLimits limits) {
    PlainObjectJudge judge = new PlainObjectJudge(limits);
    if (!judge.accepts(line, 0, line.length)) {
      return false;
    }
    long scan = Utf8.scanLine(line, 0, line.length);
    assertEquals(line.length, (int) scan, "the judge accepts one line only");
    assertEquals(0, scan >>> 32, "the judge accepts plain lines only (ASCII, no NUL, no surrogate escape)");
    Long time = reader(line, 0, line.length, limits);
    String what = new String(line, StandardCharsets.ISO_8859_1) + " with " + limits;
    assertTrue(time != null, "the judge accepted what the reader does not: " + what);
    assertEquals(time.longValue(), judge.timeNanos(), "the time of " + what);
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Loghub lines as a shipper sends them (the load harness's shape), escapes where JSON needs them. */
  private static List<byte[]> loghubEvents() {
    List<byte[]> out = new ArrayList<>();
    Random r = new Random(7);
    for (String system : Loghub.SYSTEMS) {
      for (String line : Loghub.lines(system)) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.factory().createGenerator(bytes)) {
          g.writeStartObject();
          g.writeStringField("timestamp", "2026-11-30T12:00:0" + r.nextInt(10) + "." + r.nextInt(1000) + "Z");
          g.writeStringField("level", r.nextBoolean() ? "INFO" : "WARN");
          g.writeStringField("service", system);
          g.writeStringField("host", "host-" + r.nextInt(8));
          g.writeStringField("message", line);
          g.writeObjectFieldStart("attributes");
          g.writeStringField("component", system.toLowerCase());
          g.writeNumberField("pid", 1000 + r.nextInt(50));
          g.writeStringField("trace_id", Long.toHexString(r.nextLong()));
          g.writeEndObject();
          g.writeEndObject();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        out.add(bytes.toByteArray());
      }
    }
    return out;
  }

  @Test
  void realLinesAsShippersSendThemAreJudgedWithoutAParserAndAlikeBrokenByteByByte() {
    int plain = 0;
    int taken = 0;
    int mutated = 0;
    int mutatedTaken = 0;
    Random r = new Random(20261130);
    byte[] alphabet = ascii("{}[],:\"\\ \t0123456789.-+eEnultrfasbu/x\u0001\u007f");
    for (byte[] line : loghubEvents()) {
      long scan = Utf8.scanLine(line, 0, line.length);
      if ((scan >>> 32) != 0) {
        assertFalse(new PlainObjectJudge(DEFAULTS).accepts(line, 0, line.length), "not plain: the parser's work");
        continue;
      }
      plain++;
      if (agrees(line, DEFAULTS)) {
        taken++;
      }
      for (int k = 0; k < 6; k++) {
        byte[] m = mutate(line, r, alphabet);
        mutated++;
        if (agrees(m, DEFAULTS) | agrees(m, TINY)) {
          mutatedTaken++;
        }
      }
    }
    assertTrue(plain > 15_000, "the corpus is mostly ASCII: " + plain);
    assertEquals(plain, taken, "every well-formed plain event is judged without a parser");
    assertTrue(mutatedTaken > mutated / 10 && mutatedTaken < mutated, mutatedTaken + " of " + mutated);
  }

  /** One to three edits: a byte replaced, inserted or deleted, or the line cut. */
  private static byte[] mutate(byte[] line, Random r, byte[] alphabet) {
    byte[] m = line.clone();
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits && m.length > 0; e++) {
      int at = r.nextInt(m.length);
      byte c = alphabet[r.nextInt(alphabet.length)];
      switch (r.nextInt(4)) {
        case 0 -> m[at] = c;
        case 1 -> {
          byte[] n = new byte[m.length + 1];
          System.arraycopy(m, 0, n, 0, at);
          n[at] = c;
          System.arraycopy(m, at, n, at + 1, m.length - at);
          m = n;
        }
        case 2 -> {
          byte[] n = new byte[m.length - 1];
          System.arraycopy(m, 0, n, 0, at);
          System.arraycopy(m, at + 1, n, at, m.length - at - 1);
          m = n;
        }
        default -> m = java.util.Arrays.copyOf(m, at);
      }
    }
    return m;
  }

  @Test
  void theIngestGeneratorsLinesAgreeUnderEveryLimit() {
    Random r = new Random(19);
    int lines = 0;
    int taken = 0;
    for (int i = 0; i < 4000; i++) {
      IngestCase c = IngestCases.next(r);
      if (!c.shape().equals("ndjson") && !c.shape().equals("json-lines")) {
        continue;
      }
      byte[] raw = c.raw();
      int start = Lines.bomLength(raw);
      PlainObjectJudge judge = new PlainObjectJudge(c.limits());
      while (start < raw.length) {
        int stop = Utf8.indexOfNewline(raw, start, raw.length);
        int judged = judge.line(raw, start, raw.length);
        assertTrue(judged == -1 || judged == stop, "the judge ends a line where its LF is");
        int lineEnd = stop > start && raw[stop - 1] == '\r' ? stop - 1 : stop;
        byte[] line = java.util.Arrays.copyOfRange(raw, start, lineEnd);
        lines++;
        if (agrees(line, c.limits()) | agrees(line, TINY)) {
          taken++;
        }
        start = stop + 1;
      }
    }
    assertTrue(lines > 5000 && taken > lines / 10, taken + " of " + lines);
  }

  @Test
  void theEdgesOfTheGrammarAndOfEachLimit() {
    String[] accepted = {
        "{\"message\":\"x\"}",
        "  {\"message\" : \"x\" , \"n\" : -0.5e+3 }  \t",
        "{\"msg\":12}", "{\"log\":true}", "{\"body\":-0}",
        "{\"message\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\"}",
        "{\"message\":\"x\",\"ts\":0}", "{\"message\":\"x\",\"ts\":1700000000123}",
        "{\"message\":\"x\",\"time\":\"2024-05-01T12:00:00.123+02:00\"}",
        "{\"message\":\"x\",\"timestamp\":null,\"level\":42,\"severityNumber\":9.5}",
        "{\"message\":\"\",\"msg\":\"later wins\"}",
        "{\"message\":\"x\",\"id\":\"c-1\",\"traceId\":1,\"spanId\":false,\"host\":123}",
        "{\"message\":\"x\",\"service\":{\"name\":\"api\",\"v\":{}},\"attributes\":{\"a\":{\"b\":1}}}",
        "{\"message\":\"x\",\"k\":\"\\u0041\",\"\":null}",
    };
    for (String s : accepted) {
      assertTrue(agrees(ascii(s), DEFAULTS), "accepted: " + s);
    }
    String[] notSure = {
        "{\"message\":\"\"}", "{}", "{\"message\":\"x\"} {}", "{\"message\":\"x\"}x", "[{\"message\":\"x\"}]",
        "{\"message\":\"x\",}", "{\"message\":\"x\"", "{\"message\":01}", "{\"message\":1.}", "{\"message\":.5}",
        "{\"message\":+1}", "{\"message\":1e}", "{\"message\":-}", "{\"message\":nul}", "{\"message\":truex}",
        "{\"message\":\"bad \\q\"}", "{\"message\":\"short \\u12\"}", "{\"message\":\"tab\tin\"}",
        "{\"message\":{}}", "{\"message\":[1]}", "{\"message\":\"x\",\"ts\":-1}", "{\"message\":\"x\",\"ts\":1.5}",
        "{\"message\":\"x\",\"ts\":\"yesterday\"}", "{\"message\":\"x\",\"ts\":1234567890123456789}",
        "{\"message\":\"x\",\"level\":true}", "{\"message\":\"x\",\"severityNumber\":\"9\"}",
        "{\"message\":\"x\",\"id\":\"has space\"}", "{\"message\":\"x\",\"id\":\"" + EventIds.format(0x0192_5A3B_4C5DL << 16 | 0x1234, 0x0123_4567_89AB_CDEFL) + "\"}",
        "{\"message\":\"x\",\"traceId\":{}}", "{\"message\":\"x\",\"tags\":[1]}", "{\"message\":\"x\",\"\":1}",
        "{\"mess\\u0061ge\":\"x\"}", "{\"message\":\"lone \\ud800\"}", "{\"message\":\"pair \\uD83D\\uDE00\"}",
        "{\"message\":\"caf\u00e9\"}", "{\"message\":\"nul \u0000\"}", "{\"message\":\"x\"}\n{\"message\":\"y\"}",
        "{\"message\":\n\"x\"}", "{\"message\":\"x\",\"service\":\"" + "s".repeat(DEFAULTS.maxNameLength() + 1) + "\"}",
        "{\"message\":\"x\",\"" + "k".repeat(DEFAULTS.maxNameLength() + 1) + "\":1}",
    };
    for (String s : notSure) {
      assertFalse(agrees(ascii(s), DEFAULTS), "not sure: " + s);
    }
    // The limits, at and past each.
    assertTrue(agrees(ascii("{\"message\":\"x\",\"a\":1,\"b\":2,\"c\":null,\"d\":3}"), TINY));
    assertFalse(agrees(ascii("{\"message\":\"x\",\"a\":1,\"b\":2,\"c\":3,\"d\":4}"), TINY), "a fourth attribute");
    assertTrue(agrees(ascii("{\"message\":\"x\",\"attrs\":{\"abcdef\":{\"ghijk\":1}}}"), TINY), "12 characters");
    assertFalse(agrees(ascii("{\"message\":\"x\",\"attrs\":{\"abcdef\":{\"ghijkl\":1}}}"), TINY), "13 characters");
    assertTrue(agrees(ascii("{\"message\":\"x\",\"x\":{\"y\":1}}"), TINY), "two levels");
    assertFalse(agrees(ascii("{\"message\":\"x\",\"x\":{\"y\":{\"z\":1}}}"), TINY), "three levels");
    assertTrue(agrees(ascii("{\"message\":\"x\",\"service\":{\"y\":{\"z\":1}}}"), TINY), "service's object is level one");
    assertTrue(agrees(ascii("{\"message\":\"x\",\"host\":\"abcdefghijkl\"}"), TINY));
    assertFalse(agrees(ascii("{\"message\":\"x\",\"host\":\"abcdefghijklm\"}"), TINY));
    // The time itself: what the reader makes of it.
    PlainObjectJudge judge = new PlainObjectJudge(DEFAULTS);
    byte[] untimed = ascii("{\"message\":\"x\"}");
    assertTrue(judge.accepts(untimed, 0, untimed.length));
    assertEquals(LogEvent.UNSET_TIME, judge.timeNanos());
    byte[] timed = ascii("{\"message\":\"x\",\"ts\":1700000000}");
    assertTrue(judge.accepts(timed, 0, timed.length));
    assertEquals(1_700_000_000_000_000_000L, judge.timeNanos());
  }
}
