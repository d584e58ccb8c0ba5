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
    return new ReplayStepResult(r.read(), r.added());
  }
}
