package io.tributary.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.RetryContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.Cardinality;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.tributary.json.Json;
import io.tributary.process.BatchResult;
import io.tributary.process.SourceFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * Consumes frames from the event log in batches (Event Hubs trigger, cardinality many; locally
 * driven by the journal) and processes them: decode, enrich, store, archive. It returns only when
 * all of that is durable, or the frames that could not be stored are in the quarantine, so the
 * host's checkpoint after a successful call loses nothing.
 *
 * <p>Never skip, never stall: a call that fails throws, and the host delivers the batch again with
 * backoff ({@code maxRetryCount = -1}: never checkpointing past a batch that threw). The
 * invocation's {@link RetryContext} says how many deliveries failed before; once
 * {@code TRIBUTARY_PROCESS_ATTEMPTS} have (or on the last attempt, should the policy ever be made
 * finite) the batch is processed frame by frame and the frames that still fail are quarantined
 * (Blob) instead of thrown. Only a quarantine that cannot be written makes that attempt throw, and
 * then the batch is delivered again rather than lost.
 *
 * <p>The frames' coordinates come from the trigger metadata: {@code PartitionContext.PartitionId}
 * and each event's {@code SequenceNumber} in {@code SystemPropertiesArray}.
 */
public final class ProcessFunction {

  private final FunctionApp app;

  public ProcessFunction() {
    this(FunctionApp.shared());
  }

  public ProcessFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Process")
  @ExponentialBackoffRetry(maxRetryCount = -1, minimumInterval = "00:00:01", maximumInterval = "00:01:00")
  public void run(
      @EventHubTrigger(name = "frames", eventHubName = "%TRIBUTARY_EVENTHUB_NAME%", connection = "TRIBUTARY_EVENTHUB",
          consumerGroup = "%TRIBUTARY_PROCESS_GROUP%", cardinality = Cardinality.MANY, dataType = "binary")
      List<byte[]> frames,
      @BindingName("SystemPropertiesArray") String systemProperties,
      @BindingName("PartitionContext") String partitionContext,
      ExecutionContext context) throws IOException {
    JsonNode partition = Json.mapper().readTree(partitionContext);
    JsonNode props = Json.mapper().readTree(systemProperties);
    int partitionId = Integer.parseInt(partition.path("PartitionId").asText());
    if (!props.isArray() || props.size() != frames.size()) {
      throw new IllegalArgumentException("SystemPropertiesArray has " + props.size() + " entries for "
          + frames.size() + " frames");
    }
    List<SourceFrame> batch = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      batch.add(new SourceFrame(partitionId, props.get(i).path("SequenceNumber").asLong(), frames.get(i)));
    }
    int failedBefore = failedBefore(context.getRetryContext(), app.processor().limits().maxAttempts());
    BatchResult r = app.processor().process(batch, failedBefore);
    if (r.quarantinedFrames() > 0) {
      context.getLogger().log(Level.SEVERE, "partition " + partitionId + ": " + r.quarantinedFrames()
          + " frames quarantined (" + r.quarantinedEvents() + " events not stored) on attempt " + (failedBefore + 1)
          + "; the batch is done");
    }
  }

  /**
   * Deliveries of this batch that failed before this one. On the last attempt of a finite policy it
   * is at least the processing attempts, so that attempt quarantines rather than throws: after it
   * the host would checkpoint past the batch.
   */
  static int failedBefore(RetryContext retry, int maxAttempts) {
    if (retry == null) {
      return 0;
    }
    int count = Math.max(0, retry.getRetrycount());
    if (retry.getMaxretrycount() >= 0 && count >= retry.getMaxretrycount()) {
      return Math.max(count, maxAttempts);
    }
    return count;
  }
}
