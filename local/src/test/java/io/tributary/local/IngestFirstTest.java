package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.Cardinality;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.tributary.config.IngestFirstSettings;
import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import io.tributary.local.host.EventHubTriggerHost;
import io.tributary.local.host.FunctionDefinition;
import io.tributary.local.journal.Journal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest first under saturation: a processing reader waits while the HTTP workers are saturated,
 * for a bounded time, never while its partition is too far behind, and not at all below
 * saturation; paced or not, processing takes every frame ingest kept, each once.
 */
class IngestFirstTest {

  @TempDir
  Path dir;

  private static final IngestFirstSettings ON = new IngestFirstSettings(Duration.ofMillis(200), 1000, 8);

  /** A clock that moves only when a reader sleeps; counts the sleeps. */
  private static final class TestClock implements IngestFirst.Sleeper {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final AtomicInteger sleeps = new AtomicInteger();
    Runnable onSleep = () -> { };

    @Override
    public long nanoTime() {
      return now.get();
    }

    @Override
    public void sleep(long nanos) {
      sleeps.incrementAndGet();
      now.addAndGet(nanos);
      onSleep.run();
    }
  }

  @Test
  void belowSaturationAReaderPollsAtOnce() throws Exception {
    TestClock clock = new TestClock();
    IngestFirst pacing = new IngestFirst(ON, 2, () -> 7, p -> 500, clock);
    pacing.beforePoll(0);
    assertEquals(0, clock.sleeps.get());
    assertEquals(0, pacing.pauses());
  }

  @Test
  void whileIngestStaysSaturatedAReaderWaitsTheLongestPauseAndNoLonger() throws Exception {
    TestClock clock = new TestClock();
    IngestFirst pacing = new IngestFirst(ON, 2, () -> 32, p -> 500, clock);
    long before = clock.nanoTime();
    pacing.beforePoll(0);
    assertEquals(Duration.ofMillis(200).toNanos(), clock.nanoTime() - before, "waited exactly the longest pause");
    assertEquals(1, pacing.pauses());
    assertEquals(Duration.ofMillis(200), pacing.paused());
  }

  @Test
  void aWaitingReaderResumesWhenIngestIsNoLongerSaturated() throws Exception {
    TestClock clock = new TestClock();
    AtomicInteger busy = new AtomicInteger(32);
    clock.onSleep = () -> {
      if (clock.sleeps.get() == 3) {
        busy.set(1);
      }
    };
    IngestFirst pacing = new IngestFirst(ON, 2, busy::get, p -> 500, clock);
    long before = clock.nanoTime();
    pacing.beforePoll(0);
    assertEquals(3, clock.sleeps.get());
    assertEquals(3 * IngestFirst.STEP_NANOS, clock.nanoTime() - before);
  }

  @Test
  void aMomentaryDipUnderTheThresholdDoesNotEndAWait() throws Exception {
    TestClock clock = new TestClock();
    AtomicInteger busy = new AtomicInteger(8);
    clock.onSleep = () -> busy.set(clock.sleeps.get() % 2 == 0 ? 8 : 4);
    IngestFirst pacing = new IngestFirst(ON, 2, busy::get, p -> 500, clock);
    long before = clock.nanoTime();
    pacing.beforePoll(0);
    assertEquals(Duration.ofMillis(200).toNanos(), clock.nanoTime() - before,
        "between one 202 and the next request the count dips to half; the wait goes on");
  }

  @Test
  void aPartitionTooFarBehindNeverWaitsAndOneThatFallsBehindWhileWaitingResumes() throws Exception {
    TestClock clock = new TestClock();
    IngestFirst pacing = new IngestFirst(ON, 2, () -> 32, p -> p == 1 ? 1000 : 999, clock);
    pacing.beforePoll(1);
    assertEquals(0, clock.sleeps.get(), "at the lag bound: processes flat out");

    AtomicLong lag = new AtomicLong(10);
    clock.onSleep = () -> lag.addAndGet(400);
    IngestFirst growing = new IngestFirst(ON, 2, () -> 32, p -> lag.get(), clock);
    growing.beforePoll(0);
    assertEquals(3, clock.sleeps.get(), "stopped waiting once the lag reached the bound (10 + 3 x 400)");
  }

  @Test
  void nothingToProcessOrTurnedOffMeansNoWait() throws Exception {
    TestClock clock = new TestClock();
    new IngestFirst(ON, 2, () -> 32, p -> 0, clock).beforePoll(0);
    new IngestFirst(IngestFirstSettings.OFF, 2, () -> 32, p -> 500, clock).beforePoll(0);
    assertEquals(0, clock.sleeps.get());
  }

  @Test
  void saturationIsFourRequestsPerCoreUnlessSet() {
    Settings defaults = Settings.from(Map.of());
    assertTrue(defaults.ingestFirst().on(), "on by default for the local runtime");
    assertEquals(8, defaults.ingestFirst().busyRequestsOn(2));
    assertEquals(Duration.ofMillis(5000), defaults.ingestFirst().maxPause());
    Settings set = Settings.from(Map.of(Settings.INGEST_FIRST_BUSY_REQUESTS.name(), "3",
        Settings.INGEST_FIRST_PAUSE_MS.name(), "0"));
    assertEquals(3, set.ingestFirst().busyRequestsOn(2));
    assertTrue(!set.ingestFirst().on(), "0 turns it off");
  }

  /** Counts what it is given; a processing function as the host sees one. */
  public static final class Counting {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @FunctionName("Counting")
    public void run(
        @EventHubTrigger(name = "frames", eventHubName = "local", connection = "X", consumerGroup = "counting",
            cardinality = Cardinality.MANY, dataType = "binary")
        List<byte[]> frames,
        @BindingName("SystemPropertiesArray") String systemProperties,
        @BindingName("PartitionContext") String partitionContext,
        ExecutionContext context) {
      for (byte[] f : frames) {
        seen.add(new String(f, StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void underSaturationThatNeverEndsProcessingStillTakesEveryFrameOnce() throws Exception {
    Counting function = new Counting();
    List<String> published = new ArrayList<>();
    try (Journal journal = new Journal(dir.resolve("journal"), 2, 1 << 20)) {
      for (int i = 0; i < 40; i++) {
        String frame = "frame-" + i;
        journal.publish(TenantId.of("t" + (i % 5)), List.of(frame.getBytes(StandardCharsets.UTF_8))).get();
        published.add(frame);
      }
      // Saturated for good, and no lag bound in reach: every poll waits the longest pause first.
      IngestFirst pacing = new IngestFirst(new IngestFirstSettings(Duration.ofMillis(20), Long.MAX_VALUE, 1), 2,
          () -> 64, p -> {
            try {
              return journal.endOffset(p) - journal.committedOffset("counting", p);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }, IngestFirst.Sleeper.REAL);
      EventHubTriggerHost host = new EventHubTriggerHost(journal,
          List.of(new FunctionDefinition("Counting", Counting.class, Counting.class.getMethod("run", List.class,
              String.class, String.class, ExecutionContext.class))), c -> function, v -> v, 64, pacing);
      host.start();
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((journal.committedOffset("counting", 0) < journal.endOffset(0)
            || journal.committedOffset("counting", 1) < journal.endOffset(1)) && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      } finally {
        host.close();
      }
      List<String> seen = new ArrayList<>(function.seen);
      Collections.sort(seen);
      Collections.sort(published);
      assertEquals(published, seen, "every frame processed, none twice");
      assertTrue(pacing.pauses() > 0, "the readers did wait for ingest");
      assertEquals(journal.endOffset(0), journal.committedOffset("counting", 0));
      assertEquals(journal.endOffset(1), journal.committedOffset("counting", 1));
    }
  }
}
