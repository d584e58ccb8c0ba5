package io.tributary.functions.durable;

import com.microsoft.durabletask.TaskFailedException;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationContext;
import io.tributary.retention.RetentionReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The daily archival run (docs/retention.md): the tenants, then each tenant's retention applied by
 * one activity, one after the other. A tenant whose activity fails does not stop the others; it is
 * named in the summary, and the next day's run applies whatever is still due. Deterministic, as an
 * orchestrator must be: the day comes with the input, the rest from the activities.
 */
public final class ArchivalOrchestrator implements TaskOrchestration {

  public static final String NAME = "Archival";

  @Override
  public void run(TaskOrchestrationContext ctx) {
    ArchivalRun run = ctx.getInput(ArchivalRun.class);
    List<String> tenants = ctx.callActivity(ArchivalTenantsActivity.NAME, run, ArchivalTenants.class).await()
        .tenants();
    List<RetentionReport> reports = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    ctx.setCustomStatus(new ArchivalProgress(tenants.size(), 0, 0, tenants.isEmpty() ? 100 : 0));
    for (String tenant : tenants) {
      try {
        reports.add(ctx.callActivity(ApplyRetentionActivity.NAME, new RetentionTask(run.run(), tenant, run.day()),
            RetentionReport.class).await());
      } catch (TaskFailedException e) {
        failed.add(tenant);
      }
      int done = reports.size() + failed.size();
      ctx.setCustomStatus(new ArchivalProgress(tenants.size(), done, failed.size(), done * 100 / tenants.size()));
    }
    ctx.complete(new ArchivalSummary(run.run(), run.day(), reports, failed));
  }
}
