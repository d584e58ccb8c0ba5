package io.tributary.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.CosmosDBTrigger;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.tributary.event.LogEvent;
import io.tributary.functions.azure.cosmos.CosmosChangeFeed;
import io.tributary.json.Json;
import io.tributary.search.IndexFeed;
import io.tributary.search.IndexResult;
import io.tributary.telemetry.Tracing;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

/**
 * Feeds the full-text index (Azure AI Search) from the Cosmos DB change feed of the {@code logs}
 * container: decodes the event blocks, keeps what the indexing policy picks (docs/search.md) and
 * indexes it. The trigger keeps its place in its own lease container, {@code leases-index}, made
 * by bicep (so another change-feed function never shares its leases).
 *
 * <p>Idempotent: a document's key is the event's tenant and id, written with mergeOrUpload, so a
 * block delivered again (a retry, an item rewritten with the same events) writes the same
 * documents. Documents the service refuses as they are (a 4xx per item) are logged and skipped:
 * retrying cannot help, and stalling the feed for them would stop all indexing. Anything else
 * (the service unavailable or throttled after the adapter's retries) throws, and the host delivers
 * the batch again with backoff, never checkpointing past it ({@code maxRetryCount = -1}, as
 * Process).
 *
 * <p>Traced: each invocation is a CONSUMER span {@code index}, linked to the store writes that made
 * its items (their {@code traceparent}, one per item), with the delivery's items, events, tenants,
 * documents indexed and failures; the upload is its CLIENT child {@code search.index}.
 *
 * <p>Azure only: the local runtime has no Cosmos change feed and its store answers full text
 * itself, so the local host starts no trigger for this function. With
 * {@code TRIBUTARY_SEARCH_ENDPOINT} unset, search is off and each batch is passed over.
 */
public final class IndexFunction {

  /** The lease container of this function's change-feed processor (bicep makes it). */
  public static final String LEASE_CONTAINER = "leases-index";

  private final FunctionApp app;

  public IndexFunction() {
    this(FunctionApp.shared());
  }

  public IndexFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Index")
  @ExponentialBackoffRetry(maxRetryCount = -1, minimumInterval = "00:00:01", maximumInterval = "00:01:00")
  public void run(
      @CosmosDBTrigger(name = "items", connection = "TRIBUTARY_COSMOS",
          databaseName = "%TRIBUTARY_COSMOS_DATABASE%", containerName = "%TRIBUTARY_COSMOS_CONTAINER%",
          leaseContainerName = LEASE_CONTAINER, createLeaseContainerIfNotExists = false,
          maxItemsPerInvocation = 100, dataType = "string")
      String items,
      ExecutionContext context) throws IOException {
    Optional<IndexFeed> feed = app.indexFeed();
    if (feed.isEmpty()) {
      return;
    }
    JsonNode delivery = Json.mapper().readTree(items);
    try (Tracing.Scoped span = Tracing.batch("index", CosmosChangeFeed.traceparents(delivery),
        CosmosChangeFeed.items(delivery))) {
      try {
        List<LogEvent> events = CosmosChangeFeed.events(delivery);
        span.set("tributary.events", events.size());
        span.set("tributary.tenants", CosmosChangeFeed.tenants(events));
        IndexFeed.Fed fed = feed.get().feed(events);
        List<IndexResult.Rejected> rejected = fed.result().rejected();
        span.set("tributary.documents", fed.result().indexed());
        span.set("tributary.failures", rejected.size());
        if (!rejected.isEmpty()) {
          IndexResult.Rejected first = rejected.get(0);
          context.getLogger().log(Level.SEVERE, rejected.size() + " events refused by the search index and not indexed;"
              + " first: tenant " + first.tenant().value() + ", id " + first.id() + ", " + first.status() + " "
              + first.message());
        }
      } catch (IOException | RuntimeException e) {
        span.failed(e);
        throw e;
      }
    }
  }
}
