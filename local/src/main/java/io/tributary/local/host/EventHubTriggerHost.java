package io.tributary.local.host;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.LogRecord;
import io.tributary.eventlog.PartitionConsumer;
import io.tributary.json.Json;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
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
 * each call that returns, and, after one that throws, the same batch again with backoff.
 */
public final class EventHubTriggerHost implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EventHubTriggerHost.class.getName());
  private static final Duration POLL = Duration.ofMillis(200);

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  /**
   * @param resolve resolves {@code %SETTING%} names in annotation values, as the host does
   * @param maxBatchBytes about how many frame bytes one call receives
   */
  public EventHubTriggerHost(EventLog log, List<FunctionDefinition> functions, Function<Class<?>, Object> instances,
      UnaryOperator<String> resolve, int maxBatchBytes) {
    for (FunctionDefinition f : functions) {
      Parameter[] params = f.method().getParameters();
      for (Parameter p : params) {
        EventHubTrigger t = p.getAnnotation(EventHubTrigger.class);
        if (t == null) {
          continue;
        }
        String group = resolve.apply(t.consumerGroup());
        Object instance = instances.apply(f.type());
        for (int partition = 0; partition < log.partitions(); partition++) {
          int id = partition;
          Thread th = new Thread(() -> run(log, f, instance, group, id, maxBatchBytes),
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

  private void run(EventLog log, FunctionDefinition f, Object instance, String group, int partition, int maxBytes) {
    long backoffMillis = 0;
    try (PartitionConsumer consumer = log.consumer(group, partition)) {
      while (!stopping) {
        List<LogRecord> batch = consumer.poll(maxBytes, POLL);
        if (batch.isEmpty()) {
          continue;
        }
        try {
          invoke(f, instance, group, partition, batch);
          consumer.commit(batch.get(batch.size() - 1).nextOffset());
          backoffMillis = 0;
        } catch (Exception e) {
          backoffMillis = Math.min(60_000, Math.max(1000, backoffMillis * 2));
          LOG.log(Level.WARNING, f.name() + " failed on partition " + partition + " at offset "
              + batch.get(0).offset() + "; retrying the batch in " + backoffMillis + " ms", e);
          sleepUnlessStopping(backoffMillis);
          consumer.rewind();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!stopping) {
        LOG.log(Level.SEVERE, f.name() + " stopped reading partition " + partition, e);
      }
    }
  }

  private static void invoke(FunctionDefinition f, Object instance, String group, int partition,
      List<LogRecord> batch) throws Exception {
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
        args[i] = new LocalExecutionContext(f.name());
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
      Throwable c = e.getCause();
      throw c instanceof Exception ex ? ex : new RuntimeException(c);
    }
  }

  private void sleepUnlessStopping(long millis) throws InterruptedException {
    long until = System.nanoTime() + millis * 1_000_000L;
    while (!stopping && System.nanoTime() < until) {
      Thread.sleep(50);
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
