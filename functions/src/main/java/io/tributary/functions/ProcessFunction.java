package io.tributary.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
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
 * all of that is durable, so the host's checkpoint after a successful call loses nothing; a
 * failure is retried with backoff without end, and a repeated batch changes nothing.
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
    BatchResult r = app.processor().process(batch);
    if (r.corruptFrames() > 0) {
      context.getLogger().log(Level.SEVERE, "partition " + partitionId + ": " + r.corruptFrames()
          + " frames could not be decoded and were skipped");
    }
  }
}
