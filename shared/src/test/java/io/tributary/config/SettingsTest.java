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

  @Test
  void theBackendPicksEveryPortsAdapterAndEachPortCanBeOverridden() {
    Settings local = Settings.from(Map.of());
    assertEquals(java.util.List.of("journal", "blocks", "directory"), java.util.List.of(local.eventLog(), local.store(), local.archive()));
    Settings azure = Settings.from(Map.of("TRIBUTARY_BACKEND", "azure"));
    assertEquals(java.util.List.of("eventhubs", "cosmos", "blob"), java.util.List.of(azure.eventLog(), azure.store(), azure.archive()));
    Settings kafka = Settings.from(Map.of("TRIBUTARY_BACKEND", "kafka"));
    assertEquals(java.util.List.of("kafka", "blocks", "directory"), java.util.List.of(kafka.eventLog(), kafka.store(), kafka.archive()));
    Settings mixed = Settings.from(Map.of("TRIBUTARY_BACKEND", "azure", "TRIBUTARY_EVENTLOG", "kafka"));
    assertEquals(java.util.List.of("kafka", "cosmos", "blob"), java.util.List.of(mixed.eventLog(), mixed.store(), mixed.archive()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.from(Map.of("TRIBUTARY_STORE", "elastic")));
    assertTrue(e.getMessage().contains("TRIBUTARY_STORE") && e.getMessage().contains("cosmos"), e.getMessage());
  }

  @Test
  void theQueryCacheIsInMemoryLocallyAndInTheRateLimitsRedisOnAzure() {
    QueryCacheSettings local = Settings.from(Map.of()).queryCache();
    assertEquals("memory", local.kind());
    assertEquals(java.time.Duration.ofSeconds(1), local.recentTtl());
    assertEquals(java.time.Duration.ofSeconds(60), local.pastTtl());
    assertEquals(64L << 20, local.maxBytes());
    String redis = "rediss://:key@cache.redis.cache.windows.net:6380";
    assertEquals("redis", Settings.from(Map.of("TRIBUTARY_BACKEND", "azure", "TRIBUTARY_REDIS_URL", redis))
        .queryCache().kind());
    assertEquals("none", Settings.from(Map.of("TRIBUTARY_BACKEND", "azure")).queryCache().kind());
    QueryCacheSettings set = Settings.from(Map.of("TRIBUTARY_QUERY_CACHE", "none", "TRIBUTARY_QUERY_CACHE_TTL_MS", "500",
        "TRIBUTARY_QUERY_CACHE_PAST_TTL_MS", "30000")).queryCache();
    assertEquals(new QueryCacheSettings("none", 64L << 20, java.time.Duration.ofMillis(500),
        java.time.Duration.ofSeconds(30)), set);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.from(Map.of("TRIBUTARY_QUERY_CACHE", "redis")));
    assertTrue(e.getMessage().contains("TRIBUTARY_REDIS_URL"), e.getMessage());
  }

  @Test
  void identityBasedConnectionsAndKafkaPropertiesAreRead() {
    Settings s = Settings.from(Map.of(
        "TRIBUTARY_EVENTHUB__fullyQualifiedNamespace", "tributary.servicebus.windows.net",
        "TRIBUTARY_COSMOS__accountEndpoint", "https://tributary.documents.azure.com:443/",
        "TRIBUTARY_BLOB__serviceUri", "https://tributaryarchive.blob.core.windows.net",
        "TRIBUTARY_KAFKA_PROPERTIES", "security.protocol=SASL_SSL; sasl.mechanism=PLAIN"));
    assertEquals("tributary.servicebus.windows.net", s.azure().eventHubNamespace());
    assertEquals(null, s.azure().eventHubConnectionString());
    assertEquals("https://tributary.documents.azure.com:443/", s.azure().cosmosEndpoint());
    assertEquals("https://tributaryarchive.blob.core.windows.net", s.azure().blobServiceUri());
    assertEquals(7, s.azure().hotRetentionDays());
    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"), s.kafka().properties());
  }
  @Test
  void httpTimeoutsTheConnectionCapAndTheQueryTimeoutAreReadInMilliseconds() {
    Settings d = Settings.from(Map.of());
    assertEquals(HttpSettings.defaults(), d.http());
    assertEquals(java.time.Duration.ofSeconds(10), d.queryTimeout());
    Settings s = Settings.from(Map.of("TRIBUTARY_HTTP_IDLE_TIMEOUT_MS", "1500", "TRIBUTARY_HTTP_HEADER_TIMEOUT_MS", "250",
        "TRIBUTARY_HTTP_READ_TIMEOUT_MS", "750", "TRIBUTARY_HTTP_MAX_CONNECTIONS", "8", "TRIBUTARY_QUERY_TIMEOUT_MS", "99"));
    assertEquals(new HttpSettings(java.time.Duration.ofMillis(1500), java.time.Duration.ofMillis(250),
        java.time.Duration.ofMillis(750), 8), s.http());
    assertEquals(java.time.Duration.ofMillis(99), s.queryTimeout());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.from(Map.of("TRIBUTARY_HTTP_HEADER_TIMEOUT_MS", "0")));
    assertTrue(e.getMessage().contains("TRIBUTARY_HTTP_HEADER_TIMEOUT_MS"), e.getMessage());
  }
}
