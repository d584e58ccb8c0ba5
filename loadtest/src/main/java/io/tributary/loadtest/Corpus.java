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
  static String vary(String s, int from, Random r) {
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
