package io.tributary.functions.durable;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskOrchestrationContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** The replay orchestrator against a mocked context: the days in order, progress, what was stored. */
class ReplayOrchestratorTest {

  private static final ReplayJob JOB = new ReplayJob("r1", "acme", Map.of("from", "2026-02-21T00:00:00Z"), 5_000L);

  @SuppressWarnings("unchecked")
  private static <V> Task<V> done(V value) {
    Task<V> t = mock(Task.class);
    when(t.await()).thenReturn(value);
    return t;
  }

  private static TaskOrchestrationContext context(List<Long> days) {
    TaskOrchestrationContext ctx = mock(TaskOrchestrationContext.class);
    when(ctx.getInput(ReplayJob.class)).thenReturn(JOB);
    Task<ReplayPlan> plan = done(new ReplayPlan(days));
    when(ctx.callActivity(eq(ReplayPlanActivity.NAME), any(), eq(ReplayPlan.class))).thenReturn(plan);
    return ctx;
  }

  @Test
  void replaysEachDayInOrderAndReportsWhatWasStored() {
    TaskOrchestrationContext ctx = context(List.of(20_500L, 20_501L, 20_502L, 20_503L));
    Task<ReplayStepResult> d0 = done(new ReplayStepResult(10, 10));
    Task<ReplayStepResult> d1 = done(new ReplayStepResult(5, 0));
    Task<ReplayStepResult> d2 = done(new ReplayStepResult(7, 3));
    Task<ReplayStepResult> d3 = done(new ReplayStepResult(0, 0));
    when(ctx.callActivity(eq(ReplayDayActivity.NAME), any(), eq(ReplayStepResult.class))).thenReturn(d0, d1, d2, d3);

    new ReplayOrchestrator().run(ctx);

    InOrder order = inOrder(ctx);
    order.verify(ctx).callActivity(ReplayPlanActivity.NAME, JOB, ReplayPlan.class);
    order.verify(ctx).setCustomStatus(new ExportProgress(0, 0, 0));
    order.verify(ctx).callActivity(ReplayDayActivity.NAME, new ReplayStep(JOB, 20_500L), ReplayStepResult.class);
    order.verify(ctx).setCustomStatus(new ExportProgress(10, 0, 25));
    order.verify(ctx).callActivity(ReplayDayActivity.NAME, new ReplayStep(JOB, 20_501L), ReplayStepResult.class);
    order.verify(ctx).setCustomStatus(new ExportProgress(10, 0, 50));
    order.verify(ctx).callActivity(ReplayDayActivity.NAME, new ReplayStep(JOB, 20_502L), ReplayStepResult.class);
    order.verify(ctx).setCustomStatus(new ExportProgress(13, 0, 75));
    order.verify(ctx).callActivity(ReplayDayActivity.NAME, new ReplayStep(JOB, 20_503L), ReplayStepResult.class);
    order.verify(ctx).complete(new ReplayResult(13, 22, 4));
  }

  @Test
  void anEmptyArchiveCompletesWithNothing() {
    TaskOrchestrationContext ctx = context(List.of());

    new ReplayOrchestrator().run(ctx);

    verify(ctx, never()).callActivity(eq(ReplayDayActivity.NAME), any(), eq(ReplayStepResult.class));
    verify(ctx).setCustomStatus(new ExportProgress(0, 0, 100));
    verify(ctx).complete(new ReplayResult(0, 0, 0));
  }
}
