package io.tributary.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.configstore.ConfigEvent;
import io.tributary.configstore.ConfigStore;
import io.tributary.configstore.NewConfigEvent;
import io.tributary.configstore.VersionConflictException;
import io.tributary.configstore.Versioned;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConfigStore} must do. An adapter's test extends this; {@link #open} gives a
 * store over this test's backing state, the same each call, so a reopened store sees what an
 * earlier one wrote.
 */
public abstract class ConfigStoreContract {

  protected static final TenantId ACME = TenantId.of("acme");
  protected static final TenantId GLOBEX = TenantId.of("globex");
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  protected abstract ConfigStore open() throws Exception;

  protected static NewConfigEvent event(TenantId t, String type, Instant at, String key, Object value) {
    return new NewConfigEvent(type, t, "alice@" + t, at, Json.mapper().valueToTree(Map.of(key, value)));
  }

  @Test
  public void appendsToANewStreamFromVersionZeroAndReadsBackInOrder() throws Exception {
    try (ConfigStore s = open()) {
      assertEquals(2, s.append("tenant/acme", 0, List.of(event(ACME, "TenantCreated", T0, "plan", "free"),
          event(ACME, "TenantUpdated", T0.plusSeconds(1), "plan", "standard"))));
      List<ConfigEvent> read = s.read("tenant/acme");
      assertEquals(2, read.size());
      ConfigEvent first = read.get(0);
      assertEquals("tenant/acme", first.stream());
      assertEquals(1, first.version());
      assertEquals("TenantCreated", first.type());
      assertEquals(ACME, first.tenant());
      assertEquals("alice@acme", first.actor());
      assertEquals(T0, first.at());
      assertEquals("free", first.data().path("plan").asText());
      assertEquals(2, read.get(1).version());
      assertEquals("standard", read.get(1).data().path("plan").asText());
      assertEquals(List.of(), s.read("tenant/none"));
    }
  }

  @Test
  public void aStaleOrFutureExpectedVersionIsAConflictAndWritesNothing() throws Exception {
    try (ConfigStore s = open()) {
      s.append("tenant/acme", 0, List.of(event(ACME, "TenantCreated", T0, "plan", "free")));
      VersionConflictException stale = assertThrows(VersionConflictException.class,
          () -> s.append("tenant/acme", 0, List.of(event(ACME, "TenantCreated", T0, "plan", "other"))));
      assertEquals(0, stale.expected());
      assertThrows(VersionConflictException.class,
          () -> s.append("tenant/acme", 5, List.of(event(ACME, "TenantUpdated", T0, "plan", "x"))));
      assertEquals(1, s.read("tenant/acme").size());
      assertEquals("free", s.read("tenant/acme").get(0).data().path("plan").asText());
      assertEquals(2, s.append("tenant/acme", 1, List.of(event(ACME, "TenantUpdated", T0, "plan", "y"))));
    }
  }

  @Test
  public void listsStreamsByPrefix() throws Exception {
    try (ConfigStore s = open()) {
      s.append("tenant/globex", 0, List.of(event(GLOBEX, "TenantCreated", T0, "plan", "free")));
      s.append("tenant/acme", 0, List.of(event(ACME, "TenantCreated", T0, "plan", "free")));
      s.append("alert/acme/r1", 0, List.of(event(ACME, "AlertCreated", T0, "name", "errors")));
      assertEquals(List.of("tenant/acme", "tenant/globex"), s.streams("tenant/"));
      assertEquals(List.of("alert/acme/r1"), s.streams("alert/acme/"));
      assertEquals(List.of(), s.streams("nothing/"));
    }
  }

  @Test
  public void historyIsTheEventsOfATimeRangeForOneTenantOrAll() throws Exception {
    try (ConfigStore s = open()) {
      s.append("tenant/acme", 0, List.of(event(ACME, "TenantCreated", T0, "plan", "free")));
      s.append("tenant/globex", 0, List.of(event(GLOBEX, "TenantCreated", T0.plusSeconds(10), "plan", "free")));
      s.append("tenant/acme", 1, List.of(event(ACME, "TenantUpdated", T0.plusSeconds(20), "plan", "standard")));
      List<ConfigEvent> acme = s.history(ACME, T0, T0.plusSeconds(60));
      assertEquals(List.of("TenantCreated", "TenantUpdated"), acme.stream().map(ConfigEvent::type).toList());
      List<ConfigEvent> all = s.history(null, T0, T0.plusSeconds(60));
      assertEquals(List.of("tenant/acme", "tenant/globex", "tenant/acme"), all.stream().map(ConfigEvent::stream).toList());
      assertEquals(1, s.history(null, T0.plusSeconds(5), T0.plusSeconds(15)).size());
    }
  }

  @Test
  public void concurrentWritersOfOneStreamNeverBothWinAVersion() throws Exception {
    int threads = 4;
    int perThread = 15;
    try (ConfigStore s = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      AtomicInteger conflicts = new AtomicInteger();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int writer = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            while (true) {
              long v = s.read("counter/shared").size();
              try {
                s.append("counter/shared", v, List.of(event(ACME, "Incremented", T0, "by", writer + ":" + i)));
                break;
              } catch (VersionConflictException e) {
                conflicts.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      List<ConfigEvent> events = s.read("counter/shared");
      assertEquals(threads * perThread, events.size());
      for (int i = 0; i < events.size(); i++) {
        assertEquals(i + 1, events.get(i).version());
      }
      assertEquals(threads * perThread, events.stream().map(e -> e.data().path("by").asText()).distinct().count());
    }
  }

  @Test
  public void replayingEveryStreamFromEmptyRebuildsTheCurrentState() throws Exception {
    Map<String, Versioned<Map<String, String>>> before = new TreeMap<>();
    try (ConfigStore s = open()) {
      for (int t = 0; t < 5; t++) {
        TenantId tenant = TenantId.of("tenant-" + t);
        long v = s.append("tenant/" + tenant, 0, List.of(event(tenant, "TenantCreated", T0, "plan", "free")));
        for (int u = 0; u < t; u++) {
          v = s.append("tenant/" + tenant, v, List.of(event(tenant, "TenantUpdated", T0.plusSeconds(u), "plan", "p" + u)));
        }
      }
      for (String stream : s.streams("tenant/")) {
        before.put(stream, s.fold(stream, Map.of(), ConfigStoreContract::apply));
      }
    }
    try (ConfigStore s = open()) {
      Map<String, Versioned<Map<String, String>>> after = new TreeMap<>();
      for (String stream : s.streams("tenant/")) {
        after.put(stream, s.fold(stream, Map.of(), ConfigStoreContract::apply));
      }
      assertEquals(before, after);
      assertEquals(5, after.size());
      assertEquals("p3", after.get("tenant/tenant-4").state().get("plan"));
      assertEquals(5, after.get("tenant/tenant-4").version());
    }
  }

  private static Map<String, String> apply(Map<String, String> state, ConfigEvent e) {
    Map<String, String> next = new TreeMap<>(state);
    JsonNode plan = e.data().get("plan");
    if (plan != null) {
      next.put("plan", plan.asText());
    }
    next.put("last", e.type());
    return next;
  }

  @Test
  public void refusesAnInvalidStreamName() throws Exception {
    try (ConfigStore s = open()) {
      assertThrows(IllegalArgumentException.class,
          () -> s.append("no slash", 0, List.of(event(ACME, "X", T0, "a", "b"))));
      assertThrows(IllegalArgumentException.class, () -> s.read("../etc/passwd x"));
    }
  }
}
