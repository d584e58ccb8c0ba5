package io.tributary.local.durable;

import io.tributary.functions.durable.ArchivalOrchestrator;
import io.tributary.functions.durable.ArchivalRun;
import io.tributary.functions.durable.OrchestrationClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local runtime's daily archival timer (what the {@code ArchivalTick} timer function is in
 * Azure): every {@code every} it starts the run of the current UTC day, {@code archival-<day>};
 * starting an instance that exists does nothing, so each day runs once however often this looks,
 * and a day missed while the runtime was stopped is applied by the next day's run (retention
 * applies whatever is due). A look that fails is logged and the next one runs as planned.
 */
public final class ArchivalSchedule implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ArchivalSchedule.class.getName());

  private final OrchestrationClient client;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "archival-timer");
    t.setDaemon(true);
    return t;
  });

  public ArchivalSchedule(OrchestrationClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  /** Looks first after {@code first}, then every {@code every}. */
  public void start(Duration first, Duration every) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        startToday();
      } catch (Throwable e) {
        LOG.log(Level.SEVERE, "cannot start today's archival run; it is tried again", e);
      }
    }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Test-only ({@code tributary.test.archival.dayOffset}): days added to today, so that a child
   * runtime's run applies retention as of a later day (the archival SIGKILL test); 0 otherwise.
   */
  private static final long DAY_OFFSET = Long.getLong("tributary.test.archival.dayOffset", 0);

  /** Starts today's run unless it was started already; answers it. */
  public ArchivalRun startToday() throws IOException {
    ArchivalRun run = ArchivalRun.daily(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(DAY_OFFSET));
    client.start(ArchivalOrchestrator.NAME, run.run(), run);
    return run;
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(30, TimeUnit.SECONDS);
  }
}
