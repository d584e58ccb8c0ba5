package io.tributary.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.event.LogEvent;
import io.tributary.json.Json;
import io.tributary.query.EventFields;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * NDJSON (one event's JSON per line, each ending in LF), one JSON array, or a fragment of an array
 * (the events separated by commas, no brackets: a part of a job's file), each event as
 * {@code POST /api/logs/query} writes it ({@link EventFields}).
 */
final class JsonExportWriter implements ExportWriter {

  private final List<String> fields;
  private final JsonGenerator g;
  private final OutputStream out;
  private final boolean array;
  private final boolean fragment;
  private boolean any;

  JsonExportWriter(List<String> fields, OutputStream out, boolean array) throws IOException {
    this(fields, out, array, false);
  }

  /** @param fragment the events of a part of an array: separated by commas, without brackets */
  JsonExportWriter(List<String> fields, OutputStream out, boolean array, boolean fragment) throws IOException {
    this.fields = fields;
    this.out = out;
    this.array = array && !fragment;
    this.fragment = fragment;
    this.g = Json.factory().createGenerator(out);
    // The stream is the caller's: the generator neither closes it nor flushes it on its own.
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    if (this.array) {
      g.writeStartArray();
    } else {
      g.setRootValueSeparator(null);
    }
  }

  @Override
  public void write(LogEvent e) throws IOException {
    if (fragment && any) {
      g.writeRaw(',');
    }
    any = true;
    EventFields.write(e, fields, g);
    if (!array && !fragment) {
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
