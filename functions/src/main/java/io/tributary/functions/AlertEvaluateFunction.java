package io.tributary.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.CosmosDBTrigger;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.tributary.event.LogEvent;
import io.tributary.functions.azure.cosmos.CosmosChangeFeed;
import io.tributary.json.Json;
import io.tributary.telemetry.Tracing;
import java.io.IOException;
import java.util.List;

/**
 * Evaluates the alert rules on the Cosmos DB change feed of the {@code logs} container, in Azure:
 * the same {@link io.tributary.alert.AlertEvaluator} the local runtime tells from processing,
 * told here of each block of stored events. The trigger keeps its place in its own lease
 * container, {@code leases-alerts} (bicep makes it), apart from the Index function's. A block
 * delivered again is not counted twice (the evaluator remembers the ids of recent matching
 * events). When the store has a change feed (Cosmos DB), processing does not also tell the
 * evaluator (see {@code FunctionApp.assemble}).
 *
 * <p>Several instances may hold leases of one tenant's partitions: with {@code
 * TRIBUTARY_ALERT_WINDOWS=redis} (bicep's) they count into windows shared in Redis and claim each
 * transition there, so a condition holds on all of a tenant's events and fires once; a block
 * delivered again to another instance is known there by its fingerprint. Rule changes made
 * through other instances are applied before a block when the last look is 5 s old.
 *
 * <p>Traced: each invocation is a CONSUMER span {@code alert.evaluate}, linked to the store writes
 * that made its items (their {@code traceparent}, one per item), with the delivery's items, events
 * and tenants, and {@code tributary.failures} 1 (status ERROR) when the evaluation failed; the
 * deliveries it starts are its {@code alert.deliver} children.
 *
 * <p>Azure only: the local host starts no Cosmos DB trigger.
 */
public final class AlertEvaluateFunction {

  /** The lease container of this function's change-feed processor (bicep makes it). */
  public static final String LEASE_CONTAINER = "leases-alerts";

  private final FunctionApp app;

  public AlertEvaluateFunction() {
    this(FunctionApp.shared());
  }

  public AlertEvaluateFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("AlertEvaluate")
  @ExponentialBackoffRetry(maxRetryCount = -1, minimumInterval = "00:00:01", maximumInterval = "00:01:00")
  public void run(
      @CosmosDBTrigger(name = "items", connection = "TRIBUTARY_COSMOS",
          databaseName = "%TRIBUTARY_COSMOS_DATABASE%", containerName = "%TRIBUTARY_COSMOS_CONTAINER%",
          leaseContainerName = LEASE_CONTAINER, createLeaseContainerIfNotExists = false,
          maxItemsPerInvocation = 100, dataType = "string")
      String items,
      ExecutionContext context) throws IOException {
    if (app.alerting() == null) {
      return;
    }
    JsonNode delivery = Json.mapper().readTree(items);
    try (Tracing.Scoped span = Tracing.batch("alert.evaluate", CosmosChangeFeed.traceparents(delivery),
        CosmosChangeFeed.items(delivery))) {
      try {
        List<LogEvent> events = CosmosChangeFeed.events(delivery);
        span.set("tributary.events", events.size());
        span.set("tributary.tenants", CosmosChangeFeed.tenants(events));
        app.alerting().stored(events);
        span.set("tributary.failures", 0);
      } catch (IOException | RuntimeException e) {
        span.set("tributary.failures", 1);
        span.failed(e);
        throw e;
      }
    }
  }
}
