package io.tributary.local.host;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.Cardinality;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntPredicate;

/**
 * An Event Hub–triggered function for host tests: it records every call (partition, retry count)
 * and throws whatever {@link #failure} says for a partition, Errors included.
 */
public final class FlakyFunction {

  /** A call as the function saw it. */
  public record Call(int partition, int retryCount, int maxRetryCount, int frames, long atNanos) {
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  /** Per partition: whether the n-th call (0-based) throws, and what. */
  final Map<Integer, IntPredicate> failWhen = new ConcurrentHashMap<>();
  volatile java.util.function.Supplier<Throwable> failure = () -> new OutOfMemoryError("Java heap space (simulated)");

  @FunctionName("Flaky")
  @ExponentialBackoffRetry(maxRetryCount = -1, minimumInterval = "00:00:00.020", maximumInterval = "00:00:00.100")
  public void run(
      @EventHubTrigger(name = "frames", eventHubName = "local", connection = "X", consumerGroup = "flaky",
          cardinality = Cardinality.MANY, dataType = "binary")
      List<byte[]> frames,
      @BindingName("SystemPropertiesArray") String systemProperties,
      @BindingName("PartitionContext") String partitionContext,
      ExecutionContext context) throws Throwable {
    int partition = Integer.parseInt(partitionContext.replaceAll("[^0-9]", "").substring(0, 1));
    var retry = context.getRetryContext();
    long n = calls.stream().filter(c -> c.partition() == partition).count();
    calls.add(new Call(partition, retry.getRetrycount(), retry.getMaxretrycount(), frames.size(), System.nanoTime()));
    IntPredicate fail = failWhen.get(partition);
    if (fail != null && fail.test((int) n)) {
      throw failure.get();
    }
  }
}
