package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.SegmentKey;
import io.tributary.event.TenantId;
import io.tributary.local.archive.DirectoryArchiveStore;
import io.tributary.testing.TestEvents;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveMaintenanceTest {

  private static final TenantId ACME = TenantId.of("acme");

  @TempDir
  Path dir;

  @Test
  void theCompactionScheduleSurvivesAnErrorEscapingARound() throws Exception {
    DirectoryArchiveStore archive = new DirectoryArchiveStore(dir);
    long hour = TestEvents.T0 / 3_600_000_000_000L;
    for (int s = 0; s < 3; s++) {
      archive.append(new SegmentKey(ACME, hour, 0, s, s),
          ArchiveSegments.encodeRows(List.of(TestEvents.event(ACME, TestEvents.T0 + s, "event " + s))));
    }
    Clock twoHoursLater = Clock.fixed(Instant.ofEpochSecond((hour + 2) * 3600), ZoneOffset.UTC);
    try (ArchiveMaintenance m = new ArchiveMaintenance(archive, twoHoursLater, Duration.ofMillis(50), false, 0)) {
      AtomicInteger rounds = new AtomicInteger();
      m.beforeRound = () -> {
        if (rounds.incrementAndGet() <= 2) {
          throw new OutOfMemoryError("injected: Java heap space");
        }
      };
      m.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (archive.list(ACME, hour, hour).size() > 1) {
        assertTrue(System.nanoTime() < deadline, "compaction ran again after the error: " + rounds.get() + " rounds");
        Thread.sleep(20);
      }
      assertTrue(rounds.get() >= 3);
      assertEquals(List.of(new SegmentKey(ACME, hour, 0, 0, 2)), archive.list(ACME, hour, hour));
    }
  }
}
