package io.tributary.functions.durable;

import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationContext;

/**
 * An erasure (docs/retention.md): the plan (which days of the store and the archive hold
 * matches, and how many; the receipt's counts, so that a step run again after a crash, which finds
 * its work done, does not make them smaller), then each such store day and archive day erased by one activity, then the
 * receipt recorded in the audit history. Days without matches are not visited. The progress is the
 * export jobs' shape: stored copies removed so far, no bytes, the share of the days done.
 * Deterministic: only the activities' answers.
 */
public final class ErasureOrchestrator implements TaskOrchestration {

  public static final String NAME = "Erasure";

  @Override
  public void run(TaskOrchestrationContext ctx) {
    ErasureJob job = ctx.getInput(ErasureJob.class);
    ErasurePlan plan = ctx.callActivity(ErasurePlanActivity.NAME, job, ErasurePlan.class).await();
    long steps = plan.store().stream().filter(d -> d.events() > 0).count()
        + plan.archive().stream().filter(d -> d.events() > 0).count();
    long done = 0;
    long removed = 0;
    ctx.setCustomStatus(new ExportProgress(0, 0, steps == 0 ? 99 : 0));
    for (DayCount d : plan.store()) {
      if (d.events() > 0) {
        removed += ctx.callActivity(EraseStoreDayActivity.NAME, new ErasureStep(job, d.day()),
            ErasureStepResult.class).await().events();
        ctx.setCustomStatus(new ExportProgress(removed, 0, percent(++done, steps)));
      }
    }
    for (DayCount d : plan.archive()) {
      if (d.events() > 0) {
        ErasureStepResult r = ctx.callActivity(EraseArchiveDayActivity.NAME, new ErasureStep(job, d.day()),
            ErasureStepResult.class).await();
        removed += r.events();
        ctx.setCustomStatus(new ExportProgress(removed, 0, percent(++done, steps)));
      }
    }
    ErasureReceipt receipt = ctx.callActivity(RecordErasureActivity.NAME, new ErasureRecord(job, plan.storeEvents(),
        plan.archiveEvents(), plan.archiveSegments()), ErasureReceipt.class).await();
    ctx.setCustomStatus(new ExportProgress(removed, 0, 100));
    ctx.complete(receipt);
  }

  /** 0–99 while steps remain; the receipt makes it 100. */
  static int percent(long done, long steps) {
    return (int) Math.min(99, done * 100 / Math.max(1, steps));
  }
}
