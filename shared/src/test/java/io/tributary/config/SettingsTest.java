package io.tributary.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static Path repoFile(String name) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(name)) && Files.exists(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("shared"))) {
        return p.resolve(name);
      }
    }
    throw new IllegalStateException(name + " not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void defaultsStartAFreshCheckoutWithNoFile() {
    Settings s = Settings.from(Map.of());
    assertEquals("local", s.backend());
    assertEquals(7071, s.httpPort());
    assertEquals("127.0.0.1", s.httpHost());
  }

  @Test
  void theSampleSettingsListEveryKeyTheCodeReadsWithAWorkingValue() {
    Path sample = repoFile("local.settings.sample.json");
    Map<String, String> values = Settings.readLocalSettings(sample);
    for (Setting s : Settings.ALL) {
      assertTrue(values.containsKey(s.name()), "local.settings.sample.json lacks " + s.name());
    }
    Settings.from(values);
  }

  @Test
  void aBadValueIsReportedWithItsKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.from(Map.of("TRIBUTARY_HTTP_PORT", "seventy")));
    assertTrue(e.getMessage().contains("TRIBUTARY_HTTP_PORT"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("TRIBUTARY_PARTITIONS", "0")));
    assertTrue(e.getMessage().contains("TRIBUTARY_PARTITIONS"), e.getMessage());
  }
}
