package io.tributary.ingest.loki;

import com.github.loki4j.pkg.loki.protobuf.Push;
import com.github.loki4j.pkg.google.protobuf.Timestamp;
import io.tributary.json.Json;
import io.tributary.testing.Loghub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Loki pushes of Loghub lines, as Promtail and loki4j write them: one stream per system with
 * labels, entries out of order and years old, structured metadata on some.
 */
final class LokiSamples {

  /** Years before the tests' "now": Loki's default refuses such entries; we keep them. */
  static final Instant BASE = Instant.parse("2019-03-01T10:00:00Z");
  static final List<String> SYSTEMS = List.of("HDFS", "OpenSSH", "Apache");

  private LokiSamples() {
  }

  static Map<String, String> labels(String system) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put("job", "varlogs");
    l.put("service_name", system.toLowerCase(Locale.ROOT));
    l.put("host", "node-" + system.length());
    l.put("env", "prod");
    return l;
  }

  /** Nanoseconds of entry {@code i}: out of order (odd ones earlier), years old. */
  static long nanos(int i) {
    long ms = BASE.toEpochMilli() + (i % 2 == 0 ? i : -i) * 1000L;
    return ms * 1_000_000L + i;
  }

  static Map<String, String> metadata(int i) {
    return i % 3 == 0 ? Map.of() : i % 3 == 1 ? Map.of("level", "error", "trace_id", "t" + i)
        : Map.of("thread", "worker-" + i);
  }

  /** A JSON push of {@code perSystem} lines of each system. */
  static byte[] json(int perSystem) {
    List<Object> streams = new ArrayList<>();
    for (String system : SYSTEMS) {
      List<Object> values = new ArrayList<>();
      List<String> lines = Loghub.lines(system);
      for (int i = 0; i < perSystem; i++) {
        Map<String, String> md = metadata(i);
        values.add(md.isEmpty() ? List.of(Long.toString(nanos(i)), lines.get(i))
            : List.of(Long.toString(nanos(i)), lines.get(i), md));
      }
      streams.add(Map.of("stream", labels(system), "values", values));
    }
    return Json.bytes(Map.of("streams", streams));
  }

  /** The same push as a protobuf PushRequest, uncompressed. */
  static Push.PushRequest proto(int perSystem) {
    Push.PushRequest.Builder req = Push.PushRequest.newBuilder();
    for (String system : SYSTEMS) {
      req.addStreams(stream(promLabels(labels(system)), system, 0, perSystem));
    }
    return req.build();
  }

  static Push.StreamAdapter.Builder stream(String labels, String system, int from, int to) {
    Push.StreamAdapter.Builder s = Push.StreamAdapter.newBuilder().setLabels(labels);
    List<String> lines = Loghub.lines(system);
    for (int i = from; i < to; i++) {
      s.addEntries(entry(i, lines.get(i)));
    }
    return s;
  }

  static Push.EntryAdapter.Builder entry(int i, String line) {
    long ns = nanos(i);
    Push.EntryAdapter.Builder e = Push.EntryAdapter.newBuilder()
        .setTimestamp(Timestamp.newBuilder().setSeconds(ns / 1_000_000_000L).setNanos((int) (ns % 1_000_000_000L)))
        .setLine(line);
    metadata(i).forEach((k, v) -> e.addStructuredMetadata(Push.LabelPairAdapter.newBuilder().setName(k).setValue(v)));
    return e;
  }

  /** Labels in Prometheus syntax, as Loki's clients write them. */
  static String promLabels(Map<String, String> labels) {
    StringBuilder b = new StringBuilder("{");
    labels.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append("=\"")
        .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"'));
    return b.append('}').toString();
  }

  static byte[] snappy(byte[] raw) {
    try {
      return Snappy.compress(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
