package io.tributary.ingest.loki;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Loki stream's labels: read from the protobuf's label string in Prometheus syntax
 * ({@code {app="web", host="n1"}}: names {@code [a-zA-Z_][a-zA-Z0-9_]*}, values double-quoted with
 * {@code \"}, {@code \\} and {@code \n} escapes), or from JSON's {@code stream} object. Text that
 * does not read gives labels with an {@link #error} that rejects each entry of the stream.
 *
 * @param labels in the order written (a repeated name: the last value)
 * @param error what is wrong, or null
 */
public record StreamLabels(Map<String, String> labels, String error) {

  static final StreamLabels NONE = new StreamLabels(Map.of(), null);

  static StreamLabels bad(String error) {
    return new StreamLabels(Map.of(), error);
  }

  /** Reads {@code {name="value", …}}. */
  public static StreamLabels parse(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    int n = s.length();
    int i = skipSpace(s, 0);
    if (i >= n || s.charAt(i) != '{') {
      return bad("the labels '" + cut(s) + "' do not start with '{': write them as {name=\"value\", …}");
    }
    i = skipSpace(s, i + 1);
    if (i < n && s.charAt(i) == '}') {
      return trailing(s, i + 1, out);
    }
    while (true) {
      int start = i;
      while (i < n && (Character.isLetterOrDigit(s.charAt(i)) && s.charAt(i) < 128 || s.charAt(i) == '_')) {
        i++;
      }
      if (i == start || Character.isDigit(s.charAt(start))) {
        return bad("a label name at character " + start + " of '" + cut(s) + "' is not [a-zA-Z_][a-zA-Z0-9_]*");
      }
      String name = s.substring(start, i);
      i = skipSpace(s, i);
      if (i >= n || s.charAt(i) != '=') {
        return bad("label " + name + " in '" + cut(s) + "' has no '=\"value\"'");
      }
      i = skipSpace(s, i + 1);
      if (i >= n || s.charAt(i) != '"') {
        return bad("the value of label " + name + " in '" + cut(s) + "' is not double-quoted");
      }
      StringBuilder v = new StringBuilder();
      i++;
      while (true) {
        if (i >= n) {
          return bad("the value of label " + name + " in '" + cut(s) + "' has no closing quote");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          if (i >= n) {
            return bad("the value of label " + name + " in '" + cut(s) + "' ends in a lone backslash");
          }
          char e = s.charAt(i++);
          if (e == 'n') {
            v.append('\n');
          } else if (e == '"' || e == '\\') {
            v.append(e);
          } else {
            return bad("the value of label " + name + " in '" + cut(s) + "' has the escape \\" + e
                + "; only \\\", \\\\ and \\n are escapes");
          }
        } else {
          v.append(c);
        }
      }
      out.put(name, v.toString());
      i = skipSpace(s, i);
      if (i < n && s.charAt(i) == ',') {
        i = skipSpace(s, i + 1);
        if (i < n && s.charAt(i) == '}') {
          return trailing(s, i + 1, out);
        }
        continue;
      }
      if (i < n && s.charAt(i) == '}') {
        return trailing(s, i + 1, out);
      }
      return bad("the labels '" + cut(s) + "' need ',' or '}' after label " + name);
    }
  }

  private static StreamLabels trailing(String s, int i, Map<String, String> out) {
    if (skipSpace(s, i) != s.length()) {
      return bad("the labels '" + cut(s) + "' go on after their closing '}'");
    }
    return new StreamLabels(Collections.unmodifiableMap(out), null);
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String cut(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
