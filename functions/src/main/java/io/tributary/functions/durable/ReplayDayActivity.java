package io.tributary.functions.durable;

import io.tributary.event.TenantId;
import io.tributary.replay.ReplayService;
import io.tributary.replay.ReplayedDay;
import java.io.IOException;

/** Re-drives one ingest day of the archive into the store: what matches and is not stored. Idempotent. */
public final class ReplayDayActivity {

  public static final String NAME = "ReplayDay";

  private final ReplayService replays;
  private final java.util.function.Consumer<TenantId> changed;

  /** @param changed told of the tenant once events came back into its store (cached query answers are then stale) */
  public ReplayDayActivity(ReplayService replays, java.util.function.Consumer<TenantId> changed) {
    this.replays = replays;
    this.changed = changed;
  }

  public ReplayStepResult run(ReplayStep step) throws IOException {
    TenantId tenant = TenantId.of(step.job().tenant());
    ReplayedDay r = replays.replay(tenant, ReplayActivities.query(step.job().params()), step.day());
    if (r.read() > 0) {
      changed.accept(tenant); // also when none was added now: a first attempt cut by a crash may have added them
    }
    if (PAUSE_MILLIS > 0) {
      // Test-only: the SIGKILL test's child says so and waits, so that the kill lands after the day's
      // events are stored and before the engine records that the activity completed.
      LOG.info("replay day stored: " + step.job().job() + " day " + step.day() + ", " + r.added() + " added");
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted after replaying day " + step.day());
      }
    }
    return new ReplayStepResult(r.read(), r.added());
  }

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(
      ReplayDayActivity.class.getName());
  /** Test-only ({@code tributary.test.replay.dayPauseMillis}): a wait after each day is replayed. */
  private static final long PAUSE_MILLIS = Long.getLong("tributary.test.replay.dayPauseMillis", 0);
}
