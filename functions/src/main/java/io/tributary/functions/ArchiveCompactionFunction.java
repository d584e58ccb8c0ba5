package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.tributary.archive.ArchiveCompaction;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Compacts the archive in Azure, every hour (docs/retention.md): each tenant's segments of the
 * hours that ended within the last two days are merged into large ones, as the local runtime does
 * every minute ({@link ArchiveCompaction}). A call stops between two hours after {@link #BUDGET}, well
 * inside the host's function timeout; the next call goes on from there. Safe to run twice at once
 * or after a crash: a merged segment covers its sources, which readers skip and the next call deletes.
 */
public final class ArchiveCompactionFunction {

  /** Every hour at :10 (NCRONTAB with seconds): the hour that just ended has its late segments in. */
  public static final String SCHEDULE = "0 10 * * * *";
  /** How long one call compacts before it leaves the rest to the next (host.json's timeout is 10 min). */
  static final Duration BUDGET = Duration.ofMinutes(7);

  private final FunctionApp app;
  private final Clock clock;

  public ArchiveCompactionFunction() {
    this(FunctionApp.shared());
  }

  public ArchiveCompactionFunction(FunctionApp app) {
    this(app, Clock.systemUTC());
  }

  ArchiveCompactionFunction(FunctionApp app, Clock clock) {
    this.app = app;
    this.clock = clock;
  }

  @FunctionName("ArchiveCompaction")
  public void run(@TimerTrigger(name = "timer", schedule = SCHEDULE) String timer, ExecutionContext context)
      throws java.io.IOException {
    long until = System.nanoTime() + BUDGET.toNanos();
    Optional<ArchiveCompaction.Result> r = compact(() -> System.nanoTime() - until > 0);
    if (context != null) {
      context.getLogger().info(r.map(x -> "archive compaction: " + x.hoursMerged() + " hours merged, " + x.events()
          + " events" + (x.complete() ? "" : "; the rest is left to the next call")).orElse("no archive to compact"));
    }
  }

  /** One call's compaction, until {@code timeUp}; empty where the app has no archive. */
  Optional<ArchiveCompaction.Result> compact(java.util.function.BooleanSupplier timeUp) throws java.io.IOException {
    Optional<io.tributary.functions.durable.DataLifecycle> lifecycle = app.lifecycle();
    if (lifecycle.isEmpty()) {
      return Optional.empty();
    }
    return lifecycle.get().compactArchive(clock.instant().getEpochSecond() / 3600, timeUp);
  }
}
