package io.tributary.alert.delivery;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers notifications to their targets apart from the caller: {@link #dispatch} only queues,
 * so the processing path that calls it is never slowed by a receiver. Each (notification, target)
 * is one delivery: guard check, signed POST through the {@link AlertSink}, and on a retryable
 * outcome (5xx, 429, 408, timeout, refused, other I/O) a retry scheduled per the
 * {@link RetryPolicy} on a {@link java.util.concurrent.ScheduledExecutorService} (never a sleep);
 * after the last attempt, or on an answer not worth retrying (other 4xx, 3xx), a dead letter.
 * Every attempt is recorded in the {@link DeliveryLog}.
 *
 * <p>Isolation: the sink is asynchronous, so a receiver that never answers holds no thread; and
 * each tenant may have at most {@code perTenantLimit} deliveries in flight or waiting for a retry;
 * beyond that a delivery is dead-lettered at once as {@link FailureKind#OVERFLOW}, so one tenant's
 * dead receiver cannot grow a backlog that delays anyone else.
 *
 * <p>Nothing is lost silently: every dispatched delivery ends as delivered or dead letter, closing
 * included (what still waits then is dead-lettered as {@link FailureKind#SHUTDOWN}). Delivery is
 * at least once: a receiver de-duplicates on {@code X-Tributary-Delivery}. Thread-safe.
 */
public final class AlertDispatcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(AlertDispatcher.class.getName());

  private final AlertSink sink;
  private final DeliveryLog log;
  private final TargetGuard guard;
  private final RetryPolicy policy;
  private final Clock clock;
  private final Duration timeout;
  private final int perTenantLimit;
  private final DoubleSupplier jitter;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Map<TenantId, AtomicInteger> pending = new ConcurrentHashMap<>();
  private final Set<Delivery> unfinished = ConcurrentHashMap.newKeySet();
  private final AtomicLong dispatched = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile boolean closed;

  private AlertDispatcher(Builder b) {
    this.sink = b.sink;
    this.log = b.log;
    this.guard = b.guard;
    this.policy = b.policy;
    this.clock = b.clock;
    this.timeout = b.timeout;
    this.perTenantLimit = b.perTenantLimit;
    this.jitter = b.jitter;
    AtomicInteger n = new AtomicInteger();
    this.scheduler = new ScheduledThreadPoolExecutor(b.threads, r -> {
      Thread t = new Thread(r, "alert-delivery-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    // close() drops waiting retries but never interrupts a running task: an interrupt closes a FileChannel under the log.
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** A builder over {@code sink} and {@code log}; the rest has production defaults. */
  public static Builder builder(AlertSink sink, DeliveryLog log) {
    return new Builder(sink, log);
  }

  /**
   * Queues {@code n} for each of {@code targets} and returns at once; never blocks and never
   * throws for a delivery problem (those end in the log).
   */
  public void dispatch(AlertNotification n, List<NotifyTarget> targets) {
    byte[] body = AlertNotification.body(n);
    for (NotifyTarget t : targets) {
      Delivery d = new Delivery(n, t, body);
      dispatched.incrementAndGet();
      AtomicInteger count = pending.computeIfAbsent(n.tenant(), k -> new AtomicInteger());
      if (closed) {
        count.incrementAndGet();
        finish(d, 0, DeliveryResult.failed(FailureKind.SHUTDOWN, "the dispatcher is closed", Duration.ZERO));
      } else if (count.incrementAndGet() > perTenantLimit) {
        run(() -> finish(d, 0, DeliveryResult.failed(FailureKind.OVERFLOW, "tenant " + n.tenant() + " has "
            + perTenantLimit + " deliveries in flight or waiting", Duration.ZERO)), d);
      } else {
        unfinished.add(d);
        run(() -> attempt(d), d);
      }
    }
  }

  private void run(Runnable r, Delivery d) {
    try {
      scheduler.execute(r);
    } catch (RejectedExecutionException e) {
      finish(d, d.attempts, DeliveryResult.failed(FailureKind.SHUTDOWN, "the dispatcher is closed", Duration.ZERO));
    }
  }

  private void attempt(Delivery d) {
    if (d.done.get()) {
      return;
    }
    if (closed) {
      finish(d, d.attempts, DeliveryResult.failed(FailureKind.SHUTDOWN, "the dispatcher is closed", Duration.ZERO));
      return;
    }
    int attempt = ++d.attempts;
    Instant start = clock.instant();
    d.started = start;
    String refusal;
    try {
      refusal = guard.refusal(d.target.url());
    } catch (UnknownHostException e) {
      outcome(d, attempt, DeliveryResult.failed(FailureKind.DNS, "host does not resolve", took(start)));
      return;
    }
    if (refusal != null) {
      outcome(d, attempt, DeliveryResult.failed(FailureKind.NOT_ALLOWED, refusal, took(start)));
      return;
    }
    Map<String, String> headers = DeliveryHeaders.of(d.target, d.notification.deliveryId(), d.body, start);
    // Each attempt is a CLIENT span whose context the receiver gets as traceparent (W3C Trace
    // Context), so a webhook's own traces join the alert's.
    io.tributary.telemetry.Tracing.Scoped span = io.tributary.telemetry.Tracing.client("alert.deliver");
    span.set("tributary.attempt", attempt);
    if (span.traceparent() != null) {
      headers.put("traceparent", span.traceparent());
    }
    CompletableFuture<DeliveryResult> sent;
    try {
      sent = sink.send(d.target, d.body, headers, timeout);
    } catch (RuntimeException e) {
      sent = CompletableFuture.completedFuture(DeliveryResult.failed(FailureKind.IO, e.toString(), took(start)));
    }
    sent.whenComplete((r, e) -> {
      DeliveryResult result = r != null ? r : DeliveryResult.failed(FailureKind.IO, String.valueOf(e), took(start));
      if (result.status() > 0) {
        span.set("http.response.status_code", result.status());
      }
      if (!result.delivered()) {
        span.failed(result.failure() != null ? result.failure().name() : "HTTP " + result.status());
      }
      span.close();
      // Back onto our own threads: the log may write to disk, which the HTTP client's threads should not wait for.
      run(() -> outcome(d, attempt, result), d);
    });
  }

  private void outcome(Delivery d, int attempt, DeliveryResult r) {
    if (r.delivered() || !r.retryable() || attempt >= policy.maxAttempts()) {
      finish(d, attempt, r);
      return;
    }
    Duration wait = policy.delay(attempt, r, clock, jitter);
    Instant next = clock.instant().plus(wait);
    if (closed || d.done.get()) {
      finish(d, attempt, r);
      return;
    }
    record(d, attempt, DeliveryOutcome.RETRYING, r, next);
    try {
      scheduler.schedule(() -> attempt(d), wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      finish(d, attempt, DeliveryResult.failed(FailureKind.SHUTDOWN, "the dispatcher closed before the retry",
          Duration.ZERO));
    }
  }

  /** Ends {@code d} once, whoever gets here first: delivered or dead letter. */
  private void finish(Delivery d, int attempt, DeliveryResult r) {
    if (!d.done.compareAndSet(false, true)) {
      return;
    }
    unfinished.remove(d);
    pending.get(d.notification.tenant()).decrementAndGet();
    boolean ok = r.delivered();
    record(d, attempt, ok ? DeliveryOutcome.DELIVERED : DeliveryOutcome.DEAD_LETTER, r, null);
    (ok ? delivered : deadLettered).incrementAndGet();
  }

  private void record(Delivery d, int attempt, DeliveryOutcome outcome, DeliveryResult r, Instant next) {
    AlertNotification n = d.notification;
    // An attempt's record carries its start; a delivery ended without one (overflow, shutdown) carries now.
    boolean tried = r.failure() != FailureKind.OVERFLOW && r.failure() != FailureKind.SHUTDOWN;
    Instant at = tried && d.started != null ? d.started : clock.instant();
    try {
      log.record(new DeliveryAttempt(n.tenant(), n.ruleId(), n.deliveryId(), d.target.redactedUrl(), attempt, at,
          outcome, r.status(), r.failure() == null ? null : r.failure().code(), r.detail(), r.took().toMillis(),
          next));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "alert delivery: cannot record an attempt of " + n.deliveryId(), e);
    }
  }

  private Duration took(Instant start) {
    return Duration.between(start, clock.instant());
  }

  /** Counts since start, for health checks and tests. */
  public Stats stats() {
    return new Stats(dispatched.get(), delivered.get(), deadLettered.get(), unfinished.size());
  }

  /**
   * @param dispatched deliveries handed to {@link #dispatch} (one per target)
   * @param unfinished in flight or waiting for a retry; {@code dispatched = delivered + deadLettered +
   *     unfinished} once no dispatch is in progress
   */
  public record Stats(long dispatched, long delivered, long deadLettered, long unfinished) {
  }

  /**
   * Stops: no new attempt starts; deliveries in flight or waiting for a retry are dead-lettered as
   * {@link FailureKind#SHUTDOWN}, so the log accounts for every one. Does not close the sink or
   * the log.
   */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdown();
    for (Delivery d : unfinished) {
      finish(d, d.attempts, DeliveryResult.failed(FailureKind.SHUTDOWN, "the dispatcher closed", Duration.ZERO));
    }
  }

  /** One notification on its way to one target; its attempts run one after another. */
  private static final class Delivery {
    final AlertNotification notification;
    final NotifyTarget target;
    final byte[] body;
    final AtomicBoolean done = new AtomicBoolean();
    /** Written by the attempt in progress only; attempts never overlap. */
    volatile int attempts;
    volatile Instant started;

    Delivery(AlertNotification notification, NotifyTarget target, byte[] body) {
      this.notification = notification;
      this.target = target;
      this.body = body;
    }
  }

  /** Settings of an {@link AlertDispatcher}; every one has a production default. */
  public static final class Builder {
    private final AlertSink sink;
    private final DeliveryLog log;
    private TargetGuard guard = new TargetGuard(false);
    private RetryPolicy policy = RetryPolicy.DEFAULT;
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(10);
    private int perTenantLimit = 1_000;
    private int threads = 2;
    private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

    private Builder(AlertSink sink, DeliveryLog log) {
      this.sink = Objects.requireNonNull(sink, "sink");
      this.log = Objects.requireNonNull(log, "log");
    }

    /** Default: private targets refused. */
    public Builder guard(TargetGuard guard) {
      this.guard = Objects.requireNonNull(guard);
      return this;
    }

    /** Default: {@link RetryPolicy#DEFAULT}. */
    public Builder retryPolicy(RetryPolicy policy) {
      this.policy = Objects.requireNonNull(policy);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How long one attempt may take, connecting included. Default 10 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Deliveries one tenant may have in flight or waiting. Default 1,000. */
    public Builder perTenantLimit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("perTenantLimit must be at least 1");
      }
      this.perTenantLimit = limit;
      return this;
    }

    /** Threads that start attempts (a DNS lookup each) and record outcomes. Default 2. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1");
      }
      this.threads = threads;
      return this;
    }

    /** Uniform in [0, 1); tests fix it. */
    public Builder jitter(DoubleSupplier jitter) {
      this.jitter = Objects.requireNonNull(jitter);
      return this;
    }

    public AlertDispatcher build() {
      return new AlertDispatcher(this);
    }
  }
}
