package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.auth.TokenIssuer;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.local.journal.Journal;
import io.tributary.local.testing.TestFrames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decompression bombs in processing: frames of a few hundred bytes that decode to 200,000 events
 * each (about 57 MiB of heap apiece) are waiting in the journal of a runtime with a 256 MiB heap.
 * All of them in one batch would need well over a gigabyte; processed in sub-batches bounded by
 * events and decoded bytes they go through one at a time, with no OutOfMemoryError, nothing
 * quarantined, and another tenant's events queryable meanwhile.
 */
class BombFramesInASmallHeapTest {

  private static final int BOMBS = Integer.getInteger("bombs", 4);
  private static final int EVENTS_PER_BOMB = 200_000;
  private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.:]+/api/)");

  @TempDir
  Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static String token(String tenant, Role... roles) {
    return new TokenIssuer(Base64.getDecoder().decode(SECRET), "tributary-local", "tributary", "tenant")
        .issue(TenantId.of(tenant), List.of(roles), Instant.now(), Duration.ofHours(1));
  }

  @Test
  void bombFramesAreProcessedWithinASmallHeapWhileAnotherTenantStaysQueryable() throws Exception {
    Path data = dir.resolve("data");
    TenantId bomber = TenantId.of("bomber");
    TenantId steady = null;
    try (Journal journal = new Journal(data.resolve("journal"), 4, 64L << 20)) {
      for (int i = 0; steady == null; i++) {
        if (journal.partitionFor(TenantId.of("steady" + i)) != journal.partitionFor(bomber)) {
          steady = TenantId.of("steady" + i);
        }
      }
      List<byte[]> bombs = new ArrayList<>();
      for (int i = 0; i < BOMBS; i++) {
        bombs.add(TestFrames.bomb(bomber, EVENTS_PER_BOMB));
      }
      assertTrue(bombs.stream().mapToInt(b -> b.length).sum() < 64 << 10, "small on the wire: all in one batch");
      journal.publish(bomber, bombs).get();
    }

    Path log = dir.resolve("child.log");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-cp", cp, "io.tributary.local.Main", "up", "--data", data.toString(),
        "--port", "0").redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TRIBUTARY_JWT_SECRET", SECRET);
    pb.environment().put("TRIBUTARY_CURSOR_SECRET", SECRET);
    pb.environment().put("TRIBUTARY_WORKER_THREADS", "4");
    if (Boolean.getBoolean("bombs.unbounded")) {
      // To see the test fail without the bound: one sub-batch per delivered batch, as before.
      pb.environment().put("TRIBUTARY_PROCESS_BATCH_EVENTS", "10000000");
      pb.environment().put("TRIBUTARY_PROCESS_BATCH_DECODED_BYTES", Integer.toString(1 << 30));
    }
    Process child = pb.start();
    try {
      URI base = awaitListening(child, log);
      long started = System.nanoTime();
      String steadyToken = token(steady.value(), Role.LOGS_WRITE, Role.LOGS_READ);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String id = "steady-" + i;
        ids.add(id);
        HttpResponse<String> r = send(base, "logs/ingest", steadyToken,
            "{\"id\":\"" + id + "\",\"message\":\"steady " + id + "\"}");
        assertEquals(202, r.statusCode(), r.body());
        awaitQueryable(base, steadyToken, id, Duration.ofSeconds(10));
        Thread.sleep(100);
      }

      String admin = token("ops", Role.TENANTS_ADMIN);
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      JsonNode h;
      while (true) {
        assertTrue(child.isAlive(), () -> "the runtime died: " + tail(log));
        h = Json.mapper().readTree(http.send(HttpRequest.newBuilder(base.resolve("health"))
            .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        if (h.path("processingLag").path("pending").asLong() == 0) {
          break;
        }
        assertTrue(System.nanoTime() < deadline, () -> "the bombs were not processed: " + tail(log));
        Thread.sleep(200);
      }
      System.out.printf("bombs: %d frames of %d events processed in %.1f s after start, heap -Xmx256m%n", BOMBS,
          EVENTS_PER_BOMB, (System.nanoTime() - started) / 1e9);
      assertEquals(0, h.path("quarantine").path("frames").asInt(), "processed, not quarantined: " + h);
      assertTrue(h.path("since").path("processedEvents").asLong() >= (long) BOMBS * EVENTS_PER_BOMB, h.toString());
      String text = Files.readString(log);
      assertFalse(text.contains("OutOfMemoryError"), "no batch ran out of heap: " + tail(log));
      assertFalse(text.contains("failed on partition"), "no batch failed: " + tail(log));
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("limit", 1000);
      JsonNode page = Json.mapper().readTree(send(base, "logs/query", steadyToken,
          new String(Json.bytes(q))).body());
      Map<String, Integer> seen = new HashMap<>();
      page.get("events").forEach(e -> seen.merge(e.get("id").asText(), 1, Integer::sum));
      for (String id : ids) {
        assertEquals(1, seen.getOrDefault(id, 0), "stored once: " + id);
      }
    } finally {
      child.destroy();
      if (!child.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor();
      }
    }
  }

  private URI awaitListening(Process child, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (m.find()) {
        return URI.create(m.group(1));
      }
      assertTrue(child.isAlive(), () -> "child died: " + tail(log));
      Thread.sleep(50);
    }
    throw new AssertionError("child did not start: " + tail(log));
  }

  private HttpResponse<String> send(URI base, String path, String token, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", path.endsWith("ingest") ? "application/x-ndjson" : "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitQueryable(URI base, String token, String id, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      HttpResponse<String> r = send(base, "logs/query", token, "{\"q\":\"" + id + "\",\"limit\":10}");
      if (r.statusCode() == 200 && r.body().contains("\"" + id + "\"")) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, id + " was not queryable within " + within + ": " + r.body());
      Thread.sleep(20);
    }
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log);
      return s.substring(Math.max(0, s.length() - 4000));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
