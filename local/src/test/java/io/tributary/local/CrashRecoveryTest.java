package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.archive.ArchiveReader;
import io.tributary.auth.TokenIssuer;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
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
 * got a 202 is queryable exactly once and archived exactly once (read back through the
 * {@link ArchiveReader}, which every archive reader uses, and held once on disk too), and no event
 * is half-written. Several rounds on the same data, each killed differently: at a moment, in the
 * middle of a block merge, in the middle of an archive compaction (both run every second or so in
 * the child, with a pause inside so the kill lands there), and after journal fsyncs failed (an
 * injected fault: the partition failed closed, recovered from its files, and went on).
 */
class CrashRecoveryTest {

  private static final int CLIENTS = 4;
  private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.:]+/api/)");

  @TempDir
  Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private record Child(Process process, URI base, Path log) {
  }

  /** How a round ends; every round kills at some moment of ingest too. */
  private enum Kill {
    /** SIGKILL while a block merge has written part of its block. */
    DURING_BLOCK_MERGE,
    /** SIGKILL after an archive compaction wrote its merged segment, before it deleted the sources. */
    DURING_ARCHIVE_COMPACTION,
    /** Journal fsyncs fail now and then (injected); SIGKILL once a partition failed closed and recovered. */
    AFTER_FSYNC_FAILURES
  }

  /**
   * The rounds: each way of killing once, within about 30 s on a quiet machine. A longer run cycles
   * through them {@code -Dtributary.crash.rounds=N} times in all, e.g.
   * {@code mvn -o -pl shared,local -am test -Dtest=CrashRecoveryTest -Dtributary.crash.rounds=12
   * -Dsurefire.failIfNoSpecifiedTests=false}.
   */
  private static final List<Kill> ROUNDS = rounds(Integer.getInteger("tributary.crash.rounds", Kill.values().length));

  private static List<Kill> rounds(int n) {
    List<Kill> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Kill.values()[i % Kill.values().length]);
    }
    return out;
  }

  /** Compaction in the child runs often, and pauses in the middle so that a kill can land there. */
  private static final List<String> COMPACTING = List.of("-Dtributary.test.blocks.mergeWhen=2",
      "-Dtributary.test.blocks.mergePauseMillis=400", "-Dtributary.test.archive.compactEveryMillis=300",
      "-Dtributary.test.archive.includeCurrentHour=true", "-Dtributary.test.archive.pauseMillis=400");

  private Child startChild(int round, List<String> properties) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve("child-" + round + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(properties);
    command.addAll(List.of("-cp", cp, "io.tributary.local.Main", "up", "--data", dir.resolve("data").toString(),
        "--port", "0"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("TRIBUTARY_JWT_SECRET", SECRET);
    env.put("TRIBUTARY_CURSOR_SECRET", SECRET);
    env.put("TRIBUTARY_JOURNAL_SEGMENT_BYTES", Integer.toString(256 * 1024));
    // The kills are timed by the child's log ("block merge in progress"): no warm-up whose own block store logs it.
    env.put("TRIBUTARY_WARMUP_SECONDS", "0");
    Process p = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (m.find()) {
        return new Child(p, URI.create(m.group(1)), log);
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

  /** Waits until the child's log holds every one of {@code texts}, or the time is up; true when it does. */
  private static boolean awaitLog(Child child, Duration within, String... texts) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline && child.process().isAlive()) {
      String log = read(child.log());
      boolean all = true;
      for (String t : texts) {
        all &= log.contains(t);
      }
      if (all) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  @Test
  void everyAcknowledgedEventSurvivesSigkillExactlyOnce() throws Exception {
    Set<String> acked = ConcurrentHashMap.newKeySet();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    String token = token();
    List<String> how = new ArrayList<>();
    for (int round = 0; round < ROUNDS.size(); round++) {
      Kill kill = ROUNDS.get(round);
      List<String> properties = new ArrayList<>(COMPACTING);
      if (kill == Kill.AFTER_FSYNC_FAILURES) {
        properties.add("-Dtributary.test.journal.failFsyncEvery=every:60");
      }
      long began = System.nanoTime();
      Child child = startChild(round, properties);
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      int r = round;
      int ackedBefore = acked.size();
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
      // Ingest runs a while (and has been acknowledged, however loaded the machine) before the kill.
      long ingestUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (acked.size() == ackedBefore && System.nanoTime() < ingestUntil) {
        Thread.sleep(20);
      }
      Thread.sleep(700);
      boolean landed = switch (kill) {
        case DURING_BLOCK_MERGE -> awaitLog(child, Duration.ofSeconds(8), "block merge in progress");
        case DURING_ARCHIVE_COMPACTION -> awaitLog(child, Duration.ofSeconds(8), "archive compaction in progress");
        case AFTER_FSYNC_FAILURES -> awaitLog(child, Duration.ofSeconds(8), "failing closed",
            "recovered from its files");
      };
      child.process().destroyForcibly().waitFor();
      stop.set(true);
      for (Thread t : clients) {
        t.join(15_000);
      }
      assertTrue(landed, () -> kill + ": the child never got there: " + tail(child.log()));
      assertTrue(acked.size() > ackedBefore, kill + ": clients got 202s before the kill");
      how.add(kill + " " + (acked.size() - ackedBefore) + " acknowledged in "
          + Duration.ofNanos(System.nanoTime() - began).toMillis() + " ms");
    }

    Child last = startChild(ROUNDS.size(), List.of());
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
      System.out.printf("crash test: %s; %d events sent, %d acknowledged, %d stored%n", how, sent.size(),
          acked.size(), seen.size());
    } finally {
      last.process().destroy();
      last.process().waitFor();
    }

    DirectoryArchiveStore archive = new DirectoryArchiveStore(dir.resolve("data").resolve("archive"));
    Map<String, Integer> archived = new HashMap<>();
    ArchiveReader.Stats stats = new ArchiveReader(archive).read(TenantId.of("crash"), 0, Long.MAX_VALUE / 4, e -> {
      archived.merge(e.id(), 1, Integer::sum);
      assertEquals("crash-test " + e.id(), e.message());
    });
    for (String id : acked) {
      assertEquals(1, archived.getOrDefault(id, 0), "acknowledged event " + id + " is archived exactly once");
    }
    archived.forEach((id, n) -> assertTrue(sent.contains(id), "only events that were sent: " + id));
    // No client retried: every event is on disk once too, not only once after de-duplication.
    assertEquals(0, stats.repeats(), "copies of an event in the archive: " + stats);
    System.out.println("crash test: archive read back: " + stats);
  }

  private static String tail(Path log) {
    String s = read(log);
    return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
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
