package io.tributary.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.event.LogEvent;
import io.tributary.json.Json;
import io.tributary.query.EventFields;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * NDJSON (one event's JSON per line, each ending in LF) or one JSON array, each event as
 * {@code POST /api/logs/query} writes it ({@link EventFields}).
 */
final class JsonExportWriter implements ExportWriter {

  private final List<String> fields;
  private final JsonGenerator g;
  private final OutputStream out;
  private final boolean array;

  JsonExportWriter(List<String> fields, OutputStream out, boolean array) throws IOException {
    this.fields = fields;
    this.out = out;
    this.array = array;
    this.g = Json.factory().createGenerator(out);
    // The stream is the caller's: the generator neither closes it nor flushes it on its own.
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    if (array) {
      g.writeStartArray();
    } else {
      g.setRootValueSeparator(null);
    }
  }

  @Override
  public void write(LogEvent e) throws IOException {
    EventFields.write(e, fields, g);
    if (!array) {
      g.writeRaw('\n');
    }
  }

  @Override
  public void flush() throws IOException {
    g.flush();
  }

  @Override
  public void finish() throws IOException {
    if (array) {
      g.writeEndArray();
    }
    g.flush();
  }
}
