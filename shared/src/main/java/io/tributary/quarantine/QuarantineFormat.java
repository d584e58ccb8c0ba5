package io.tributary.quarantine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.TenantId;
import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.CorruptFrameException;
import io.tributary.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * How a quarantined frame is kept (a file locally, a blob in Azure): its entry as a small JSON
 * object, then the frame's bytes untouched.
 *
 * <pre>
 * 'T' 'Q' version:u8 headerLength:varint header:json(utf-8) frame:bytes
 * header = {"partition","offset","tenant" (or null),"reason","message","attempts","quarantinedAt" (ISO-8601),
 *           "events","frameBytes"}
 * </pre>
 *
 * <p>Version 1. Readers ignore header fields they do not know, so fields may be added without a
 * new version. Thread-safe.
 */
public final class QuarantineFormat {

  public static final int VERSION = 1;
  /** Enough bytes to hold any header (a message is at most 1,000 characters). */
  public static final int MAX_HEADER_BYTES = 16 << 10;

  private QuarantineFormat() {
  }

  public static byte[] encode(QuarantinedFrame f) {
    byte[] header = header(f.entry());
    ByteWriter w = new ByteWriter(8 + header.length + f.frame().length);
    w.writeByte('T');
    w.writeByte('Q');
    w.writeByte(VERSION);
    w.writeVarInt(header.length);
    w.writeBytes(header, 0, header.length);
    w.writeBytes(f.frame(), 0, f.frame().length);
    return w.toByteArray();
  }

  private static byte[] header(QuarantineEntry e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.factory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("partition", e.key().partition());
      g.writeNumberField("offset", e.key().offset());
      g.writeStringField("tenant", e.tenant() == null ? null : e.tenant().value());
      g.writeStringField("reason", e.reason());
      g.writeStringField("message", e.message());
      g.writeNumberField("attempts", e.attempts());
      g.writeStringField("quarantinedAt", e.quarantinedAt().toString());
      g.writeNumberField("events", e.events());
      g.writeNumberField("frameBytes", e.frameBytes());
      g.writeEndObject();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return out.toByteArray();
  }

  /** A whole record: its entry and frame. */
  public static QuarantinedFrame decode(byte[] record) {
    ByteReader r = new ByteReader(record, 0, record.length);
    QuarantineEntry e = entry(r, record);
    int at = r.position();
    if (record.length - at != e.frameBytes()) {
      throw new CorruptFrameException("quarantine record holds " + (record.length - at) + " frame bytes, its header says "
          + e.frameBytes());
    }
    return new QuarantinedFrame(e, Arrays.copyOfRange(record, at, record.length));
  }

  /**
   * The entry of a record of which {@code prefix} holds at least the first {@link #MAX_HEADER_BYTES}
   * bytes (or all of it).
   */
  public static QuarantineEntry decodeEntry(byte[] prefix, int length) {
    return entry(new ByteReader(prefix, 0, length), prefix);
  }

  private static QuarantineEntry entry(ByteReader r, byte[] buf) {
    if (r.readByte() != 'T' || r.readByte() != 'Q') {
      throw new CorruptFrameException("not a quarantine record (bad magic)");
    }
    int version = r.readByte();
    if (version != VERSION) {
      throw new CorruptFrameException("unknown quarantine record version " + version);
    }
    int n = r.readVarInt();
    int at = r.position();
    r.skip(n);
    try {
      JsonNode h = Json.mapper().readTree(buf, at, n);
      JsonNode tenant = h.path("tenant");
      return new QuarantineEntry(
          new QuarantineKey(h.path("partition").asInt(-1), h.path("offset").asLong(-1)),
          tenant.isTextual() && TenantId.isValid(tenant.asText()) ? TenantId.of(tenant.asText()) : null,
          h.path("reason").asText(),
          h.path("message").asText(""),
          h.path("attempts").asInt(),
          Instant.parse(h.path("quarantinedAt").asText()),
          h.path("events").asInt(-1),
          h.path("frameBytes").asInt(-1));
    } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
      throw new CorruptFrameException("quarantine record header does not read: " + e.getMessage());
    }
  }
}
