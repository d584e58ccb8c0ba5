package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.archive.ArchiveSegments;
import io.tributary.auth.TokenIssuer;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.archive.SegmentKey;
import io.tributary.local.archive.DirectoryArchiveStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime is killed with SIGKILL while several clients ingest. After a restart every event that
 * got a 202 is queryable exactly once and archived exactly once, and no event is half-written.
 * Several rounds, on the same data.
 */
class CrashRecoveryTest {

  private static final int ROUNDS = 3;
  private static final int CLIENTS = 4;
  private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.:]+/api/)");

  @TempDir
  Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private record Child(Process process, URI base) {
  }

  private Child startChild(int round) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve("child-" + round + ".log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", cp, "io.tributary.local.Main", "up", "--data", dir.resolve("data").toString(), "--port", "0")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("TRIBUTARY_JWT_SECRET", SECRET);
    env.put("TRIBUTARY_CURSOR_SECRET", SECRET);
    env.put("TRIBUTARY_JOURNAL_SEGMENT_BYTES", Integer.toString(256 * 1024));
    Process p = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (m.find()) {
        return new Child(p, URI.create(m.group(1)));
      }
      assertTrue(p.isAlive(), () -> "child died: " + read(log));
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("child did not start: " + read(log));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static String token() {
    return new TokenIssuer(Base64.getDecoder().decode(SECRET), "tributary-local", "tributary", "tenant")
        .issue(TenantId.of("crash"), Instant.now(), Duration.ofHours(1));
  }

  @Test
  void everyAcknowledgedEventSurvivesSigkillExactlyOnce() throws Exception {
    Set<String> acked = ConcurrentHashMap.newKeySet();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    String token = token();
    for (int round = 0; round < ROUNDS; round++) {
      Child child = startChild(round);
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      int r = round;
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        Thread t = new Thread(() -> {
          int seq = 0;
          while (!stop.get()) {
            StringBuilder body = new StringBuilder();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
              String id = "r" + r + "-c" + client + "-" + seq++;
              ids.add(id);
              body.append("{\"id\":\"").append(id).append("\",\"message\":\"crash-test ").append(id)
                  .append("\",\"service\":\"crash\"}\n");
            }
            sent.addAll(ids);
            try {
              HttpResponse<String> resp = http.send(HttpRequest.newBuilder(child.base().resolve("logs/ingest"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
              if (resp.statusCode() == 202) {
                acked.addAll(ids);
              }
            } catch (IOException e) {
              if (!child.process().isAlive()) {
                return;
              }
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        clients.add(t);
        t.start();
      }
      Thread.sleep(1500 + 300L * round);
      child.process().destroyForcibly().waitFor();
      stop.set(true);
      for (Thread t : clients) {
        t.join(15_000);
      }
      assertTrue(acked.size() > 0, "clients got 202s before the kill");
    }

    Child last = startChild(ROUNDS);
    try {
      awaitCaughtUp(last.base());
      Map<String, Integer> seen = new HashMap<>();
      for (JsonNode e : queryAll(last.base(), token)) {
        String id = e.get("id").asText();
        seen.merge(id, 1, Integer::sum);
        assertEquals("crash-test " + id, e.get("message").asText(), "stored whole");
        assertTrue(sent.contains(id), "only events that were sent");
      }
      for (String id : acked) {
        assertEquals(1, seen.getOrDefault(id, 0), "acknowledged event " + id + " is stored exactly once");
      }
      seen.forEach((id, n) -> assertEquals(1, n, "no duplicates: " + id));
      System.out.printf("crash test: %d rounds, %d events sent, %d acknowledged, %d stored%n", ROUNDS, sent.size(),
          acked.size(), seen.size());
    } finally {
      last.process().destroy();
      last.process().waitFor();
    }

    DirectoryArchiveStore archive = new DirectoryArchiveStore(dir.resolve("data").resolve("archive"));
    Map<String, Integer> archived = new HashMap<>();
    for (SegmentKey k : archive.list(TenantId.of("crash"), 0, Long.MAX_VALUE / 4)) {
      for (LogEvent e : ArchiveSegments.decode(TenantId.of("crash"), archive.get(k).orElseThrow())) {
        archived.merge(e.id(), 1, Integer::sum);
        assertEquals("crash-test " + e.id(), e.message());
      }
    }
    for (String id : acked) {
      assertEquals(1, archived.getOrDefault(id, 0), "acknowledged event " + id + " is archived exactly once");
    }
    archived.forEach((id, n) -> assertEquals(1, n, "archived once: " + id));
  }

  private void awaitCaughtUp(URI base) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      HttpResponse<String> h = http.send(HttpRequest.newBuilder(base.resolve("health"))
          .header("Authorization", "Bearer " + token()).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (h.statusCode() == 200 && Json.mapper().readTree(h.body()).path("processingLag").path("pending").asLong() == 0) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "processing did not catch up: " + h.body());
      Thread.sleep(50);
    }
  }

  private List<JsonNode> queryAll(URI base, String token) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("limit", 1000);
    while (true) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("logs/query"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(q))).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      JsonNode page = Json.mapper().readTree(r.body());
      page.get("events").forEach(out::add);
      if (page.get("nextCursor").isNull()) {
        return out;
      }
      q.put("cursor", page.get("nextCursor").asText());
    }
  }
}
