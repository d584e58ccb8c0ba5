package io.tributary.functions.durable;

import io.tributary.event.TenantId;
import io.tributary.replay.ReplayService;
import java.io.IOException;

/** Lists the archive's ingest days a replay goes over. Reads only. */
public final class ReplayPlanActivity {

  public static final String NAME = "ReplayPlan";

  private final ReplayService replays;

  public ReplayPlanActivity(ReplayService replays) {
    this.replays = replays;
  }

  public ReplayPlan run(ReplayJob job) throws IOException {
    return new ReplayPlan(replays.archiveDays(TenantId.of(job.tenant()), ReplayActivities.query(job.params()),
        job.nowNanos()));
  }
}
