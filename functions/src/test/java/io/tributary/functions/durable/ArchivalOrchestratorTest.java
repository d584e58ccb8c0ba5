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
import io.tributary.retention.RetentionReport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** The archival orchestrator against a mocked context: the tenants, then each tenant's retention in turn. */
class ArchivalOrchestratorTest {

  private static final ArchivalRun RUN = ArchivalRun.daily(java.time.LocalDate.of(2026, 3, 1));

  @SuppressWarnings("unchecked")
  private static <V> Task<V> done(V value) {
    Task<V> t = mock(Task.class);
    when(t.await()).thenReturn(value);
    return t;
  }

  @SuppressWarnings("unchecked")
  private static <V> Task<V> failed() {
    Task<V> t = mock(Task.class);
    when(t.await()).thenThrow(mock(TaskFailedException.class));
    return t;
  }

  private static RetentionReport report(String tenant, int dropped) {
    return new RetentionReport(tenant, RUN.day(), 7, 90, dropped == 0 ? List.of() : List.of("2026-02-21"), dropped,
        List.of(), 0, 0, 0);
  }

  private static TaskOrchestrationContext context(List<String> tenants) {
    TaskOrchestrationContext ctx = mock(TaskOrchestrationContext.class);
    when(ctx.getInput(ArchivalRun.class)).thenReturn(RUN);
    Task<ArchivalTenants> listed = done(new ArchivalTenants(tenants));
    when(ctx.callActivity(eq(ArchivalTenantsActivity.NAME), any(), eq(ArchivalTenants.class))).thenReturn(listed);
    return ctx;
  }

  @Test
  void appliesEachTenantsRetentionInTurnForTheRunsDayAndReportsProgress() {
    TaskOrchestrationContext ctx = context(List.of("acme", "bravo"));
    Task<RetentionReport> acme = done(report("acme", 60));
    Task<RetentionReport> bravo = done(report("bravo", 0));
    when(ctx.callActivity(eq(ApplyRetentionActivity.NAME), any(), eq(RetentionReport.class))).thenReturn(acme, bravo);

    new ArchivalOrchestrator().run(ctx);

    ArgumentCaptor<Object> inputs = ArgumentCaptor.forClass(Object.class);
    verify(ctx, org.mockito.Mockito.times(2)).callActivity(eq(ApplyRetentionActivity.NAME), inputs.capture(),
        eq(RetentionReport.class));
    assertEquals(List.of(new RetentionTask(RUN.run(), "acme", "2026-03-01"),
        new RetentionTask(RUN.run(), "bravo", "2026-03-01")), inputs.getAllValues());
    InOrder order = inOrder(ctx);
    order.verify(ctx).callActivity(ArchivalTenantsActivity.NAME, RUN, ArchivalTenants.class);
    order.verify(ctx).setCustomStatus(new ArchivalProgress(2, 0, 0, 0));
    order.verify(ctx).setCustomStatus(new ArchivalProgress(2, 1, 0, 50));
    order.verify(ctx).setCustomStatus(new ArchivalProgress(2, 2, 0, 100));
    order.verify(ctx).complete(new ArchivalSummary(RUN.run(), RUN.day(), List.of(report("acme", 60),
        report("bravo", 0)), List.of()));
  }

  @Test
  void aTenantThatFailsIsNamedAndTheOthersStillRun() {
    TaskOrchestrationContext ctx = context(List.of("acme", "bravo", "charlie"));
    Task<RetentionReport> acme = done(report("acme", 1));
    Task<RetentionReport> bravo = failed();
    Task<RetentionReport> charlie = done(report("charlie", 2));
    when(ctx.callActivity(eq(ApplyRetentionActivity.NAME), any(), eq(RetentionReport.class)))
        .thenReturn(acme, bravo, charlie);

    new ArchivalOrchestrator().run(ctx);

    verify(ctx).setCustomStatus(new ArchivalProgress(3, 2, 1, 66));
    verify(ctx).complete(new ArchivalSummary(RUN.run(), RUN.day(), List.of(report("acme", 1), report("charlie", 2)),
        List.of("bravo")));
  }

  @Test
  void noTenantsCompletesAtOnce() {
    TaskOrchestrationContext ctx = context(List.of());

    new ArchivalOrchestrator().run(ctx);

    verify(ctx, never()).callActivity(eq(ApplyRetentionActivity.NAME), any(), eq(RetentionReport.class));
    verify(ctx).setCustomStatus(new ArchivalProgress(0, 0, 0, 100));
    verify(ctx).complete(new ArchivalSummary(RUN.run(), RUN.day(), List.of(), List.of()));
  }

  @Test
  void theDailyRunOfADayHasOneIdSoItStartsOnce() {
    assertEquals("archival-2026-03-01", RUN.run());
    assertEquals(RUN, ArchivalRun.daily(java.time.LocalDate.parse("2026-03-01")));
  }
}
