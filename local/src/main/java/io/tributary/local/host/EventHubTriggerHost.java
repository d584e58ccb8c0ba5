package io.tributary.local.host;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FixedDelayRetry;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.LogRecord;
import io.tributary.eventlog.PartitionConsumer;
import io.tributary.json.Json;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives the Event Hub–triggered functions of a catalog from an {@link EventLog}, as the Functions
 * host does from Event Hubs: one reader per partition, batches (cardinality many) with the
 * {@code SystemPropertiesArray} and {@code PartitionContext} trigger metadata, a checkpoint after
 * each call that returns, and, after one that throws, the same batch again with the backoff of the
 * function's retry policy ({@code @ExponentialBackoffRetry}/{@code @FixedDelayRetry}; 1 s doubling
 * to 60 s without one) and a {@link com.microsoft.azure.functions.RetryContext} counting the failed
 * deliveries. Unlike the Functions host, it never checkpoints past a batch that threw, even after
 * a finite policy's last retry: the function is expected to quarantine what it cannot store.
 *
 * <p>Partitions are independent: one partition's failures never stop or slow another. Whatever a
 * reader meets ({@code Error}s included: an {@code OutOfMemoryError} on a large batch, a failing
 * consumer) is logged and retried after backoff, on a fresh consumer when the consumer itself
 * failed; only {@link #close} (or an interrupt) ends a reader.
 */
public final class EventHubTriggerHost implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EventHubTriggerHost.class.getName());
  private static final Duration POLL = Duration.ofMillis(200);

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  /** How a function wants failed calls retried. */
  record RetryPolicy(int maxRetryCount, long minMillis, long maxMillis, boolean declared) {

    static final RetryPolicy DEFAULT = new RetryPolicy(-1, 1000, 60_000, false);

    static RetryPolicy of(Method m) {
      ExponentialBackoffRetry e = m.getAnnotation(ExponentialBackoffRetry.class);
      if (e != null) {
        long min = millis(e.minimumInterval(), 1000);
        return new RetryPolicy(e.maxRetryCount(), min, Math.max(min, millis(e.maximumInterval(), 60_000)), true);
      }
      FixedDelayRetry f = m.getAnnotation(FixedDelayRetry.class);
      if (f != null) {
        long d = millis(f.delayInterval(), 1000);
        return new RetryPolicy(f.maxRetryCount(), d, d, true);
      }
      return DEFAULT;
    }

    long backoffAfter(int failures) {
      long b = minMillis;
      for (int i = 1; i < failures && b < maxMillis; i++) {
        b *= 2;
      }
      return Math.min(maxMillis, b);
    }

    /** {@code HH:MM:SS[.fff]}, as the Functions annotations write intervals. */
    private static long millis(String interval, long fallback) {
      try {
        return LocalTime.parse(interval.trim()).toNanoOfDay() / 1_000_000L;
      } catch (DateTimeParseException | NullPointerException e) {
        return fallback;
      }
    }
  }

  /**
   * @param resolve resolves {@code %SETTING%} names in annotation values, as the host does
   * @param maxBatchBytes about how many frame bytes one call receives
   */
  public EventHubTriggerHost(EventLog log, List<FunctionDefinition> functions, Function<Class<?>, Object> instances,
      UnaryOperator<String> resolve, int maxBatchBytes) {
    this(log, functions, instances, resolve, maxBatchBytes, BatchPacing.NONE);
  }

  /**
   * @param resolve resolves {@code %SETTING%} names in annotation values, as the host does
   * @param maxBatchBytes about how many frame bytes one call receives
   * @param pacing asked by each reader before each poll of its partition
   */
  public EventHubTriggerHost(EventLog log, List<FunctionDefinition> functions, Function<Class<?>, Object> instances,
      UnaryOperator<String> resolve, int maxBatchBytes, BatchPacing pacing) {
    for (FunctionDefinition f : functions) {
      Parameter[] params = f.method().getParameters();
      for (Parameter p : params) {
        EventHubTrigger t = p.getAnnotation(EventHubTrigger.class);
        if (t == null) {
          continue;
        }
        String group = resolve.apply(t.consumerGroup());
        Object instance = instances.apply(f.type());
        RetryPolicy policy = RetryPolicy.of(f.method());
        for (int partition = 0; partition < log.partitions(); partition++) {
          int id = partition;
          Thread th = new Thread(() -> run(log, f, instance, group, id, maxBatchBytes, policy, pacing),
              "trigger-" + f.name() + "-" + partition);
          th.setDaemon(true);
          threads.add(th);
        }
      }
    }
  }

  public void start() {
    threads.forEach(Thread::start);
  }

  private void run(EventLog log, FunctionDefinition f, Object instance, String group, int partition, int maxBytes,
      RetryPolicy policy, BatchPacing pacing) {
    PartitionConsumer consumer = null;
    int failures = 0;
    int consumerFailures = 0;
    try {
      while (!stopping) {
        List<LogRecord> batch;
        try {
          if (consumer == null) {
            consumer = log.consumer(group, partition);
          }
          pacing.beforePoll(partition);
          batch = consumer.poll(maxBytes, POLL);
          consumerFailures = 0;
        } catch (InterruptedException e) {
          throw e;
        } catch (Throwable t) {
          // The consumer itself failed: start again from the committed offset on a fresh one.
          consumerFailures++;
          long wait = RetryPolicy.DEFAULT.backoffAfter(consumerFailures);
          LOG.log(Level.SEVERE, f.name() + " cannot read partition " + partition + "; reopening it in " + wait + " ms",
              t);
          consumer = closeQuietly(consumer);
          sleepUnlessStopping(wait);
          continue;
        }
        if (batch.isEmpty()) {
          continue;
        }
        try {
          invoke(f, instance, group, partition, batch, policy.declared()
              ? LocalExecutionContext.retry(failures, policy.maxRetryCount()) : null);
        } catch (InterruptedException e) {
          throw e;
        } catch (Throwable t) {
          failures++;
          long wait = policy.backoffAfter(failures);
          LOG.log(Level.WARNING, f.name() + " failed on partition " + partition + " at offset "
              + batch.get(0).offset() + " (attempt " + failures + "); retrying the batch in " + wait + " ms", t);
          batch = null;
          sleepUnlessStopping(wait);
          consumer = rewindOrClose(consumer);
          continue;
        }
        failures = 0;
        try {
          consumer.commit(batch.get(batch.size() - 1).nextOffset());
        } catch (Throwable t) {
          // Processed but not committed: the batch comes again, and processing it again changes nothing.
          LOG.log(Level.SEVERE, f.name() + " cannot commit partition " + partition + "; the batch will be redelivered",
              t);
          consumer = closeQuietly(consumer);
          sleepUnlessStopping(RetryPolicy.DEFAULT.minMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(consumer);
    }
  }

  private static PartitionConsumer rewindOrClose(PartitionConsumer consumer) {
    try {
      consumer.rewind();
      return consumer;
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "cannot rewind partition " + consumer.partition() + "; reopening it", t);
      return closeQuietly(consumer);
    }
  }

  private static PartitionConsumer closeQuietly(PartitionConsumer consumer) {
    if (consumer != null) {
      try {
        consumer.close();
      } catch (Throwable t) {
        LOG.log(Level.FINE, "closing a failed consumer", t);
      }
    }
    return null;
  }

  private static void invoke(FunctionDefinition f, Object instance, String group, int partition,
      List<LogRecord> batch, com.microsoft.azure.functions.RetryContext retry) throws Throwable {
    Method m = f.method();
    Parameter[] params = m.getParameters();
    Object[] args = new Object[params.length];
    List<byte[]> frames = new ArrayList<>(batch.size());
    List<Map<String, Object>> props = new ArrayList<>(batch.size());
    for (LogRecord r : batch) {
      frames.add(r.payload());
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("SequenceNumber", r.offset());
      p.put("Offset", Long.toString(r.offset()));
      props.add(p);
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("PartitionId", Integer.toString(partition));
    context.put("ConsumerGroup", group);
    context.put("EventHubName", "local");
    for (int i = 0; i < params.length; i++) {
      Parameter p = params[i];
      if (p.getAnnotation(EventHubTrigger.class) != null) {
        args[i] = frames;
      } else if (ExecutionContext.class.isAssignableFrom(p.getType())) {
        args[i] = new LocalExecutionContext(f.name(), retry);
      } else {
        BindingName bn = p.getAnnotation(BindingName.class);
        if (bn != null && bn.value().equals("SystemPropertiesArray")) {
          args[i] = new String(Json.bytes(props), java.nio.charset.StandardCharsets.UTF_8);
        } else if (bn != null && bn.value().equals("PartitionContext")) {
          args[i] = new String(Json.bytes(context), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    try {
      m.invoke(instance, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void sleepUnlessStopping(long millis) throws InterruptedException {
    long until = System.nanoTime() + millis * 1_000_000L;
    while (!stopping && System.nanoTime() < until) {
      Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000L)));
    }
  }

  /** Lets each reader finish the batch in hand, then stops them. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    for (Thread t : threads) {
      t.join(30_000);
    }
  }
}
