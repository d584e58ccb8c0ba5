package io.tributary.ingest.otlp;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * OTLP's {@code AnyValue} as both encodings read it: a {@code String}, {@code Boolean},
 * {@code Long}, {@code Double}, {@link Bytes}, {@code List<Object>} (an array value) or
 * {@link KvList}; null for an empty value, which counts as absent.
 */
final class AnyValues {

  /** A key and its value (null when empty). */
  record KeyValue(String key, Object value) {
  }

  /** A {@code kvlistValue}. */
  record KvList(List<KeyValue> values) {
  }

  /** A {@code bytesValue}. */
  record Bytes(byte[] value) {
  }

  private AnyValues() {
  }

  /** A scalar's text, or the compact JSON text of an array or key-value list; bytes as base64. */
  static String text(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Bytes b) {
      return Base64.getEncoder().encodeToString(b.value());
    }
    if (v instanceof Double d) {
      return Double.toString(d);
    }
    if (v instanceof List<?> || v instanceof KvList) {
      StringWriter w = new StringWriter();
      try (JsonGenerator g = Json.factory().createGenerator(w)) {
        write(g, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return w.toString();
    }
    return String.valueOf(v);
  }

  /** How deep arrays and lists nest in {@code v} (a scalar: 0). */
  static int depth(Object v) {
    int d = 0;
    if (v instanceof List<?> list) {
      for (Object o : list) {
        d = Math.max(d, depth(o));
      }
      return d + 1;
    }
    if (v instanceof KvList kv) {
      for (KeyValue o : kv.values()) {
        d = Math.max(d, depth(o.value()));
      }
      return d + 1;
    }
    return 0;
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        g.writeString(d.toString());
      } else {
        g.writeNumber(d);
      }
    } else if (v instanceof Bytes b) {
      g.writeString(Base64.getEncoder().encodeToString(b.value()));
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof KvList kv) {
      g.writeStartObject();
      for (KeyValue o : kv.values()) {
        g.writeFieldName(o.key());
        write(g, o.value());
      }
      g.writeEndObject();
    }
  }
}
