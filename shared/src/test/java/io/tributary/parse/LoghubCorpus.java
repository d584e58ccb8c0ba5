package io.tributary.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Loghub samples in {@code shared/data/loghub}: each system's raw lines and its ground truth
 * ({@code *_structured.csv}), read by a small RFC 4180 reader (quoted fields hold commas and
 * doubled quotes). The directory is the system property {@code tributary.loghub} (set by
 * surefire), else {@code ../../shared/data/loghub} from the module directory.
 */
public final class LoghubCorpus {

  /** The systems in the corpus, in the order the reports list them. */
  public static final List<String> SYSTEMS =
      List.of("HDFS", "Spark", "Zookeeper", "BGL", "Android", "HealthApp", "Apache", "OpenSSH");

  private LoghubCorpus() {
  }

  public static Path directory() {
    String configured = System.getProperty("tributary.loghub");
    Path dir = configured != null ? Paths.get(configured) : Paths.get("../../shared/data/loghub");
    if (!Files.isDirectory(dir)) {
      dir = Paths.get("../../shared/data/loghub");
    }
    return dir;
  }

  /** The raw lines of a system, in file order. */
  public static List<String> lines(String system) {
    try {
      return Files.readAllLines(directory().resolve(system).resolve(system + "_2k.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ground truth of a system: one map of column to value per line, in file order. */
  public static List<Map<String, String>> truth(String system) {
    String text;
    try {
      text = Files.readString(directory().resolve(system).resolve(system + "_2k.log_structured.csv"),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<List<String>> rows = csv(text);
    List<String> header = rows.get(0);
    List<Map<String, String>> out = new ArrayList<>(rows.size() - 1);
    for (List<String> row : rows.subList(1, rows.size())) {
      Map<String, String> m = new java.util.LinkedHashMap<>();
      for (int i = 0; i < header.size() && i < row.size(); i++) {
        m.put(header.get(i), row.get(i));
      }
      out.add(m);
    }
    return out;
  }

  /** Every system's raw lines, concatenated. */
  public static List<String> allLines() {
    List<String> all = new ArrayList<>();
    for (String s : SYSTEMS) {
      all.addAll(lines(s));
    }
    return all;
  }

  static List<List<String>> csv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else if (c != '\r') {
        field.append(c);
      }
    }
    if (field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
