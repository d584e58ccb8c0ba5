package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Role;
import io.tributary.config.Settings;
import io.tributary.ingest.IngestLimits;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.process.ProcessingLimits;
import io.tributary.testing.Loghub;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up warm-up of the processing path (issue 19, the cold start): it runs real lines
 * through processing before the port opens, and leaves nothing anyone can see — not in the data
 * folder, the store, a query of any tenant (its scratch tenant's name included), the metrics, the
 * health counters or the audit trail; ingest while a warm-up runs is kept as any other; and
 * {@code TRIBUTARY_WARMUP_SECONDS=0} turns it off.
 */
class ProcessingWarmupTest {

  @TempDir
  Path dir;

  private static Map<String, String> settings(Path data, String warmupSeconds) {
    Map<String, String> m = RuntimeFixture.settings(data);
    m.put(Settings.WARMUP_SECONDS.name(), warmupSeconds);
    return m;
  }

  /**
   * The files and folders under {@code root}, relative to it, less the {@code .tmp} files of an atomic write
   * in flight (a checkpoint being replaced when the folder is read), which come and go on their own.
   */
  private static Set<String> tree(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString()).filter(n -> !n.endsWith(".tmp"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * The tree of a started runtime's data folder once every processing reader has opened its partition: a reader
   * registers its checkpoint when its thread starts, after the port opens, so a tree read at once could miss one.
   */
  private static Set<String> settledTree(Path root) throws Exception {
    Path journal = root.resolve("journal");
    Path checkpoints = journal.resolve("checkpoints").resolve("process");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      long partitions;
      long registered;
      try (Stream<Path> s = Files.list(journal)) {
        partitions = s.filter(p -> p.getFileName().toString().startsWith("p-")).count();
      }
      try (Stream<Path> s = Files.exists(checkpoints) ? Files.list(checkpoints) : Stream.empty()) {
        registered = s.filter(p -> !p.getFileName().toString().endsWith(".tmp")).count();
      }
      if (partitions > 0 && registered == partitions) {
        return tree(root);
      }
      assertTrue(System.nanoTime() < deadline,
          "every processing reader opened its partition within 30 s: " + registered + " of " + partitions);
      Thread.sleep(20);
    }
  }

  /** The warm-up folders left in {@code tmp}. */
  private static Set<String> warmupFolders(Path tmp) throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("tributary-warmup-") || n.startsWith("tributary-http-warmup-"))
          .collect(Collectors.toSet());
    }
  }

  private static String ndjson(List<String> lines) {
    StringBuilder body = new StringBuilder();
    for (String l : lines) {
      ObjectNode e = Json.mapper().createObjectNode();
      e.put("message", l);
      e.put("service", "hdfs");
      body.append(e).append('\n');
    }
    return body.toString();
  }

  @Test
  void aWarmUpProcessesRealLinesAndLeavesNoTraceInDataStoreQueriesMetricsHealthOrAudit() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Set<String> foldersBefore = warmupFolders(tmp);
    Set<String> cold;
    try (RuntimeFixture off = RuntimeFixture.start(settings(dir.resolve("off"), "0"))) {
      cold = settledTree(dir.resolve("off"));
    }
    try (RuntimeFixture fx = RuntimeFixture.start(settings(dir.resolve("on"), "1"))) {
      ProcessingWarmup.Report warmup = fx.runtime.warmup();
      assertTrue(warmup.ran(), String.valueOf(warmup));
      assertTrue(warmup.events() >= 4 * ProcessingWarmup.EVENTS_PER_BODY, "it processed real events: " + warmup);
      assertTrue(warmup.queries() >= 3, "and queried them: " + warmup);
      HttpWarmup.Report http = fx.runtime.httpWarmup();
      assertTrue(http.ran(), String.valueOf(http));
      assertTrue(http.requests() >= HttpWarmup.MIN_REQUESTS && http.events() >= ProcessingWarmup.EVENTS_PER_BODY,
          "ingest requests of every kind of body were answered 202 over HTTP: " + http);

      assertEquals(cold, settledTree(dir.resolve("on")), "the data folder holds what a start without a warm-up leaves");
      assertEquals(foldersBefore, warmupFolders(tmp), "its throwaway folder is gone");

      // Not in any query: the scratch tenant's own name sees nothing, nor does a tenant of the platform.
      for (String tenant : List.of(ProcessingWarmup.TENANT.value(), "acme")) {
        List<JsonNode> found = fx.queryAll(Map.of(), fx.token(tenant, Role.LOGS_READ));
        assertEquals(List.of(), found, tenant);
      }
      // Nor in the metrics or the health counters: nothing was accepted or processed.
      String metrics = fx.runtime.metrics();
      assertFalse(metrics.contains("tributary_ingest_events_total{outcome=\"accepted\"} "), metrics);
      assertFalse(metrics.matches("(?s).*tributary_process_events_total [1-9].*"), metrics);
      HttpResponse<String> health = fx.send(HttpRequest.newBuilder(fx.uri("health"))
          .header("Authorization", "Bearer " + fx.token).GET());
      JsonNode since = Json.mapper().readTree(health.body()).path("since");
      assertEquals(0, since.path("acceptedEvents").asLong(), health.body());
      assertEquals(0, since.path("processedEvents").asLong(), health.body());
      // Nor in the audit trail of any tenant.
      HttpResponse<String> audit = fx.send(HttpRequest.newBuilder(fx.uri("audit"))
          .header("Authorization", "Bearer " + fx.token("acme", Role.TENANTS_ADMIN)).GET());
      assertEquals(200, audit.statusCode(), audit.body());
      assertEquals(0, Json.mapper().readTree(audit.body()).path("entries").size(), audit.body());

      // Real traffic after it is kept and found as always.
      List<String> lines = Loghub.lines("HDFS").subList(0, 200);
      assertEquals(202, fx.ingest("application/x-ndjson", ndjson(lines).getBytes(StandardCharsets.UTF_8), null)
          .statusCode());
      fx.awaitProcessed();
      assertEquals(200, fx.queryAll(Map.of("services", List.of("hdfs"))).size());
    }
  }

  @Test
  void ingestWhileAWarmUpRunsIsKeptAndTheWarmUpsEventsStayOutOfEveryTenant() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(settings(dir.resolve("data"), "0"))) {
      // A warm-up in the same process at the same time as real ingest and processing: they share no state.
      CompletableFuture<ProcessingWarmup.Report> warming = CompletableFuture.supplyAsync(() -> {
        try {
          return ProcessingWarmup.run(Duration.ofSeconds(2), dir, IngestLimits.defaults(), ProcessingLimits.defaults());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      // A tenant of the platform that happens to bear the scratch tenant's name, and another.
      String scratchNamed = fx.token(ProcessingWarmup.TENANT.value(), Role.LOGS_WRITE, Role.LOGS_READ);
      List<String> lines = Loghub.lines("HDFS");
      int sent = 0;
      int batches = 0;
      while (!warming.isDone() || batches < 4) {
        List<String> part = lines.subList((batches * 100) % 1900, (batches * 100) % 1900 + 100);
        byte[] body = ndjson(part).getBytes(StandardCharsets.UTF_8);
        assertEquals(202, fx.ingest("application/x-ndjson", body, null).statusCode(), "202 means kept");
        assertEquals(202, fx.ingestAs(scratchNamed, "application/x-ndjson", body, null).statusCode());
        sent += part.size();
        batches++;
      }
      ProcessingWarmup.Report warmup = warming.get();
      assertTrue(warmup.events() > 0, String.valueOf(warmup));
      fx.awaitProcessed();
      assertEquals(sent, fx.queryAll(Map.of()).size(), "every event answered 202 is stored, once");
      List<JsonNode> scratch = fx.queryAll(Map.of(), scratchNamed);
      assertEquals(sent, scratch.size(), "the tenant named like the scratch one has its own events only");
      assertTrue(scratch.stream().allMatch(e -> e.path("service").asText().equals("hdfs")), "none of the warm-up's");
    }
  }

  @Test
  void theSettingTurnsItOffAndIsBounded() throws Exception {
    assertEquals(Duration.ofSeconds(8), Settings.from(Map.of()).warmup(), "on by default, for a few seconds");
    ProcessingWarmup.Report off = LocalRuntime.warmUp(Settings.from(settings(dir.resolve("a"), "0")));
    assertFalse(off.ran());
    assertEquals(0, off.events());
    assertTrue(off.skipped().contains("TRIBUTARY_WARMUP_SECONDS=0"), off.skipped());
    // An instance that does not process has nothing to warm.
    Map<String, String> ingestOnly = settings(dir.resolve("b"), "5");
    ingestOnly.put(Settings.ROLES.name(), "ingest,query");
    assertFalse(LocalRuntime.warmUp(Settings.from(ingestOnly)).ran());
    IllegalArgumentException tooLong = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Settings.from(Map.of(Settings.WARMUP_SECONDS.name(), "61")));
    assertTrue(tooLong.getMessage().contains(Settings.WARMUP_SECONDS.name()), tooLong.getMessage());
    try (RuntimeFixture fx = RuntimeFixture.start(settings(dir.resolve("c"), "0"))) {
      assertFalse(fx.runtime.warmup().ran(), String.valueOf(fx.runtime.warmup()));
      assertFalse(fx.runtime.httpWarmup().ran(), String.valueOf(fx.runtime.httpWarmup()));
      assertTrue(fx.runtime.httpWarmup().skipped().contains("TRIBUTARY_WARMUP_SECONDS=0"));
    }
    // The HTTP ingest path is warmed where ingest runs, with or without processing; not where it does not.
    assertEquals(null, HttpWarmup.notApplicable(Settings.from(ingestOnly)));
    Map<String, String> queryOnly = settings(dir.resolve("d"), "5");
    queryOnly.put(Settings.ROLES.name(), "query");
    assertTrue(HttpWarmup.notApplicable(Settings.from(queryOnly)).contains("ingest is off"));
  }

  @Test
  void theHttpWarmUpsInstanceIsIngestOnlyInItsOwnFolderUnderTheRealLimits() {
    Map<String, String> m = settings(dir.resolve("real"), "8");
    m.put(Settings.MAX_BODY_BYTES.name(), "2000000");
    m.put(Settings.MAX_EVENT_BYTES.name(), "4096");
    m.put(Settings.WORKER_THREADS.name(), "5");
    m.put(Settings.UNREGISTERED_TENANT_PLAN.name(), "none");
    Settings real = Settings.from(m);
    Settings w = HttpWarmup.throwaway(real, dir.resolve("scratch"));
    assertEquals(dir.resolve("scratch"), w.dataDir());
    assertEquals(0, w.httpPort(), "a free port");
    assertEquals("127.0.0.1", w.httpHost());
    assertTrue(w.runs("ingest") && !w.runs("process") && !w.runs("query"), "ingest only");
    assertEquals(Duration.ZERO, w.warmup(), "no warm-up of its own");
    assertEquals(real.limits(), w.limits(), "the same limits, so the same paths run");
    assertEquals(5, w.workerThreads());
    assertEquals(real.partitions(), w.partitions());
  }
}
