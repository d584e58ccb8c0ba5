package io.tributary.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for the tests, written apart from the writer: records end in CRLF,
 * a quoted field may hold commas, CR, LF and doubled quotes; anything else (a bare quote inside an
 * unquoted field, a lone LF between records, text after a closing quote) is an error.
 */
public final class Rfc4180 {

  private Rfc4180() {
  }

  public static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = text.length();
    if (n == 0) {
      return records;
    }
    while (true) {
      if (i < n && text.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException("unterminated quoted field at " + i);
          }
          char c = text.charAt(i++);
          if (c == '"') {
            if (i < n && text.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
      } else {
        while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r') {
          char c = text.charAt(i++);
          if (c == '"' || c == '\n') {
            throw new IllegalArgumentException("unquoted field holds " + (c == '"' ? "a quote" : "LF") + " at " + i);
          }
          field.append(c);
        }
      }
      record.add(field.toString());
      field.setLength(0);
      if (i < n && text.charAt(i) == ',') {
        i++;
        continue;
      }
      if (text.startsWith("\r\n", i)) {
        i += 2;
        records.add(record);
        record = new ArrayList<>();
        if (i == n) {
          return records;
        }
        continue;
      }
      throw new IllegalArgumentException("a record must end in CRLF; at " + i + " found "
          + (i < n ? "'" + text.charAt(i) + "'" : "the end"));
    }
  }
}
