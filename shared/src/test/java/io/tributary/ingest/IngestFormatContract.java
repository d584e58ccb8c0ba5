package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.frame.FrameCodec;
import io.tributary.testing.InMemoryEventLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link IngestFormat} passes, on its own real bodies: what ingest accepts,
 * processing reads — event for event and field for field, ids included ({@link IngestReplayCheck})
 * — whether the body travels whole, gzip-compressed, or as items; bad items are rejected by index
 * with a reason and the rest kept; a body that cannot be read is refused whole with a 4xx, and no
 * prefix of a valid body makes ingest throw or answer 5xx; and the registry finds the format by
 * its route, its media types and its wire ids.
 */
public abstract class IngestFormatContract {

  /** A body of the format, sent with {@code contentType}. */
  public record Sample(String name, String contentType, byte[] body) {
  }

  /**
   * A body with bad items: the indexes and codes ingest must reject them with, in order. The
   * other items are valid.
   */
  public record Mixed(Sample sample, List<Integer> rejectedIndexes, List<String> codes) {
  }

  /** The format under test. */
  protected abstract IngestFormat format();

  /** Valid bodies (all items valid), made from real logs; at least one with more than 100 items. */
  protected abstract List<Sample> validBodies();

  /** Bodies with some bad items. */
  protected abstract List<Mixed> mixedBodies();

  /** Bodies refused whole: the structure is broken. */
  protected abstract List<Sample> unreadableBodies();

  /** What the format's events must say, beyond agreeing with their replay (real mapping checks). */
  protected void checkEvents(Sample s, List<LogEvent> events) {
  }

  private static IngestCase caseOf(Sample s, String encoding, int frameBound) {
    byte[] sent = "gzip".equals(encoding) ? gzip(s.body()) : s.body();
    return new IngestCase(s.name(), s.contentType(), encoding, s.body(), sent,
        new EventDefaults("svc-default", "host-default", Severity.INFO), IngestLimits.defaults(), frameBound);
  }

  private IngestReplayCheck.Outcome check(Sample s, String encoding, int frameBound) {
    return IngestReplayCheck.run(caseOf(s, encoding, frameBound), format().route());
  }

  @Test
  void everyValidBodyIsAcceptedWholeAndReplaysToTheSameEvents() {
    for (Sample s : validBodies()) {
      for (String encoding : new String[] {null, "gzip"}) {
        IngestReplayCheck.Outcome o = check(s, encoding, FrameCodec.MAX_FRAME_BYTES);
        assertTrue(o.ok(), () -> s.name() + " " + encoding + ": " + o.failure());
        assertEquals(null, o.refusal(), s.name());
        assertEquals(0, o.rejected(), () -> s.name() + " rejected " + o.rejectionCodes());
        assertTrue(o.accepted() > 0, s.name());
        assertFalse(o.itemsLayout(), s.name() + " fits one frame as a body");
      }
    }
  }

  @Test
  void aBodyTooLargeForOneFrameTravelsAsItemsThatReplayTheSame() {
    Sample big = validBodies().stream().max((a, b) -> Integer.compare(a.body().length, b.body().length)).orElseThrow();
    IngestReplayCheck.Outcome o = check(big, null, 4096);
    assertTrue(o.ok(), () -> big.name() + ": " + o.failure());
    assertTrue(o.itemsLayout(), "a 4 KB frame bound sends " + big.name() + " as items");
    assertTrue(o.frames() > 1, big.name() + " took " + o.frames() + " frames");
    assertEquals(0, o.rejected());
  }

  @Test
  void theEventsSayWhatTheBodySays() {
    for (Sample s : validBodies()) {
      IngestService service = new IngestService(new InMemoryEventLog(1), new FrameCodec(), IngestLimits.defaults(),
          Clock.fixed(IngestReplayCheck.NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
      List<LogEvent> events = new ArrayList<>();
      service.probeJudging((asJudged, built) -> events.addAll(built.events()));
      IngestResult r = service.ingest(format().route(), new IngestRequest(IngestReplayCheck.TENANT, s.contentType(),
          null, s.body(), EventDefaults.none()), null);
      assertInstanceOf(IngestResult.Accepted.class, r, () -> s.name() + ": " + r);
      checkEvents(s, events);
    }
  }

  @Test
  void badItemsAreRejectedByIndexAndTheRestKept() {
    assertFalse(mixedBodies().isEmpty(), "a format has items that can be bad");
    for (Mixed m : mixedBodies()) {
      for (int bound : new int[] {FrameCodec.MAX_FRAME_BYTES, 2048}) {
        IngestReplayCheck.Outcome o = check(m.sample(), null, bound);
        assertTrue(o.ok(), () -> m.sample().name() + ": " + o.failure());
        assertEquals(null, o.refusal(), m.sample().name());
        assertEquals(m.codes(), o.rejectionCodes(), m.sample().name());
        assertTrue(o.accepted() > 0, m.sample().name() + " keeps its valid items");
      }
      IngestResult r = ingest(m.sample().contentType(), m.sample().body());
      IngestReceipt receipt = assertInstanceOf(IngestResult.Accepted.class, r).receipt();
      assertEquals(m.rejectedIndexes(), receipt.rejected().stream().map(Rejection::index).toList(),
          m.sample().name());
      receipt.rejected().forEach(x -> assertTrue(x.message().length() > 10, "a message saying what to fix: " + x));
    }
  }

  @Test
  void anUnreadableBodyIsRefusedWholeWithA4xx() {
    assertFalse(unreadableBodies().isEmpty(), "a format has bodies it cannot read");
    for (Sample s : unreadableBodies()) {
      IngestReplayCheck.Outcome o = check(s, null, FrameCodec.MAX_FRAME_BYTES);
      assertTrue(o.ok(), () -> s.name() + ": " + o.failure());
      IngestResult r = ingest(s.contentType(), s.body());
      IngestResult.Refused refused = assertInstanceOf(IngestResult.Refused.class, r, s.name());
      assertTrue(refused.problem().status() >= 400 && refused.problem().status() < 500, s.name() + ": " + refused);
    }
  }

  @Test
  void noPrefixOfAValidBodyBreaksIngest() {
    Sample s = validBodies().get(0);
    byte[] b = s.body();
    int step = Math.max(1, b.length / 97);
    for (int len = 1; len < b.length; len += step) {
      byte[] cut = java.util.Arrays.copyOf(b, len);
      IngestReplayCheck.Outcome o = check(new Sample(s.name() + " cut at " + len, s.contentType(), cut), null,
          FrameCodec.MAX_FRAME_BYTES);
      int at = len;
      assertTrue(o.ok(), () -> s.name() + " cut at " + at + ": " + o.failure());
    }
  }

  @Test
  void theRegistryFindsTheFormatByRouteMediaTypeAndWireIds() {
    IngestFormat f = format();
    IngestFormats registry = IngestFormats.standard();
    assertTrue(registry.all().contains(f), f.name() + " is registered");
    for (String media : f.mediaTypes()) {
      assertSame(f, registry.forRequest(f.route(), media + "; charset=utf-8").orElseThrow(), media);
    }
    assertEquals(f.bodyLayout(), registry.forLayout(f.bodyLayout()).orElseThrow().bodyLayout());
    assertEquals(f.itemsLayout(), registry.forLayout(f.itemsLayout()).orElseThrow().itemsLayout());
    assertNotEquals(f.bodyLayout(), f.itemsLayout());
    Set<Integer> ids = new TreeSet<>();
    for (IngestFormat other : registry.all()) {
      assertTrue(ids.add(other.bodyLayout().code()), "body wire ids are unique: " + other.name());
    }
  }

  private IngestResult ingest(String contentType, byte[] body) {
    IngestService service = new IngestService(new InMemoryEventLog(1), new FrameCodec(), IngestLimits.defaults(),
        Clock.fixed(IngestReplayCheck.NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
    return service.ingest(format().route(), new IngestRequest(IngestReplayCheck.TENANT, contentType, null, body,
        EventDefaults.none()), null);
  }

  protected static byte[] gzip(byte[] raw) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream g = new GZIPOutputStream(out)) {
        g.write(raw);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
