package io.tributary.local.testing;

import io.tributary.event.TenantId;
import io.tributary.frame.FrameCodec;
import io.tributary.frame.FrameHeader;
import io.tributary.frame.PayloadCodec;
import io.tributary.frame.PayloadLayout;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestLimits;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestResult;
import io.tributary.ingest.IngestService;
import io.tributary.testing.InMemoryEventLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Frames for processing tests: as ingest makes them, and as ingest would never make them (damaged
 * bytes, items that do not read back, decompression bombs written past ingest's limits).
 */
public final class TestFrames {

  private TestFrames() {
  }

  /** The one frame ingest makes of an NDJSON body of these lines. */
  public static byte[] ndjson(TenantId tenant, String... lines) {
    InMemoryEventLog captured = new InMemoryEventLog(1);
    IngestService ingest = new IngestService(captured, new FrameCodec(), IngestLimits.defaults(), Clock.systemUTC(),
        Duration.ofSeconds(5));
    IngestResult r = ingest.ingest(new IngestRequest(tenant, "application/x-ndjson", null,
        String.join("\n", lines).getBytes(StandardCharsets.UTF_8), EventDefaults.none()));
    if (!(r instanceof IngestResult.Accepted)) {
      throw new IllegalArgumentException("ingest refused the body: " + r);
    }
    List<byte[]> frames = captured.frames();
    if (frames.size() != 1) {
      throw new IllegalStateException(frames.size() + " frames");
    }
    return frames.get(0);
  }

  /** Events {@code {"id":…,"message":…}} with these ids, the message being {@code prefix + id}. */
  public static byte[] withIds(TenantId tenant, String prefix, String... ids) {
    String[] lines = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      lines[i] = "{\"id\":\"" + ids[i] + "\",\"message\":\"" + prefix + ids[i] + "\"}";
    }
    return ndjson(tenant, lines);
  }

  /** Bytes that are no frame at all. */
  public static byte[] garbage() {
    return "XX this is not a frame".getBytes(StandardCharsets.UTF_8);
  }

  /** A frame whose header reads but whose zstd payload is damaged. */
  public static byte[] damagedPayload(TenantId tenant) {
    byte[] f = ndjson(tenant, "{\"message\":\"soon damaged\"}", "{\"message\":\"also damaged\"}");
    byte[] d = f.clone();
    for (int i = d.length - 8; i < d.length; i++) {
      d[i] ^= 0x5A;
    }
    return d;
  }

  /**
   * An NDJSON body frame of which the middle line does not read back (it is not JSON, and
   * ingest's skip list does not name it): the two others do.
   */
  public static byte[] withUnreadableItem(TenantId tenant, String id1, String id2) {
    // The middle line is not JSON: replay, which builds whatever it can parse, cannot read it.
    String body = "{\"id\":\"" + id1 + "\",\"message\":\"readable " + id1 + "\"}\n{\"message\":\"cut\n"
        + "{\"id\":\"" + id2 + "\",\"message\":\"readable " + id2 + "\"}\n";
    return body(tenant, PayloadLayout.NDJSON_BODY, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A decompression bomb as a client could send one, written straight to the event log: {@code events}
   * tiny NDJSON events, zstd-compressed to a few hundred bytes.
   */
  public static byte[] bomb(TenantId tenant, int events) {
    byte[] body = "{\"message\":\"a\"}\n".repeat(events).getBytes(StandardCharsets.UTF_8);
    return body(tenant, PayloadLayout.NDJSON_BODY, body);
  }

  /** A frame of {@code raw} as ingest frames a body, zstd-compressed. */
  public static byte[] body(TenantId tenant, PayloadLayout layout, byte[] raw) {
    long millis = System.currentTimeMillis();
    long[] idBase = io.tributary.event.EventIds.base(millis);
    EventDefaults d = EventDefaults.none();
    FrameHeader h = new FrameHeader(tenant, millis * 1_000_000L, idBase[0], idBase[1], 0, d.service(), d.host(),
        d.severity(), layout, new int[0]);
    byte[] compressed = com.github.luben.zstd.Zstd.compress(raw, 3);
    byte[] f = new FrameCodec().encodeBody(h, PayloadCodec.ZSTD, compressed, raw.length);
    if (f == null) {
      throw new IllegalArgumentException("the body does not fit one frame");
    }
    return f;
  }
}
