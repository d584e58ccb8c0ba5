package io.tributary.loadtest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A realistic event stream from the Loghub samples: the real lines of eight systems, multiplied to
 * any size with the variable parts varied as real ones vary (every digit of a line's content is
 * redrawn, hosts come from a pool, times advance), so compression and pattern mining see real
 * cardinality rather than one line repeated.
 */
public final class Corpus {

  /** One real line: the raw text and where its content starts, with its system and level. */
  record Line(String system, String raw, int contentStart, String level, String component, String content) {
  }

  private final List<Line> lines;
  private final String[] hosts;

  private Corpus(List<Line> lines, String[] hosts) {
    this.lines = lines;
    this.hosts = hosts;
  }

  public static Corpus load(Path loghub) {
    List<Line> lines = new ArrayList<>();
    try {
      for (String system : List.of("Android", "Apache", "BGL", "HDFS", "HealthApp", "OpenSSH", "Spark", "Zookeeper")) {
        List<String> raw = Files.readAllLines(loghub.resolve(system).resolve(system + "_2k.log"), StandardCharsets.UTF_8);
        List<List<String>> rows = Csv.parse(Files.readString(
            loghub.resolve(system).resolve(system + "_2k.log_structured.csv"), StandardCharsets.UTF_8));
        List<String> header = rows.get(0);
        int content = header.indexOf("Content");
        int level = header.indexOf("Level");
        int component = header.indexOf("Component");
        for (int i = 0; i < raw.size() && i + 1 < rows.size(); i++) {
          List<String> row = rows.get(i + 1);
          String c = row.get(content);
          int at = raw.get(i).lastIndexOf(c);
          lines.add(new Line(system.toLowerCase(Locale.ROOT), raw.get(i), at < 0 ? 0 : at,
              level >= 0 ? row.get(level) : "INFO", component >= 0 ? row.get(component) : system, c));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] hosts = new String[64];
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = "ip-10-0-" + (i / 16) + "-" + (i * 7 % 250);
    }
    return new Corpus(lines, hosts);
  }

  public int size() {
    return lines.size();
  }

  /** Redraws every digit from {@code from} on, keeping the line's shape. */
  public static String vary(String s, int from, Random r) {
    char[] c = s.toCharArray();
    for (int i = from; i < c.length; i++) {
      if (c[i] >= '0' && c[i] <= '9') {
        c[i] = (char) ('0' + r.nextInt(10));
      }
    }
    return new String(c);
  }

  /** {@code n} raw lines (varied), newline-terminated, as a text/plain body. */
  public byte[] textBatch(int n, Random r) {
    StringBuilder sb = new StringBuilder(n * 140);
    for (int i = 0; i < n; i++) {
      Line l = lines.get(r.nextInt(lines.size()));
      sb.append(vary(l.raw(), l.contentStart(), r)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code n} JSON events (varied), one per line, with times from {@code startMillis} on. As in a
   * real system, a trace id is shared by the run of events of one request (1 to 40 of them) and a
   * host runs a few processes, so ids repeat as they do in production, not once per line.
   */
  public byte[] ndjsonBatch(int n, Random r, long startMillis, String idPrefix) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(n * 300);
    String trace = null;
    int traceLeft = 0;
    try (JsonGenerator g = Json.factory().createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (int i = 0; i < n; i++) {
        Line l = lines.get(r.nextInt(lines.size()));
        if (traceLeft-- <= 0) {
          trace = Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
          traceLeft = 1 + r.nextInt(40);
        }
        int hostIndex = r.nextInt(hosts.length);
        g.writeStartObject();
        if (idPrefix != null) {
          g.writeStringField("id", idPrefix + i);
        }
        g.writeStringField("timestamp", Instant.ofEpochMilli(startMillis + i).toString());
        g.writeStringField("level", l.level().isEmpty() ? "INFO" : l.level());
        g.writeStringField("service", l.system());
        g.writeStringField("host", hosts[hostIndex]);
        g.writeStringField("message", vary(l.content(), 0, r));
        g.writeObjectFieldStart("attributes");
        g.writeStringField("component", l.component());
        g.writeNumberField("pid", 1000 + hostIndex * 97 + r.nextInt(3));
        g.writeStringField("trace_id", trace);
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The events of {@link #ndjsonBatch} as an OTLP {@code ExportLogsServiceRequest} in protobuf, as
   * an SDK batches them: one resource (service and host) per run of 100 records, one scope.
   */
  public byte[] otlpProtobufBatch(int n, Random r, long startMillis) {
    ByteArrayOutputStream request = new ByteArrayOutputStream(n * 250);
    for (int from = 0; from < n; from += 100) {
      int hostIndex = r.nextInt(hosts.length);
      ByteArrayOutputStream records = new ByteArrayOutputStream(100 * 250);
      String service = null;
      for (int i = from; i < Math.min(n, from + 100); i++) {
        Line l = lines.get(r.nextInt(lines.size()));
        service = service == null ? l.system() : service;
        ByteArrayOutputStream rec = new ByteArrayOutputStream(256);
        rec.write(0x09); // time_unix_nano, fixed64
        long t = (startMillis + i) * 1_000_000L;
        for (int k = 0; k < 8; k++) {
          rec.write((int) (t >>> (8 * k)));
        }
        String level = l.level().isEmpty() ? "INFO" : l.level();
        protoVarint(rec, 2, level.startsWith("E") ? 17 : level.startsWith("W") ? 13 : 9);
        protoBytes(rec, 3, level.getBytes(StandardCharsets.UTF_8));
        protoBytes(rec, 5, protoField(1, vary(l.content(), 0, r).getBytes(StandardCharsets.UTF_8)));
        protoBytes(rec, 6, keyValue("component", protoField(1, l.component().getBytes(StandardCharsets.UTF_8))));
        ByteArrayOutputStream pid = new ByteArrayOutputStream();
        protoVarint(pid, 3, 1000 + hostIndex * 97 + r.nextInt(3));
        protoBytes(rec, 6, keyValue("pid", pid.toByteArray()));
        byte[] trace = new byte[16];
        r.nextBytes(trace);
        protoBytes(rec, 9, trace);
        protoBytes(records, 2, rec.toByteArray());
      }
      ByteArrayOutputStream scope = new ByteArrayOutputStream();
      protoBytes(scope, 1, protoField(1, "io.tributary.bench".getBytes(StandardCharsets.UTF_8)));
      scope.writeBytes(records.toByteArray());
      ByteArrayOutputStream resource = new ByteArrayOutputStream();
      resource.writeBytes(protoField(1, keyValue("service.name", protoField(1, service.getBytes(StandardCharsets.UTF_8)))));
      resource.writeBytes(protoField(1, keyValue("host.name", protoField(1,
          hosts[hostIndex].getBytes(StandardCharsets.UTF_8)))));
      ByteArrayOutputStream rl = new ByteArrayOutputStream();
      protoBytes(rl, 1, resource.toByteArray());
      protoBytes(rl, 2, scope.toByteArray());
      protoBytes(request, 1, rl.toByteArray());
    }
    return request.toByteArray();
  }

  /** The events of {@link #ndjsonBatch} as an Elasticsearch bulk body of ECS documents. */
  public byte[] elasticBulkBatch(int n, Random r, long startMillis) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(n * 320);
    try (JsonGenerator g = Json.factory().createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (int i = 0; i < n; i++) {
        Line l = lines.get(r.nextInt(lines.size()));
        int hostIndex = r.nextInt(hosts.length);
        g.writeRaw("{\"create\":{}}\n");
        g.writeStartObject();
        g.writeStringField("@timestamp", Instant.ofEpochMilli(startMillis + i).toString());
        g.writeStringField("message", vary(l.content(), 0, r));
        g.writeObjectFieldStart("log");
        g.writeStringField("level", l.level().isEmpty() ? "INFO" : l.level());
        g.writeEndObject();
        g.writeObjectFieldStart("service");
        g.writeStringField("name", l.system());
        g.writeEndObject();
        g.writeObjectFieldStart("host");
        g.writeStringField("name", hosts[hostIndex]);
        g.writeEndObject();
        g.writeObjectFieldStart("process");
        g.writeNumberField("pid", 1000 + hostIndex * 97 + r.nextInt(3));
        g.writeEndObject();
        g.writeStringField("component", l.component());
        g.writeEndObject();
        g.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The events of {@link #ndjsonBatch} as a Loki push in JSON: streams of up to 100 entries (one
   * service and host each), the level and component as structured metadata.
   */
  public byte[] lokiJsonBatch(int n, Random r, long startMillis) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(n * 260);
    try (JsonGenerator g = Json.factory().createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("streams");
      for (int from = 0; from < n; from += 100) {
        int hostIndex = r.nextInt(hosts.length);
        Line first = lines.get(r.nextInt(lines.size()));
        g.writeStartObject();
        g.writeObjectFieldStart("stream");
        g.writeStringField("service_name", first.system());
        g.writeStringField("host", hosts[hostIndex]);
        g.writeStringField("job", "bench");
        g.writeEndObject();
        g.writeArrayFieldStart("values");
        for (int i = from; i < Math.min(n, from + 100); i++) {
          Line l = lines.get(r.nextInt(lines.size()));
          g.writeStartArray();
          g.writeString(Long.toString((startMillis + i) * 1_000_000L));
          g.writeString(vary(l.content(), 0, r));
          g.writeStartObject();
          g.writeStringField("level", l.level().isEmpty() ? "INFO" : l.level());
          g.writeStringField("component", l.component());
          g.writeEndObject();
          g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The same push as a Loki protobuf PushRequest, uncompressed (Loki's clients snappy it). */
  public byte[] lokiProtobufBatch(int n, Random r, long startMillis) {
    ByteArrayOutputStream request = new ByteArrayOutputStream(n * 220);
    for (int from = 0; from < n; from += 100) {
      int hostIndex = r.nextInt(hosts.length);
      Line first = lines.get(r.nextInt(lines.size()));
      ByteArrayOutputStream stream = new ByteArrayOutputStream(100 * 220);
      protoBytes(stream, 1, ("{service_name=\"" + first.system() + "\", host=\"" + hosts[hostIndex]
          + "\", job=\"bench\"}").getBytes(StandardCharsets.UTF_8));
      for (int i = from; i < Math.min(n, from + 100); i++) {
        Line l = lines.get(r.nextInt(lines.size()));
        long t = (startMillis + i) * 1_000_000L;
        ByteArrayOutputStream ts = new ByteArrayOutputStream(16);
        protoVarint(ts, 1, t / 1_000_000_000L);
        protoVarint(ts, 2, t % 1_000_000_000L);
        ByteArrayOutputStream entry = new ByteArrayOutputStream(256);
        protoBytes(entry, 1, ts.toByteArray());
        protoBytes(entry, 2, vary(l.content(), 0, r).getBytes(StandardCharsets.UTF_8));
        protoBytes(entry, 3, labelPair("level", l.level().isEmpty() ? "INFO" : l.level()));
        protoBytes(entry, 3, labelPair("component", l.component()));
        protoBytes(stream, 2, entry.toByteArray());
      }
      protoBytes(request, 1, stream.toByteArray());
    }
    return request.toByteArray();
  }

  private static byte[] labelPair(String name, String value) {
    ByteArrayOutputStream kv = new ByteArrayOutputStream();
    protoBytes(kv, 1, name.getBytes(StandardCharsets.UTF_8));
    protoBytes(kv, 2, value.getBytes(StandardCharsets.UTF_8));
    return kv.toByteArray();
  }

  /** The events of {@link #ndjsonBatch} as RFC 5424 syslog messages, one a line, with structured data. */
  public byte[] syslogBatch(int n, Random r, long startMillis) {
    StringBuilder sb = new StringBuilder(n * 220);
    for (int i = 0; i < n; i++) {
      Line l = lines.get(r.nextInt(lines.size()));
      int hostIndex = r.nextInt(hosts.length);
      String level = l.level().isEmpty() ? "INFO" : l.level();
      int severity = level.startsWith("E") ? 3 : level.startsWith("W") ? 4 : 6;
      sb.append('<').append(16 * 8 + severity).append(">1 ").append(Instant.ofEpochMilli(startMillis + i))
          .append(' ').append(hosts[hostIndex]).append(' ').append(l.system()).append(' ')
          .append(1000 + hostIndex * 97 + r.nextInt(3)).append(" - [meta component=\"")
          .append(l.component().replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]"))
          .append("\"] ").append(vary(l.content(), 0, r)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] keyValue(String key, byte[] anyValue) {
    ByteArrayOutputStream kv = new ByteArrayOutputStream();
    protoBytes(kv, 1, key.getBytes(StandardCharsets.UTF_8));
    protoBytes(kv, 2, anyValue);
    return kv.toByteArray();
  }

  private static byte[] protoField(int field, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    protoBytes(out, field, value);
    return out.toByteArray();
  }

  private static void protoBytes(ByteArrayOutputStream out, int field, byte[] value) {
    writeVarint(out, field << 3 | 2);
    writeVarint(out, value.length);
    out.writeBytes(value);
  }

  private static void protoVarint(ByteArrayOutputStream out, int field, long v) {
    writeVarint(out, field << 3);
    writeVarint(out, v);
  }

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  public static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4);
    try (GZIPOutputStream g = new GZIPOutputStream(out, 65536) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      g.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
