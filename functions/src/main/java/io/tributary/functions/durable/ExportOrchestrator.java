package io.tributary.functions.durable;

import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationContext;

/**
 * An export job (docs/orchestrations.md): its parts one after the other, each starting after the
 * last event of the one before, then the file made of them. Deterministic, as an orchestrator must
 * be (it is replayed): no I/O, no clock, no random — only the activities' answers. The progress
 * (events, bytes, percent of the time range covered) is the custom status after each part.
 */
public final class ExportOrchestrator implements TaskOrchestration {

  public static final String NAME = "Export";

  @Override
  public void run(TaskOrchestrationContext ctx) {
    ExportJob job = ctx.getInput(ExportJob.class);
    long events = 0;
    long bytes = 0;
    long start = job.fromNanos();
    ExportPartResult part = null;
    int index = 0;
    do {
      ExportPart next = part == null ? new ExportPart(job, 0, 0, null, null)
          : new ExportPart(job, index, part.lastTime(), part.lastId(), part.columns());
      part = ctx.callActivity(ExportPartActivity.NAME, next, ExportPartResult.class).await();
      events += part.events();
      bytes += part.bytes();
      if (start == Long.MIN_VALUE && part.events() > 0) {
        start = part.firstTime();
      }
      index++;
      ctx.setCustomStatus(new ExportProgress(events, bytes, part.more() ? percent(start, job.toNanos(),
          part.lastTime()) : 100));
    } while (part.more());
    ExportResult result = ctx.callActivity(ExportFinishActivity.NAME, new ExportFinish(job, index, events),
        ExportResult.class).await();
    ctx.complete(result);
  }

  /** How far {@code at} is from {@code from} to {@code to}, 0–99 while parts remain. */
  static int percent(long from, long to, long at) {
    if (from == Long.MIN_VALUE || to <= from) {
      return 0;
    }
    double f = ((double) at - from) / ((double) to - from);
    return (int) Math.max(0, Math.min(99, Math.floor(f * 100)));
  }
}
