package io.tributary.alert;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Alerting as one piece: the rules ({@link AlertService}), their evaluation on stored batches
 * ({@link AlertEvaluator}, a {@link io.tributary.process.StoredEventsListener}), the decisions'
 * history ({@link AlertHistory}) and where they go besides ({@code output}). Rule changes made
 * here reach the evaluator at once, those made through other instances (with shared windows) on
 * the next {@link #tick}; {@link #start} loads every rule and ticks every {@code tickSeconds}
 * (absence, resolving), on a daemon thread; {@link #close} stops it.
 */
public final class Alerting implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Alerting.class.getName());

  private final AlertService rules;
  private final AlertEvaluator evaluator;
  private final AlertHistory history;
  private final io.tributary.store.LogStore store;
  private final io.tributary.alert.delivery.AlertDispatcher dispatcher;
  private final io.tributary.alert.delivery.DeliveryLog deliveries;
  private final java.time.Clock clock;
  private ScheduledExecutorService ticker;
  /** Where the last look for other instances' rule changes ended (null: none made yet). Guarded by this. */
  private java.time.Instant refreshedTo;

  /**
   * @param store where the windows are filled from when the rules are loaded, or null to start them empty
   * @param dispatcher sends each transition to the rule's targets (closed with this), or null to send none
   * @param deliveries where the dispatcher records its attempts (for {@code GET …/deliveries}), or null
   */
  public Alerting(AlertService rules, java.time.Clock clock, io.tributary.store.LogStore store,
      io.tributary.alert.delivery.AlertDispatcher dispatcher, io.tributary.alert.delivery.DeliveryLog deliveries) {
    this(rules, clock, store, dispatcher, deliveries, null);
  }

  /**
   * As above, for one of several instances that each see a part of a tenant's events: the windows
   * and firing state are {@code windows}' (null: this instance's own), and {@link #tick} also
   * applies rule changes made through other instances.
   */
  public Alerting(AlertService rules, java.time.Clock clock, io.tributary.store.LogStore store,
      io.tributary.alert.delivery.AlertDispatcher dispatcher, io.tributary.alert.delivery.DeliveryLog deliveries,
      AlertWindowStore windows) {
    this(rules, clock, dispatcher == null ? AlertOutput.NONE : (rule, t) -> {
      if (!rule.notifyTargets().isEmpty()) {
        dispatcher.dispatch(notification(t), rule.notifyTargets());
      }
    }, store, dispatcher, deliveries, windows);
  }

  /** As above, with the transitions going to {@code output} besides the history (tests). */
  public Alerting(AlertService rules, java.time.Clock clock, AlertOutput output, io.tributary.store.LogStore store) {
    this(rules, clock, output, store, null);
  }

  /** As above, with windows shared with other instances ({@code windows}; tests). */
  public Alerting(AlertService rules, java.time.Clock clock, AlertOutput output, io.tributary.store.LogStore store,
      AlertWindowStore windows) {
    this(rules, clock, output, store, null, null, windows);
  }

  private Alerting(AlertService rules, java.time.Clock clock, AlertOutput output, io.tributary.store.LogStore store,
      io.tributary.alert.delivery.AlertDispatcher dispatcher, io.tributary.alert.delivery.DeliveryLog deliveries,
      AlertWindowStore windows) {
    this.rules = rules;
    this.clock = clock;
    this.store = store;
    this.dispatcher = dispatcher;
    this.deliveries = deliveries;
    this.history = new AlertHistory(rules.store());
    this.evaluator = new AlertEvaluator(clock, (rule, t) -> {
      try {
        history.record(t);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "an alert transition of rule " + t.ruleId() + " was not recorded; it is sent", e);
      }
      output.transition(rule, t);
    }, windows);
    rules.onChange(c -> {
      evaluator.changed(c);
      if (c.after() == null) {
        history.forget(c.tenant(), c.id());
      }
    });
  }

  /** At start, how long the store is read to fill the windows of all rules together. */
  static final java.time.Duration WARM_UP_BUDGET = java.time.Duration.ofSeconds(30);

  /**
   * Loads every tenant's rules into the evaluator, fills their windows from the store (what was
   * stored before this start: a restarted instance counts what it counted before, and events
   * delivered again after a crash are recognised by id), and starts the timer (0 or less: none).
   * Call it before events are told. A rule created later starts with empty windows.
   */
  public synchronized Alerting start(long tickSeconds) throws IOException {
    List<AlertService.Change> all = rules.all();
    for (AlertService.Change c : all) {
      evaluator.changed(c);
      // Which groups were firing when the last instance stopped, from the recorded transitions.
      for (java.util.Map.Entry<String, AlertHistory.GroupState> g : history.groupStates(c.tenant(), c.id())
          .entrySet()) {
        evaluator.restore(c.tenant(), c.id(), g.getKey(), g.getValue().firing(), g.getValue().lastFiredNanos());
      }
    }
    refreshedTo = clock.instant();
    resendUnfinished(all);
    if (store != null && !all.isEmpty() && !evaluator.sharesWindows()) {
      long deadline = System.nanoTime() + WARM_UP_BUDGET.toNanos();
      for (AlertService.Change c : all) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warning("filling alert windows from the store took its whole budget; the rest start empty");
          break;
        }
        evaluator.warmUp(c.tenant(), c.id(), store, java.time.Duration.ofNanos(left));
      }
    }
    if (tickSeconds > 0 && ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alert-tick");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleWithFixedDelay(() -> {
        try {
          tick();
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.WARNING, "deciding alert rules on the timer failed; it runs again", e);
        }
      }, tickSeconds, tickSeconds, TimeUnit.SECONDS);
    }
    return this;
  }

  /** How old a transition may be for {@link #resendUnfinished} to send it again. */
  static final java.time.Duration RESEND_WITHIN = java.time.Duration.ofHours(1);

  /**
   * Sends again, at start, each transition of the last {@link #RESEND_WITHIN} whose delivery to a
   * target did not end (neither delivered nor dead-lettered by its receiver's answers): the process
   * stopped or crashed while it was queued, in flight or waiting for a retry. The notification is
   * rebuilt from the recorded transition, so it has the same delivery id (receivers de-duplicate on
   * it) and no samples (its query finds them). With several instances each sends it: at least once.
   *
   * @return the deliveries sent again (one per transition and target)
   */
  int resendUnfinished(List<AlertService.Change> all) {
    if (dispatcher == null || deliveries == null) {
      return 0;
    }
    java.time.Instant since = clock.instant().minus(RESEND_WITHIN);
    int sent = 0;
    for (AlertService.Change c : all) {
      if (c.after().notifyTargets().isEmpty()) {
        continue;
      }
      try {
        List<com.fasterxml.jackson.databind.node.ObjectNode> recent = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.node.ObjectNode t : history.of(c.tenant(), c.id(), AlertHistory.PER_RULE)) {
          if (java.time.Instant.parse(t.path("at").asText()).isBefore(since)) {
            break; // newest first
          }
          recent.add(t);
        }
        if (recent.isEmpty()) {
          continue;
        }
        java.util.Set<String> ended = new java.util.HashSet<>();
        for (io.tributary.alert.delivery.DeliveryAttempt a : deliveries.attempts(c.tenant(), c.id(), 10_000)) {
          boolean shutdown = io.tributary.alert.delivery.FailureKind.SHUTDOWN.code().equals(a.failure());
          if (a.outcome() == io.tributary.alert.delivery.DeliveryOutcome.DELIVERED
              || (a.outcome() == io.tributary.alert.delivery.DeliveryOutcome.DEAD_LETTER && !shutdown)) {
            ended.add(a.deliveryId() + "\n" + a.target());
          }
        }
        for (com.fasterxml.jackson.databind.node.ObjectNode t : recent) {
          List<io.tributary.alert.delivery.NotifyTarget> open = new java.util.ArrayList<>();
          for (io.tributary.alert.delivery.NotifyTarget target : c.after().notifyTargets()) {
            if (!ended.contains(t.path("id").asText() + "\n" + target.redactedUrl())) {
              open.add(target);
            }
          }
          if (!open.isEmpty()) {
            dispatcher.dispatch(notification(c.tenant(), t), open);
            sent += open.size();
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "alert rule " + c.id() + ": unfinished deliveries could not be looked for at start", e);
      }
    }
    if (sent > 0) {
      LOG.info("sent again " + sent + " alert deliveries that had not ended when the last process stopped");
    }
    return sent;
  }

  /** A recorded transition (its JSON in the history, without samples) as the notification its targets get. */
  static io.tributary.alert.delivery.AlertNotification notification(io.tributary.event.TenantId tenant,
      com.fasterxml.jackson.databind.JsonNode t) {
    return new io.tributary.alert.delivery.AlertNotification(t.path("id").asText(), tenant, t.path("ruleId").asText(),
        t.path("ruleName").asText(), t.path("state").asText(), t.path("group").isNull() ? null
            : t.path("group").asText(null), java.time.Instant.parse(t.path("windowStart").asText()),
        java.time.Instant.parse(t.path("windowEnd").asText()), t.path("count").asLong(), t.path("threshold").asLong(),
        List.of(), t.path("query"), java.time.Instant.parse(t.path("at").asText()));
  }

  /** How far back each look for other instances' rule changes reaches before the last one's end (clock skew, replication). */
  static final java.time.Duration REFRESH_OVERLAP = java.time.Duration.ofMinutes(1);

  /**
   * Decides every rule's groups again ({@link AlertEvaluator#tick}); first, when the windows are
   * shared with other instances, applies the rule changes made through them since the last look
   * (a change applies once, by version, however often it is read). Called by the timer of
   * {@link #start} and, in the deployed app, by the {@code AlertTick} timer function.
   */
  public void tick() throws IOException {
    refreshRules(java.time.Duration.ZERO);
    evaluator.tick();
  }

  /**
   * Evaluates a block of stored events where the store's change feed tells them (the deployed
   * app's {@code AlertEvaluate}), after applying other instances' rule changes if the last look
   * for them is older than {@link #REFRESH_EVERY}.
   */
  public void stored(List<io.tributary.event.LogEvent> events) throws IOException {
    refreshRules(REFRESH_EVERY);
    evaluator.stored(events);
  }

  /** How old the last look for other instances' rule changes may be when a block is evaluated. */
  static final java.time.Duration REFRESH_EVERY = java.time.Duration.ofSeconds(5);

  /** With shared windows, applies the rule changes made through other instances, if the last look is older than {@code age}. */
  private void refreshRules(java.time.Duration age) throws IOException {
    if (!evaluator.sharesWindows()) {
      return;
    }
    java.time.Instant now = clock.instant();
    java.time.Instant from;
    synchronized (this) {
      if (refreshedTo != null && now.isBefore(refreshedTo.plus(age))) {
        return;
      }
      from = (refreshedTo == null ? now : refreshedTo).minus(REFRESH_OVERLAP);
    }
    for (AlertService.Change c : rules.changedBetween(from, now.plusSeconds(1))) {
      evaluator.changed(c);
    }
    synchronized (this) {
      if (refreshedTo == null || refreshedTo.isBefore(now)) {
        refreshedTo = now; // only after a look that succeeded: a failed one is made again, from as far back
      }
    }
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

  /** The dispatcher's counts since start (for metrics); null when nothing is sent. */
  public io.tributary.alert.delivery.AlertDispatcher.Stats deliveryStats() {
    return dispatcher == null ? null : dispatcher.stats();
  }

  /** Where deliveries are recorded; null when nothing is sent. */
  public io.tributary.alert.delivery.DeliveryLog deliveries() {
    return deliveries;
  }

  /** A transition as the notification its targets get: the transition's id is the delivery id. */
  static io.tributary.alert.delivery.AlertNotification notification(AlertTransition t) {
    return new io.tributary.alert.delivery.AlertNotification(t.id(), t.tenant(), t.ruleId(), t.ruleName(),
        t.state().wire(), t.group(), t.windowStart(), t.windowEnd(), t.count(), t.threshold(), t.samples(), t.query(),
        t.at());
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
    if (dispatcher != null) {
      dispatcher.close();
    }
  }
}
