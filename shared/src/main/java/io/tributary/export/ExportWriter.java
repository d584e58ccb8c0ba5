package io.tributary.export;

import io.tributary.event.LogEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes exported events in one {@link ExportFormat} to an output stream, one at a time, holding
 * no more than a bounded look-ahead (CSV's column choice, see {@link CsvExportWriter}). Not
 * thread-safe.
 */
public interface ExportWriter {

  /** Writes one event (or keeps it in the look-ahead). */
  void write(LogEvent e) throws IOException;

  /** Pushes what the writer buffers to the stream, so that a chunk can be taken from it. */
  void flush() throws IOException;

  /** Writes what is left (the look-ahead, a closing bracket) and flushes; nothing may follow. */
  void finish() throws IOException;

  /**
   * The writer of one part of a longer file (an export job writes its file in parts): CSV with the
   * given {@code columns} (null: chosen from this part's look-ahead) and a header row only when
   * {@code header}; a JSON array's events separated by commas without the brackets; NDJSON as a
   * whole file's.
   */
  static ExportWriter part(ExportFormat format, List<String> fields, OutputStream out, List<String> columns,
      boolean header) throws IOException {
    return switch (format) {
      case CSV -> new CsvExportWriter(fields, out, columns, header);
      case NDJSON -> new JsonExportWriter(fields, out, false);
      case JSON -> new JsonExportWriter(fields, out, true, true);
    };
  }

  /** The CSV columns once chosen; null for other formats or before they are. */
  default List<String> columns() {
    return null;
  }

  /** The writer of {@code format}, with only {@code fields} of each event (all when null). */
  static ExportWriter of(ExportFormat format, List<String> fields, OutputStream out) throws IOException {
    return switch (format) {
      case CSV -> new CsvExportWriter(fields, out);
      case NDJSON -> new JsonExportWriter(fields, out, false);
      case JSON -> new JsonExportWriter(fields, out, true);
    };
  }
}
