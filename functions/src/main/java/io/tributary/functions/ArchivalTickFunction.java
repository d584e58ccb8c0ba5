package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.tributary.functions.durable.ArchivalOrchestrator;
import io.tributary.functions.durable.ArchivalRun;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Starts the day's archival run (docs/retention.md) once a day, in Azure: each tenant's retention
 * applied to the archive (access tiers by age, deletion after {@code coldDays}; the hot store is
 * Cosmos DB, whose items expire by TTL). With an orchestration engine the run is the
 * {@link ArchivalOrchestrator} instance {@code archival-<day>} (started once however often the timer
 * fires); without one — the Azure app until it has durable bindings — the same activities run here,
 * one after the other ({@link io.tributary.functions.durable.DataLifecycle#runArchival}).
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
  public void run(@TimerTrigger(name = "timer", schedule = SCHEDULE) String timer, ExecutionContext context)
      throws java.io.IOException {
    ArchivalRun run = ArchivalRun.daily(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    if (app.orchestrations().isPresent() && app.orchestrators().containsKey(ArchivalOrchestrator.NAME)) {
      app.orchestrations().get().start(ArchivalOrchestrator.NAME, run.run(), run);
    } else if (app.lifecycle().isPresent()) {
      app.lifecycle().get().runArchival(run);
    }
  }
}
