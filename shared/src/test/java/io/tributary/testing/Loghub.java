package io.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Loghub sample logs kept in {@code testdata/loghub} (2,000 real lines per system, with ground
 * truth). Found through the {@code tributary.loghub} system property the build sets, or by walking
 * up from the working folder.
 */
public final class Loghub {

  public static final List<String> SYSTEMS =
      List.of("Android", "Apache", "BGL", "HDFS", "HealthApp", "OpenSSH", "Spark", "Zookeeper");

  private Loghub() {
  }

  public static Path dir() {
    String prop = System.getProperty("tributary.loghub");
    if (prop != null && Files.isDirectory(Path.of(prop))) {
      return Path.of(prop);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("testdata").resolve("loghub");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("testdata/loghub not found; run the tests from the repository");
  }

  /** The raw lines of one system's 2k sample. */
  public static List<String> lines(String system) {
    try {
      return Files.readAllLines(dir().resolve(system).resolve(system + "_2k.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
