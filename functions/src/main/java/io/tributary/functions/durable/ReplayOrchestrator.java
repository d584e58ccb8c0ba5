package io.tributary.functions.durable;

import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationContext;

/**
 * A replay (docs/retention.md): the archive's ingest days in reach, then each day re-driven into
 * the store by one activity, in order. The progress is the export jobs' shape: events stored so
 * far, no bytes, the share of the days done. Deterministic: only the activities' answers. A day
 * re-run after a crash stores nothing twice (the store is asked first), so the store ends the same.
 */
public final class ReplayOrchestrator implements TaskOrchestration {

  public static final String NAME = "Replay";

  @Override
  public void run(TaskOrchestrationContext ctx) {
    ReplayJob job = ctx.getInput(ReplayJob.class);
    ReplayPlan plan = ctx.callActivity(ReplayPlanActivity.NAME, job, ReplayPlan.class).await();
    long added = 0;
    long read = 0;
    int done = 0;
    ctx.setCustomStatus(new ExportProgress(0, 0, 0));
    for (long day : plan.days()) {
      ReplayStepResult r = ctx.callActivity(ReplayDayActivity.NAME, new ReplayStep(job, day), ReplayStepResult.class)
          .await();
      added += r.added();
      read += r.read();
      done++;
      ctx.setCustomStatus(new ExportProgress(added, 0, done == plan.days().size() ? 100
          : done * 100 / plan.days().size()));
    }
    ctx.setCustomStatus(new ExportProgress(added, 0, 100));
    ctx.complete(new ReplayResult(added, read, plan.days().size()));
  }
}
