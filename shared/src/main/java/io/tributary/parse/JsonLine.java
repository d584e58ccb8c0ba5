package io.tributary.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.event.Severity;
import io.tributary.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A line that is one JSON object, as structured loggers write it to a text stream (zap, logrus,
 * bunyan, pino, ECS): {@code {"ts":"2024-05-01T12:00:00Z","level":"warn","logger":"storage","msg":"disk almost full","free_mb":512}}.
 * The well-known keys give the time ({@code time}, {@code ts}, {@code timestamp}, {@code @timestamp}:
 * text or an epoch number), the level ({@code level}, {@code lvl}, {@code severity}, {@code log.level}:
 * a word, a syslog number 0-7 or a bunyan number 10-60), the component ({@code logger},
 * {@code component}, {@code caller}, {@code module}) and the body ({@code msg}, {@code message});
 * every other scalar becomes an attribute, nested objects flattened with dots.
 */
final class JsonLine {

  private static final String[] TIME = {"time", "ts", "timestamp", "@timestamp", "t"};
  private static final String[] LEVEL = {"level", "lvl", "severity", "log.level", "loglevel"};
  private static final String[] COMPONENT = {"logger", "component", "caller", "module", "logger_name", "log.logger"};
  private static final String[] MESSAGE = {"msg", "message", "log"};
  private static final int MAX_DEPTH = 4;

  private JsonLine() {
  }

  /** True when the line is shaped like one JSON object. */
  static boolean looksLikeJson(String line) {
    int a = Chars.skipSpaces(line, 0, line.length());
    int b = line.length();
    while (b > a && line.charAt(b - 1) <= ' ') {
      b--;
    }
    return b - a >= 2 && line.charAt(a) == '{' && line.charAt(b - 1) == '}';
  }

  /** The parsed line, or null when the text is not one valid JSON object. */
  static ParsedLine parse(String line, long referenceNanos) {
    Map<String, Object> fields = new LinkedHashMap<>();
    try (JsonParser p = Json.factory().createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      readObject(p, "", fields, 0);
      if (p.nextToken() != null) {
        return null;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    Object message = take(fields, MESSAGE);
    Object level = take(fields, LEVEL);
    Object time = take(fields, TIME);
    Object component = take(fields, COMPONENT);
    Severity severity = severity(level);
    return new ParsedLine(LogLineParser.timeValue(time, referenceNanos), severity, severity == null ? null : String.valueOf(level),
        component instanceof String ? (String) component : null,
        text(take(fields, new String[] {"host", "hostname", "host.name"})),
        text(take(fields, new String[] {"pid", "process.pid"})),
        text(take(fields, new String[] {"thread", "thread_name", "process.thread.name"})),
        fields, message instanceof String ? (String) message : "");
  }

  private static void readObject(JsonParser p, String prefix, Map<String, Object> out, int depth) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = prefix + p.currentName();
      JsonToken v = p.nextToken();
      switch (v) {
        case START_OBJECT:
          if (depth < MAX_DEPTH) {
            readObject(p, key + ".", out, depth + 1);
          } else {
            p.skipChildren();
          }
          break;
        case START_ARRAY:
          p.skipChildren();
          break;
        case VALUE_STRING:
          out.put(key, p.getText());
          break;
        case VALUE_NUMBER_INT:
          out.put(key, p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getText() : p.getLongValue());
          break;
        case VALUE_NUMBER_FLOAT:
          out.put(key, p.getDoubleValue());
          break;
        case VALUE_TRUE:
        case VALUE_FALSE:
          out.put(key, v == JsonToken.VALUE_TRUE);
          break;
        default:
          break;
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IOException("not an object");
    }
  }

  private static Object take(Map<String, Object> fields, String[] keys) {
    for (String k : keys) {
      Object v = fields.remove(k);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static String text(Object v) {
    return v == null ? null : String.valueOf(v);
  }

  private static Severity severity(Object level) {
    if (level instanceof String) {
      return Severity.parse(((String) level).toLowerCase(Locale.ROOT));
    }
    if (level instanceof Long) {
      long n = (Long) level;
      if (n >= 0 && n <= 7) {
        return Severity.parse(Long.toString(n));
      }
      if (n >= 10) {
        return n <= 10 ? Severity.TRACE : n <= 20 ? Severity.DEBUG : n <= 30 ? Severity.INFO
            : n <= 40 ? Severity.WARN : n <= 50 ? Severity.ERROR : Severity.FATAL;
      }
    }
    return null;
  }
}
