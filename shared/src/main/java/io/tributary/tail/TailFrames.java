package io.tributary.tail;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.event.EventJson;
import io.tributary.event.LogEvent;
import io.tributary.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The server-sent-events frames of a tail ({@code text/event-stream}): {@code id:}, {@code event:
 * log} and the event's JSON on one {@code data:} line; {@code : heartbeat}; {@code event: dropped}
 * with the reason; {@code retry:}. JSON never holds a raw line break, so one data line suffices.
 */
public final class TailFrames {

  public static final String MEDIA_TYPE = "text/event-stream";
  static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

  private TailFrames() {
  }

  /** {@code id: <event id>\nevent: log\ndata: <event JSON>\n\n}. */
  public static byte[] log(LogEvent e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    write(out, "id: " + oneLine(e.id()) + "\nevent: log\ndata: ");
    try (JsonGenerator g = Json.factory().createGenerator(out)) {
      EventJson.write(e, g);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    write(out, "\n\n");
    return out.toByteArray();
  }

  /** {@code event: dropped\ndata: {"reason":…}\n\n}: the last frame of a dropped tail. */
  public static byte[] dropped(String reason) {
    return ("event: dropped\ndata: {\"reason\":\"" + reason + "\"}\n\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code retry: <ms>\n\n}: how long an EventSource waits before it reconnects. */
  public static byte[] retry(long millis) {
    return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code id: <value>\n\n}: sets the client's Last-Event-ID without an event. */
  public static byte[] resumeFrom(String value) {
    return ("id: " + oneLine(value) + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
