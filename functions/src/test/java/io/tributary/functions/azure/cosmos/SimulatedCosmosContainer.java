package io.tributary.functions.azure.cosmos;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.implementation.batch.ItemBulkOperation;
import com.azure.cosmos.models.CosmosBulkExecutionOptions;
import com.azure.cosmos.models.CosmosBulkItemResponse;
import com.azure.cosmos.models.CosmosBulkOperationResponse;
import com.azure.cosmos.models.CosmosItemOperation;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.SqlQuerySpec;
import com.azure.cosmos.util.CosmosPagedIterable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A Cosmos container as the SDK's {@link CosmosContainer} shows it, behind a Mockito mock: bulk
 * upserts that store items by (partition key, id), per-operation answers that can be made to fail
 * (429 with Retry-After, 408, 400) for chosen rounds, and queries that return the tenant's items in
 * the order the SQL's ORDER BY names. It does not evaluate the SQL's filters (the service does
 * that): it returns a superset, which is what the store must cope with anyway since the SQL
 * selects blocks, not events. Records every bulk call and query.
 */
final class SimulatedCosmosContainer {

  final CosmosContainer container = mock(CosmosContainer.class);
  /** Items by "partition key/id". */
  final Map<String, ObjectNode> items = new TreeMap<>();
  final List<List<CosmosItemOperation>> bulkCalls = new ArrayList<>();
  final List<SqlQuerySpec> queries = new ArrayList<>();
  final List<CosmosQueryRequestOptions> queryOptions = new ArrayList<>();
  /** Per bulk round: a status per operation index (absent = 200), or a whole-call failure. */
  private final Deque<Function<Integer, Integer>> roundStatuses = new ArrayDeque<>();
  private final Deque<Integer> wholeCallFailures = new ArrayDeque<>();
  Duration retryAfter = Duration.ofMillis(5);

  @SuppressWarnings("unchecked")
  SimulatedCosmosContainer() {
    when(container.executeBulkOperations(any(), any(CosmosBulkExecutionOptions.class)))
        .thenAnswer(inv -> bulk((Iterable<CosmosItemOperation>) inv.getArgument(0)));
    when(container.queryItems(any(SqlQuerySpec.class), any(CosmosQueryRequestOptions.class), eq(ObjectNode.class)))
        .thenAnswer(inv -> query(inv.getArgument(0), inv.getArgument(1)));
  }

  /** The next bulk call answers operation i with {@code status.apply(i)} (200 = written). */
  synchronized SimulatedCosmosContainer thenAnswers(Function<Integer, Integer> status) {
    roundStatuses.add(status);
    wholeCallFailures.add(0);
    return this;
  }

  /** The next bulk call fails as a whole with {@code status}, writing nothing. */
  synchronized SimulatedCosmosContainer thenFailsWhole(int status) {
    roundStatuses.add(i -> 200);
    wholeCallFailures.add(status);
    return this;
  }

  /** The id of the item an operation carries (the SDK reads it from the item only when it sends it). */
  @SuppressWarnings("unchecked")
  static String id(CosmosItemOperation op) {
    return ((ItemBulkOperation<ObjectNode, ?>) op).<ObjectNode>getItem().path("id").asText();
  }

  private static String key(PartitionKey pk, String id) {
    return pk + "/" + id;
  }

  private synchronized Iterable<CosmosBulkOperationResponse<Object>> bulk(Iterable<CosmosItemOperation> ops) {
    List<CosmosItemOperation> list = new ArrayList<>();
    ops.forEach(list::add);
    bulkCalls.add(list);
    Function<Integer, Integer> statuses = roundStatuses.isEmpty() ? i -> 200 : roundStatuses.poll();
    int whole = wholeCallFailures.isEmpty() ? 0 : wholeCallFailures.poll();
    if (whole != 0) {
      CosmosException e = mock(CosmosException.class);
      when(e.getStatusCode()).thenReturn(whole);
      when(e.getMessage()).thenReturn("simulated " + whole);
      throw e;
    }
    List<CosmosBulkOperationResponse<Object>> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      CosmosItemOperation op = list.get(i);
      int status = statuses.apply(i);
      if (status == 200) {
        ObjectNode item = ((ItemBulkOperation<ObjectNode, ?>) op).getItem();
        items.put(key(op.getPartitionKeyValue(), id(op)), item.deepCopy());
      }
      CosmosBulkItemResponse r = mock(CosmosBulkItemResponse.class);
      when(r.getStatusCode()).thenReturn(status);
      when(r.isSuccessStatusCode()).thenReturn(status >= 200 && status < 300);
      when(r.getRetryAfterDuration()).thenReturn(status == 429 ? retryAfter : Duration.ZERO);
      @SuppressWarnings("unchecked")
      CosmosBulkOperationResponse<Object> resp = mock(CosmosBulkOperationResponse.class);
      when(resp.getOperation()).thenReturn(op);
      when(resp.getResponse()).thenReturn(r);
      out.add(resp);
    }
    return out;
  }

  private synchronized CosmosPagedIterable<ObjectNode> query(SqlQuerySpec spec, CosmosQueryRequestOptions options) {
    queries.add(spec);
    queryOptions.add(options);
    String tenant = spec.getParameters().stream().filter(p -> p.getName().equals("@tenant")).findFirst()
        .orElseThrow().getValue(String.class);
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode item : items.values()) {
      if (item.path(EventBlock.TENANT).asText().equals(tenant)) {
        matching.add(item.deepCopy());
      }
    }
    String sql = spec.getQueryText();
    if (sql.endsWith("ORDER BY c.tMax DESC")) {
      matching.sort(Comparator.comparingLong((ObjectNode o) -> o.path(EventBlock.TIME_MAX).asLong()).reversed());
    } else if (sql.endsWith("ORDER BY c.tMin ASC")) {
      matching.sort(Comparator.comparingLong((ObjectNode o) -> o.path(EventBlock.TIME_MIN).asLong()));
    } else {
      throw new IllegalArgumentException("the simulated container only knows the two block orders: " + sql);
    }
    @SuppressWarnings("unchecked")
    CosmosPagedIterable<ObjectNode> paged = mock(CosmosPagedIterable.class);
    when(paged.iterator()).thenAnswer(inv -> new ArrayList<>(matching).iterator());
    return paged;
  }
}
