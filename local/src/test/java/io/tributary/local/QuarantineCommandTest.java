package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.TenantId;
import io.tributary.local.quarantine.DirectoryQuarantine;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.local.testing.TestFrames;
import io.tributary.quarantine.QuarantineEntry;
import io.tributary.quarantine.QuarantineKey;
import io.tributary.quarantine.QuarantineReasons;
import io.tributary.quarantine.QuarantinedFrame;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tributary quarantine list|replay}: list what processing could not store; after a fix,
 * replay re-publishes it and processes it, stored exactly once, and it leaves the quarantine.
 */
class QuarantineCommandTest {

  private static final TenantId ACME = TenantId.of("acme");

  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {
  }

  private Run run(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = QuarantineCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A frame kept as if processing had failed on it earlier (a store outage, a bug since fixed). */
  private void quarantined(int partition, long offset, byte[] frame) throws Exception {
    try (DirectoryQuarantine q = new DirectoryQuarantine(dir.resolve("quarantine"))) {
      q.put(new QuarantinedFrame(new QuarantineEntry(new QuarantineKey(partition, offset), ACME,
          QuarantineReasons.STORE_FAILED, "the store refused it", 3, Instant.now(), 2, frame.length), frame));
    }
  }

  @Test
  void listShowsEachFrameWithItsPartitionOffsetTenantReasonTimeAndEvents() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      fx.runtime.app().eventLog().publish(ACME, List.of(TestFrames.withUnreadableItem(ACME, "u1", "u2"))).get();
      fx.awaitProcessed();
      Run listed = run("quarantine", "list", "--data", dir.toString());
      assertEquals(0, listed.code(), listed.err());
      QuarantineEntry e = fx.runtime.app().quarantine().list().get(0);
      String line = listed.out().lines().filter(l -> l.startsWith(e.key().name())).findFirst().orElseThrow();
      assertTrue(line.contains(" acme ") && line.contains(QuarantineReasons.UNREADABLE_EVENTS)
          && line.contains(e.quarantinedAt().toString()), line);
      assertTrue(listed.out().contains("1 frames, 1 events known not stored"), listed.out());
    }
  }

  @Test
  void replayStoresAFrameAfterAFixExactlyOnceAndTakesItOutOfTheQuarantine() throws Exception {
    quarantined(1, 500, TestFrames.withIds(ACME, "replayed ", "r1", "r2"));
    Run replayed = run("quarantine", "replay", "--data", dir.toString(), "1-500");
    assertEquals(0, replayed.code(), replayed.out() + replayed.err());
    assertTrue(replayed.out().contains("1 of 1 frames replayed and stored"), replayed.out());
    assertEquals(List.of(), DirectoryQuarantine.reader(dir.resolve("quarantine")).list());

    Run again = run("quarantine", "replay", "--data", dir.toString(), "0001-00000000000000000500");
    assertEquals(1, again.code());
    assertTrue(again.err().contains("not in the quarantine"), again.err());

    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      List<JsonNode> events = fx.queryAll(Map.of());
      assertEquals(List.of("r1", "r2"), events.stream().map(n -> n.get("id").asText()).sorted().toList());
      assertEquals("replayed r1", events.stream().filter(n -> n.get("id").asText().equals("r1")).findFirst()
          .orElseThrow().get("message").asText());
    }
  }

  @Test
  void replayAllReportsTheFramesThatFailAgainAndKeepsThem() throws Exception {
    quarantined(0, 10, TestFrames.withIds(ACME, "fixed ", "ok1"));
    quarantined(0, 11, TestFrames.damagedPayload(ACME));
    quarantined(0, 12, TestFrames.garbage());
    Run replayed = run("quarantine", "replay", "--data", dir.toString(), "--all");
    assertEquals(1, replayed.code());
    assertTrue(replayed.out().contains("1 of 3 frames replayed and stored"), replayed.out());
    assertTrue(replayed.out().contains("0000-00000000000000000011: quarantined again as"), replayed.out());
    assertTrue(replayed.err().contains("0000-00000000000000000012: its header names no tenant"), replayed.err());
    List<QuarantineEntry> left = DirectoryQuarantine.reader(dir.resolve("quarantine")).list();
    assertEquals(2, left.size(), left.toString());
    assertTrue(left.stream().anyMatch(e -> e.key().equals(new QuarantineKey(0, 12))), "the unroutable one stays");
    assertTrue(left.stream().anyMatch(e -> e.reason().equals(QuarantineReasons.CORRUPT_FRAME) && e.tenant().equals(ACME)),
        "the damaged one is back under its new offset");
  }

  @Test
  void replayNeedsTheRuntimeStopped() throws Exception {
    quarantined(0, 1, TestFrames.withIds(ACME, "x ", "x1"));
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      Run refused = run("quarantine", "replay", "--data", dir.toString(), "--all");
      assertEquals(1, refused.code());
      assertTrue(refused.err().contains("stop it first"), refused.err());
      assertEquals(1, fx.runtime.app().quarantine().list().size(), "nothing was touched");
    }
  }
}
