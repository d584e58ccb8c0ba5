package io.tributary.functions.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** The export orchestrator against a mocked context: what it asks of its activities, in which order, and what it reports. */
class ExportOrchestratorTest {

  private static final long FROM = 1_000_000_000L;
  private static final long TO = 2_000_000_000L;
  private static final ExportJob JOB = new ExportJob("job1", "acme", Map.of("format", "csv"), 5_000_000_000L, FROM,
      TO, 2);

  @SuppressWarnings("unchecked")
  private static <V> Task<V> done(V value) {
    Task<V> t = mock(Task.class);
    when(t.await()).thenReturn(value);
    return t;
  }

  private static TaskOrchestrationContext context(List<ExportPartResult> parts, ExportResult result) {
    TaskOrchestrationContext ctx = mock(TaskOrchestrationContext.class);
    when(ctx.getInput(ExportJob.class)).thenReturn(JOB);
    List<Task<ExportPartResult>> tasks = new ArrayList<>();
    parts.forEach(p -> tasks.add(done(p)));
    var stub = when(ctx.callActivity(eq(ExportPartActivity.NAME), any(), eq(ExportPartResult.class)));
    for (Task<ExportPartResult> t : tasks) {
      stub = stub.thenReturn(t);
    }
    Task<ExportResult> finish = done(result);
    when(ctx.callActivity(eq(ExportFinishActivity.NAME), any(), eq(ExportResult.class))).thenReturn(finish);
    return ctx;
  }

  @Test
  void partsRunOneAfterTheOtherEachAfterTheLastEventOfTheOneBeforeThenTheFile() {
    List<String> columns = List.of("id", "timestamp", "message");
    List<ExportPartResult> parts = List.of(
        new ExportPartResult(0, 2, 100, true, 1_100_000_000L, 1_250_000_000L, "e2", columns),
        new ExportPartResult(1, 2, 90, true, 1_300_000_000L, 1_500_000_000L, "e4", columns),
        new ExportPartResult(2, 1, 40, false, 1_900_000_000L, 1_900_000_000L, "e5", columns));
    ExportResult result = new ExportResult("file:///x/export.csv", 5, 230, "ab");
    TaskOrchestrationContext ctx = context(parts, result);

    new ExportOrchestrator().run(ctx);

    ArgumentCaptor<Object> inputs = ArgumentCaptor.forClass(Object.class);
    verify(ctx, org.mockito.Mockito.times(3)).callActivity(eq(ExportPartActivity.NAME), inputs.capture(),
        eq(ExportPartResult.class));
    assertEquals(List.of(new ExportPart(JOB, 0, 0, null, null),
        new ExportPart(JOB, 1, 1_250_000_000L, "e2", columns),
        new ExportPart(JOB, 2, 1_500_000_000L, "e4", columns)), inputs.getAllValues());
    InOrder order = inOrder(ctx);
    order.verify(ctx).setCustomStatus(new ExportProgress(2, 100, 25));
    order.verify(ctx).setCustomStatus(new ExportProgress(4, 190, 50));
    order.verify(ctx).setCustomStatus(new ExportProgress(5, 230, 100));
    order.verify(ctx).callActivity(ExportFinishActivity.NAME, new ExportFinish(JOB, 3, 5), ExportResult.class);
    order.verify(ctx).complete(result);
  }

  @Test
  void anOpenRangeCountsProgressFromTheFirstEvent() {
    ExportJob open = new ExportJob("job2", "acme", Map.of(), 5_000L, Long.MIN_VALUE, 5_000L, 1);
    assertEquals(0, ExportOrchestrator.percent(Long.MIN_VALUE, 5_000L, 10));
    assertEquals(50, ExportOrchestrator.percent(1_000L, 5_000L, 3_000L));
    assertEquals(99, ExportOrchestrator.percent(1_000L, 5_000L, 5_000L), "100 only when the last part is done");
    TaskOrchestrationContext ctx = context(List.of(
        new ExportPartResult(0, 1, 10, true, 1_000L, 1_000L, "a", null),
        new ExportPartResult(1, 1, 10, true, 3_000L, 3_000L, "b", null),
        new ExportPartResult(2, 0, 0, false, Long.MIN_VALUE, 3_000L, "b", null)),
        new ExportResult("u", 2, 20, "s"));
    when(ctx.getInput(ExportJob.class)).thenReturn(open);
    new ExportOrchestrator().run(ctx);
    InOrder order = inOrder(ctx);
    order.verify(ctx).setCustomStatus(new ExportProgress(1, 10, 0));
    order.verify(ctx).setCustomStatus(new ExportProgress(2, 20, 50));
    order.verify(ctx).setCustomStatus(new ExportProgress(2, 20, 100));
  }

  @Test
  void aFailedPartFailsTheJobAndNoFileIsMade() {
    TaskOrchestrationContext ctx = mock(TaskOrchestrationContext.class);
    when(ctx.getInput(ExportJob.class)).thenReturn(JOB);
    @SuppressWarnings("unchecked")
    Task<ExportPartResult> failing = mock(Task.class);
    TaskFailedException boom = mock(TaskFailedException.class);
    when(failing.await()).thenThrow(boom);
    when(ctx.callActivity(eq(ExportPartActivity.NAME), any(), eq(ExportPartResult.class))).thenReturn(failing);
    TaskFailedException thrown = assertThrows(TaskFailedException.class, () -> new ExportOrchestrator().run(ctx));
    assertSame(boom, thrown);
    verify(ctx, never()).callActivity(eq(ExportFinishActivity.NAME), any(), eq(ExportResult.class));
    verify(ctx, never()).complete(any());
  }
}
