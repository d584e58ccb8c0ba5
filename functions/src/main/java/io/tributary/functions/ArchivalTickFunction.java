package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import io.tributary.functions.durable.ArchivalOrchestrator;
import io.tributary.functions.durable.ArchivalRun;
import io.tributary.functions.durable.OrchestrationClient;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Starts the day's archival run (docs/retention.md) once a day, in Azure: each tenant's retention
 * applied to the archive (access tiers by age, deletion after {@code coldDays}; the hot store is
 * Cosmos DB, whose items expire by TTL). The run is the {@link ArchivalOrchestrator} instance
 * {@code archival-<day>}, started through the Durable Functions client bound to this function
 * (started once however often the timer fires) and run by {@link ArchivalOrchestrationFunctions};
 * without a client the invocation fails (and is logged) rather than run the archival here.
 *
 * <p>Azure only: locally the runtime's own timer starts the same orchestration.
 */
public final class ArchivalTickFunction {

  /** Every day at 01:30 UTC (NCRONTAB with seconds). */
  public static final String SCHEDULE = "0 30 1 * * *";

  private final FunctionApp app;
  private final Clock clock;

  public ArchivalTickFunction() {
    this(FunctionApp.shared());
  }

  public ArchivalTickFunction(FunctionApp app) {
    this(app, Clock.systemUTC());
  }

  ArchivalTickFunction(FunctionApp app, Clock clock) {
    this.app = app;
    this.clock = clock;
  }

  @FunctionName("ArchivalTick")
  public void run(@TimerTrigger(name = "timer", schedule = SCHEDULE) String timer,
      @DurableClientInput(name = "durableContext") DurableClientContext durableContext, ExecutionContext context)
      throws java.io.IOException {
    ArchivalRun run = ArchivalRun.daily(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    OrchestrationClient client = DurableClients.of(app, durableContext).orElseThrow(() -> new IllegalStateException(
        "no orchestration client: the Durable Functions extension is not running; archival run " + run.run()
            + " is not started (the next day's run applies what is due)"));
    client.start(ArchivalOrchestrator.NAME, run.run(), run);
  }
}
