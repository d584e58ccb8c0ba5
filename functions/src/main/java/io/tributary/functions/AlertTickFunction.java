package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.io.IOException;

/**
 * Decides every alert rule's groups again on a timer, in Azure: silence brings no events, so an
 * {@code absence} rule fires, and a window that slid past its matches resolves, only because time
 * passed. A timer trigger runs on one instance at a time (the host holds a lock on it), and starts
 * one when none runs, so it also wakes a scaled-in app. With the windows shared in Redis that one
 * instance decides every group any instance counted ({@link io.tributary.alert.AlertEvaluator#tick}),
 * after applying rule changes made through other instances.
 *
 * <p>Azure only: locally {@link io.tributary.alert.Alerting#start} runs the same tick on a thread
 * of the runtime, every {@link FunctionApp#ALERT_TICK_SECONDS} seconds.
 */
public final class AlertTickFunction {

  /** Every 5 seconds (NCRONTAB with seconds). */
  public static final String SCHEDULE = "*/5 * * * * *";

  private final FunctionApp app;

  public AlertTickFunction() {
    this(FunctionApp.shared());
  }

  public AlertTickFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("AlertTick")
  public void run(@TimerTrigger(name = "timer", schedule = SCHEDULE) String timer, ExecutionContext context)
      throws IOException {
    if (app.alerting() != null) {
      app.alerting().tick();
    }
  }
}
