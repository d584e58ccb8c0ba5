package io.tributary.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.luben.zstd.Zstd;
import io.tributary.event.EventJson;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of an archive segment: the events as NDJSON (one {@link EventJson} object per line),
 * compressed as one zstd frame, so {@code zstdcat segment | jq} reads it.
 */
public final class ArchiveSegments {

  private static final int LEVEL = 3;

  private ArchiveSegments() {
  }

  public static byte[] encode(List<LogEvent> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 300);
    try (JsonGenerator g = Json.factory().createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (LogEvent e : events) {
        EventJson.write(e, g);
        g.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Zstd.compress(out.toByteArray(), LEVEL);
  }

  public static List<LogEvent> decode(TenantId tenant, byte[] segment) throws IOException {
    long size = Zstd.getFrameContentSize(segment);
    if (size < 0 || size > Integer.MAX_VALUE) {
      throw new IOException("archive segment has no readable zstd frame");
    }
    byte[] raw;
    try {
      raw = Zstd.decompress(segment, (int) size);
    } catch (com.github.luben.zstd.ZstdException e) {
      throw new IOException("archive segment does not decompress: " + e.getMessage(), e);
    }
    List<LogEvent> events = new ArrayList<>();
    try (JsonParser p = Json.factory().createParser(raw)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_OBJECT) {
          throw new IOException("archive segment holds " + t + " where an event should be");
        }
        events.add(EventJson.read(p, tenant));
      }
    }
    return events;
  }
}
