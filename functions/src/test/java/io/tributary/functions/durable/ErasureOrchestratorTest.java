package io.tributary.functions.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskFailedException;
import com.microsoft.durabletask.TaskOrchestrationContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** The erasure orchestrator against a mocked context: the plan, the days with matches in order, then the receipt. */
class ErasureOrchestratorTest {

  private static final ErasureJob JOB = new ErasureJob("e1", "acme", Map.of("q", "user:alice"), "alice@acme",
      "2026-03-01T12:00:00Z", 5_000L);

  @SuppressWarnings("unchecked")
  private static <V> Task<V> done(V value) {
    Task<V> t = mock(Task.class);
    when(t.await()).thenReturn(value);
    return t;
  }

  private static TaskOrchestrationContext context(ErasurePlan plan) {
    TaskOrchestrationContext ctx = mock(TaskOrchestrationContext.class);
    when(ctx.getInput(ErasureJob.class)).thenReturn(JOB);
    Task<ErasurePlan> planned = done(plan);
    when(ctx.callActivity(eq(ErasurePlanActivity.NAME), any(), eq(ErasurePlan.class))).thenReturn(planned);
    return ctx;
  }

  @Test
  void erasesOnlyTheDaysWithMatchesStoreFirstThenRecordsTheReceiptWithThePlansCounts() {
    ErasurePlan plan = new ErasurePlan(List.of(new DayCount(100, 3, 0), new DayCount(101, 0, 0),
        new DayCount(102, 2, 0)), List.of(new DayCount(99, 1, 1), new DayCount(100, 4, 2)));
    TaskOrchestrationContext ctx = context(plan);
    Task<ErasureStepResult> s100 = done(new ErasureStepResult(3, 0));
    Task<ErasureStepResult> s102 = done(new ErasureStepResult(2, 0));
    when(ctx.callActivity(eq(EraseStoreDayActivity.NAME), any(), eq(ErasureStepResult.class))).thenReturn(s100, s102);
    Task<ErasureStepResult> a99 = done(new ErasureStepResult(1, 1));
    Task<ErasureStepResult> a100 = done(new ErasureStepResult(4, 2));
    when(ctx.callActivity(eq(EraseArchiveDayActivity.NAME), any(), eq(ErasureStepResult.class))).thenReturn(a99, a100);
    ErasureReceipt receipt = new ErasureReceipt("e1", "acme", "user:alice", null, null, 5, 5, 3, "alice@acme",
        "2026-03-01T12:00:00Z", "2026-03-01T12:00:01Z");
    Task<ErasureReceipt> recorded = done(receipt);
    when(ctx.callActivity(eq(RecordErasureActivity.NAME), any(), eq(ErasureReceipt.class))).thenReturn(recorded);

    new ErasureOrchestrator().run(ctx);

    ArgumentCaptor<Object> store = ArgumentCaptor.forClass(Object.class);
    verify(ctx, org.mockito.Mockito.times(2)).callActivity(eq(EraseStoreDayActivity.NAME), store.capture(),
        eq(ErasureStepResult.class));
    assertEquals(List.of(new ErasureStep(JOB, 100), new ErasureStep(JOB, 102)), store.getAllValues(),
        "day 101 has no matches: not visited");
    InOrder order = inOrder(ctx);
    order.verify(ctx).callActivity(ErasurePlanActivity.NAME, JOB, ErasurePlan.class);
    order.verify(ctx).setCustomStatus(new ExportProgress(0, 0, 0));
    order.verify(ctx).setCustomStatus(new ExportProgress(3, 0, 25));
    order.verify(ctx).setCustomStatus(new ExportProgress(5, 0, 50));
    order.verify(ctx).callActivity(EraseArchiveDayActivity.NAME, new ErasureStep(JOB, 99), ErasureStepResult.class);
    order.verify(ctx).setCustomStatus(new ExportProgress(6, 0, 75));
    order.verify(ctx).callActivity(EraseArchiveDayActivity.NAME, new ErasureStep(JOB, 100), ErasureStepResult.class);
    order.verify(ctx).setCustomStatus(new ExportProgress(10, 0, 99));
    order.verify(ctx).callActivity(RecordErasureActivity.NAME, new ErasureRecord(JOB, 5, 5, 3), ErasureReceipt.class);
    order.verify(ctx).setCustomStatus(new ExportProgress(10, 0, 100));
    order.verify(ctx).complete(receipt);
  }

  @Test
  void nothingToEraseStillRecordsAReceiptOfNothing() {
    TaskOrchestrationContext ctx = context(new ErasurePlan(List.of(new DayCount(100, 0, 0)), List.of()));
    ErasureReceipt receipt = new ErasureReceipt("e1", "acme", "user:alice", null, null, 0, 0, 0, "alice@acme",
        "2026-03-01T12:00:00Z", "2026-03-01T12:00:01Z");
    Task<ErasureReceipt> recorded = done(receipt);
    when(ctx.callActivity(eq(RecordErasureActivity.NAME), any(), eq(ErasureReceipt.class))).thenReturn(recorded);

    new ErasureOrchestrator().run(ctx);

    verify(ctx, never()).callActivity(eq(EraseStoreDayActivity.NAME), any(), eq(ErasureStepResult.class));
    verify(ctx).callActivity(RecordErasureActivity.NAME, new ErasureRecord(JOB, 0, 0, 0), ErasureReceipt.class);
    verify(ctx).complete(receipt);
  }

  @Test
  void aFailedDayFailsTheErasureAndRecordsNoReceipt() {
    TaskOrchestrationContext ctx = context(new ErasurePlan(List.of(new DayCount(100, 3, 0)), List.of()));
    @SuppressWarnings("unchecked")
    Task<ErasureStepResult> failing = mock(Task.class);
    TaskFailedException boom = mock(TaskFailedException.class);
    when(failing.await()).thenThrow(boom);
    when(ctx.callActivity(eq(EraseStoreDayActivity.NAME), any(), eq(ErasureStepResult.class))).thenReturn(failing);

    Executable run = () -> new ErasureOrchestrator().run(ctx);

    assertEquals(boom, org.junit.jupiter.api.Assertions.assertThrows(TaskFailedException.class, run));
    verify(ctx, never()).callActivity(eq(RecordErasureActivity.NAME), any(), eq(ErasureReceipt.class));
    verify(ctx, never()).complete(any());
  }
}
