package io.tributary.alert;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Alerting as one piece: the rules ({@link AlertService}), their evaluation on stored batches
 * ({@link AlertEvaluator}, a {@link io.tributary.process.StoredEventsListener}), the decisions'
 * history ({@link AlertHistory}) and where they go besides ({@code output}). Rule changes reach
 * the evaluator at once; {@link #start} loads every rule and decides every group again every
 * {@code tickSeconds} (absence, resolving), on a daemon thread; {@link #close} stops it.
 */
public final class Alerting implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Alerting.class.getName());

  private final AlertService rules;
  private final AlertEvaluator evaluator;
  private final AlertHistory history;
  private ScheduledExecutorService ticker;

  public Alerting(AlertService rules, java.time.Clock clock, AlertOutput output) {
    this.rules = rules;
    this.history = new AlertHistory();
    this.evaluator = new AlertEvaluator(clock, (rule, t) -> {
      history.record(t);
      output.transition(rule, t);
    });
    rules.onChange(c -> {
      evaluator.changed(c);
      if (c.after() == null) {
        history.forget(c.tenant(), c.id());
      }
    });
  }

  /** Loads every tenant's rules into the evaluator and starts the timer (0 or less: no timer). */
  public synchronized Alerting start(long tickSeconds) throws IOException {
    for (AlertService.Change c : rules.all()) {
      evaluator.changed(c);
    }
    if (tickSeconds > 0 && ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alert-tick");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleWithFixedDelay(() -> {
        try {
          evaluator.tick();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "deciding alert rules on the timer failed; it runs again", e);
        }
      }, tickSeconds, tickSeconds, TimeUnit.SECONDS);
    }
    return this;
  }

  public AlertService rules() {
    return rules;
  }

  public AlertEvaluator evaluator() {
    return evaluator;
  }

  public AlertHistory history() {
    return history;
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }
}
