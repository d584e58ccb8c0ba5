package io.tributary.parse;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.tributary.event.LogEvent;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import io.tributary.pattern.Pattern;
import io.tributary.pattern.PatternMiner;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tributary parse [FILE…]}: reads raw log lines from the files (or standard input, also
 * for {@code -}) and writes one JSON object per line to standard output, in input order:
 * {@code timestamp} (ISO-8601 UTC, or null), {@code severity}, {@code severityText},
 * {@code component}, {@code host}, {@code pid}, {@code thread}, {@code attributes},
 * {@code patternId}, {@code template} and {@code message} (the line). The same parser and pattern
 * miner as ingest; all inputs are mined as one stream. Bytes that are not UTF-8 are replaced, so
 * every line gives an object. The reference time (for years a line leaves out) is the start of the run.
 */
public final class ParseCommand {

  private static final int OUTPUT_BUFFER = 1 << 16;

  private final Clock clock;
  private final LineParser parser = new LogLineParser();
  private final PatternMiner miner = new PatternMiner();

  public ParseCommand(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) {
    int status = new ParseCommand(Clock.systemUTC()).run(List.of(args), System.in, System.out, System.err);
    System.exit(status);
  }

  /**
   * Parses every input in turn.
   *
   * @return 0, or 1 when a file could not be read (the others are still parsed)
   */
  public int run(List<String> inputs, InputStream stdin, OutputStream stdout, PrintStream stderr) {
    long reference = Timestamps.ofInstant(clock.instant());
    List<String> sources = inputs.isEmpty() ? List.of("-") : inputs;
    int status = 0;
    try (JsonGenerator g = Json.factory().createGenerator(new BufferedOutputStream(stdout, OUTPUT_BUFFER),
        JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setPrettyPrinter(new MinimalPrettyPrinter(""));
      for (String source : sources) {
        try {
          InputStream in = "-".equals(source) ? stdin : Files.newInputStream(Path.of(source));
          try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
              write(g, line, reference);
            }
          }
        } catch (NoSuchFileException e) {
          stderr.println("tributary parse: no such file: " + source);
          status = 1;
        } catch (IOException e) {
          stderr.println("tributary parse: cannot read " + source + ": " + e.getMessage());
          status = 1;
        }
      }
      g.flush();
    } catch (IOException e) {
      stderr.println("tributary parse: cannot write the output: " + e.getMessage());
      return 1;
    }
    return status;
  }

  private void write(JsonGenerator g, String line, long reference) throws IOException {
    ParsedLine p = parser.parse(line, reference);
    Pattern pattern = miner.mine(p.body());
    g.writeStartObject();
    g.writeStringField("timestamp", p.timeNanos() == LogEvent.UNSET_TIME ? null : Timestamps.format(p.timeNanos()));
    g.writeStringField("severity", p.severity() == null ? null : p.severity().name());
    g.writeStringField("severityText", p.severityText());
    g.writeStringField("component", p.component());
    g.writeStringField("host", p.host());
    g.writeStringField("pid", p.pid());
    g.writeStringField("thread", p.thread());
    g.writeObjectFieldStart("attributes");
    for (Map.Entry<String, Object> a : p.attributes().entrySet()) {
      Object v = a.getValue();
      g.writeFieldName(a.getKey());
      if (v instanceof Long) {
        g.writeNumber((Long) v);
      } else if (v instanceof Double) {
        g.writeNumber((Double) v);
      } else if (v instanceof Boolean) {
        g.writeBoolean((Boolean) v);
      } else {
        g.writeString(String.valueOf(v));
      }
    }
    g.writeEndObject();
    g.writeStringField("patternId", pattern.id());
    g.writeStringField("template", pattern.template());
    g.writeStringField("message", line);
    g.writeEndObject();
    g.writeRaw('\n');
  }
}
