package io.tributary.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.event.LogEvent;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import io.tributary.query.EventFields;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * CSV per RFC 4180: UTF-8, a header row, CRLF after every record, a field quoted (its quotes
 * doubled) when it holds a comma, a quote, CR or LF; an absent value is an empty field.
 *
 * <p>Columns. With {@code fields}: {@code id}, {@code timestamp}, then the fields listed, in their
 * order; {@code attributes.NAME} is one attribute's value, {@code attributes} all attributes as
 * one JSON object. Without: the event's own fields ({@link EventFields#NAMES} but attributes), then
 * one {@code attributes.NAME} column for every attribute name the first {@link #LOOKAHEAD} events
 * carry (sorted), then {@code attributes}: a JSON object of the attributes no column holds (empty
 * when none), so a later event with a new attribute loses nothing. The look-ahead is the only
 * thing held; a stream of any length needs no more. Attribute values are written as the JSON form
 * writes them (numbers as digits, booleans {@code true}/{@code false}).
 */
final class CsvExportWriter implements ExportWriter {

  /** Events read before the columns are chosen, when the request names no fields. */
  static final int LOOKAHEAD = 1_000;
  static final String ATTRIBUTES = "attributes";
  static final String ATTRIBUTE_PREFIX = "attributes.";

  private final Writer out;
  private boolean headed;
  private List<String> columns;
  /** Attribute names that have their own column. */
  private Set<String> attributeColumns;
  /** Whether the last column holds the attributes left over (no fields requested) rather than all. */
  private boolean restInLastColumn;
  private List<LogEvent> lookahead = new ArrayList<>();
  private JsonGenerator json;
  private StringWriter jsonText;

  CsvExportWriter(List<String> fields, OutputStream out) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 8192);
    if (fields != null) {
      LinkedHashSet<String> cols = new LinkedHashSet<>(List.of("id", "timestamp"));
      cols.addAll(fields);
      columns = List.copyOf(cols);
      attributeColumns = new LinkedHashSet<>();
      for (String c : columns) {
        if (c.startsWith(ATTRIBUTE_PREFIX)) {
          attributeColumns.add(c.substring(ATTRIBUTE_PREFIX.length()));
        }
      }
      restInLastColumn = false;
      lookahead = null;
    }
  }

  /**
   * A writer of a part of a longer file: with {@code columns} as a first part chose them (null:
   * choose them here), and a header row only when {@code header}.
   */
  CsvExportWriter(List<String> fields, OutputStream out, List<String> columns, boolean header) {
    this(fields, out);
    if (columns != null) {
      this.columns = List.copyOf(columns);
      attributeColumns = new LinkedHashSet<>();
      for (String c : this.columns) {
        if (c.startsWith(ATTRIBUTE_PREFIX)) {
          attributeColumns.add(c.substring(ATTRIBUTE_PREFIX.length()));
        }
      }
      restInLastColumn = fields == null;
      lookahead = null;
    }
    headed = !header;
  }

  /** The columns, once chosen (null while the look-ahead fills). */
  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public void write(LogEvent e) throws IOException {
    if (columns == null) {
      lookahead.add(e);
      if (lookahead.size() < LOOKAHEAD) {
        return;
      }
      chooseColumns();
      return;
    }
    if (!headed) {
      header();
    }
    row(e);
  }

  private void chooseColumns() throws IOException {
    Set<String> names = new TreeSet<>();
    for (LogEvent e : lookahead) {
      names.addAll(e.attributes().keySet());
    }
    List<String> cols = new ArrayList<>();
    for (String n : EventFields.NAMES) {
      if (!n.equals(ATTRIBUTES)) {
        cols.add(n);
      }
    }
    for (String n : names) {
      cols.add(ATTRIBUTE_PREFIX + n);
    }
    cols.add(ATTRIBUTES);
    columns = List.copyOf(cols);
    attributeColumns = names;
    restInLastColumn = true;
    if (!headed) {
      header();
    }
    List<LogEvent> held = lookahead;
    lookahead = null;
    for (LogEvent e : held) {
      row(e);
    }
  }

  private void header() throws IOException {
    headed = true;
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      field(columns.get(i));
    }
    out.write("\r\n");
  }

  private void row(LogEvent e) throws IOException {
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      field(value(e, columns.get(i)));
    }
    out.write("\r\n");
  }

  private String value(LogEvent e, String column) throws IOException {
    return switch (column) {
      case "id" -> e.id();
      case "timestamp" -> Timestamps.format(e.timeNanos());
      case "ingestedAt" -> Timestamps.format(e.ingestedNanos());
      case "severity" -> e.severity() == null ? null : e.severity().name();
      case "severityText" -> e.severityText();
      case "service" -> e.service();
      case "host" -> e.host();
      case "message" -> e.message();
      case "traceId" -> e.traceId();
      case "spanId" -> e.spanId();
      case "patternId" -> e.patternId();
      case "template" -> e.template();
      case ATTRIBUTES -> attributesJson(e.attributes(), restInLastColumn ? attributeColumns : Set.of());
      default -> column.startsWith(ATTRIBUTE_PREFIX)
          ? text(e.attributes().get(column.substring(ATTRIBUTE_PREFIX.length()))) : null;
    };
  }

  /** The attribute's value as the JSON form writes it; null when absent. */
  static String text(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Long || v instanceof Integer) {
      return Long.toString(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      return Double.toString(((Number) v).doubleValue());
    }
    return String.valueOf(v);
  }

  /** The attributes but {@code except}, as one JSON object; null when none is left. */
  private String attributesJson(Map<String, Object> attributes, Set<String> except) throws IOException {
    if (attributes.isEmpty() || except.containsAll(attributes.keySet())) {
      return null;
    }
    if (json == null) {
      // One generator for the whole export, over a buffer taken after each object.
      jsonText = new StringWriter();
      json = Json.factory().createGenerator(jsonText);
      json.setRootValueSeparator(null);
    }
    json.writeStartObject();
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      if (except.contains(a.getKey())) {
        continue;
      }
      Object v = a.getValue();
      json.writeFieldName(a.getKey());
      if (v instanceof Long || v instanceof Integer) {
        json.writeNumber(((Number) v).longValue());
      } else if (v instanceof Double || v instanceof Float) {
        json.writeNumber(((Number) v).doubleValue());
      } else if (v instanceof Boolean b) {
        json.writeBoolean(b);
      } else {
        json.writeString(String.valueOf(v));
      }
    }
    json.writeEndObject();
    json.flush();
    StringBuffer b = jsonText.getBuffer();
    String text = b.toString();
    b.setLength(0);
    return text;
  }

  /** Writes one field, quoted when RFC 4180 asks it to be. */
  private void field(String v) throws IOException {
    if (v == null || v.isEmpty()) {
      return;
    }
    if (!needsQuotes(v)) {
      out.write(v);
      return;
    }
    out.write('"');
    int from = 0;
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) == '"') {
        out.write(v, from, i + 1 - from);
        out.write('"');
        from = i + 1;
      }
    }
    out.write(v, from, v.length() - from);
    out.write('"');
  }

  static boolean needsQuotes(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return true;
      }
    }
    return false;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void finish() throws IOException {
    if (columns == null) {
      chooseColumns();
    } else if (!headed) {
      header();
    }
    out.flush();
  }
}
