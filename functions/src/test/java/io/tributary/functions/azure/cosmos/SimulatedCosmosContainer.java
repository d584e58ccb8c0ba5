package io.tributary.functions.azure.cosmos;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
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
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.CosmosItemResponse;
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
 * selects blocks, not events. Items carry an {@code _etag} that changes at each write, and
 * replace, delete and read by id honour it ({@code If-Match}: 412 when it changed; 404 when the item
 * is gone), as erasure needs. Records every bulk call, query and conditional write.
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
  /** Conditional writes by erasure: "replace id" or "delete id", with the etag they named. */
  final List<String> conditionalWrites = new ArrayList<>();
  /** Run once before the next replace or delete is applied (a concurrent writer); null for none. */
  Runnable beforeNextConditionalWrite;
  private long etags;
  /** The {@code _ts} (seconds) the service stamps on each write; 0 to stamp none. */
  long nowSeconds;

  @SuppressWarnings("unchecked")
  SimulatedCosmosContainer() {
    when(container.executeBulkOperations(any(), any(CosmosBulkExecutionOptions.class)))
        .thenAnswer(inv -> bulk((Iterable<CosmosItemOperation>) inv.getArgument(0)));
    when(container.queryItems(any(SqlQuerySpec.class), any(CosmosQueryRequestOptions.class), eq(ObjectNode.class)))
        .thenAnswer(inv -> query(inv.getArgument(0), inv.getArgument(1)));
    when(container.queryItems(any(SqlQuerySpec.class), any(CosmosQueryRequestOptions.class), eq(String.class)))
        .thenAnswer(inv -> days(inv.getArgument(0)));
    when(container.replaceItem(any(ObjectNode.class), anyString(), any(PartitionKey.class),
        any(CosmosItemRequestOptions.class)))
        .thenAnswer(inv -> conditional("replace", inv.getArgument(1), inv.getArgument(2), inv.getArgument(3),
            inv.getArgument(0)));
    when(container.deleteItem(anyString(), any(PartitionKey.class), any(CosmosItemRequestOptions.class)))
        .thenAnswer(inv -> conditional("delete", inv.getArgument(0), inv.getArgument(1), inv.getArgument(2), null));
    when(container.readItem(anyString(), any(PartitionKey.class), eq(ObjectNode.class)))
        .thenAnswer(inv -> read(inv.getArgument(0), inv.getArgument(1)));
  }

  static CosmosException failure(int status) {
    CosmosException e = mock(CosmosException.class);
    when(e.getStatusCode()).thenReturn(status);
    when(e.getMessage()).thenReturn("simulated " + status);
    return e;
  }

  /** Stores {@code item} under (key, id) with a new etag, as any write does. */
  synchronized void write(PartitionKey key, ObjectNode item) {
    ObjectNode copy = item.deepCopy();
    copy.put("_etag", "\"" + (++etags) + "\"");
    if (nowSeconds > 0) {
      copy.put("_ts", nowSeconds);
    }
    items.put(key(key, copy.path("id").asText()), copy);
  }

  private CosmosItemResponse<Object> conditional(String what, String id, PartitionKey key,
      CosmosItemRequestOptions options, ObjectNode replacement) {
    Runnable before;
    synchronized (this) {
      before = beforeNextConditionalWrite;
      beforeNextConditionalWrite = null;
    }
    if (before != null) {
      before.run();
    }
    synchronized (this) {
      conditionalWrites.add(what + " " + id);
      ObjectNode stored = items.get(key(key, id));
      if (stored == null) {
        throw failure(404);
      }
      String ifMatch = options.getIfMatchETag();
      if (ifMatch != null && !ifMatch.equals(stored.path("_etag").asText())) {
        throw failure(412);
      }
      if (replacement == null) {
        items.remove(key(key, id));
      } else {
        if (!replacement.path("id").asText().equals(id)) {
          throw failure(400);
        }
        write(key, replacement);
      }
      @SuppressWarnings("unchecked")
      CosmosItemResponse<Object> r = mock(CosmosItemResponse.class);
      return r;
    }
  }

  private synchronized CosmosItemResponse<ObjectNode> read(String id, PartitionKey key) {
    ObjectNode stored = items.get(key(key, id));
    if (stored == null) {
      throw failure(404);
    }
    @SuppressWarnings("unchecked")
    CosmosItemResponse<ObjectNode> r = mock(CosmosItemResponse.class);
    when(r.getItem()).thenReturn(stored.deepCopy());
    return r;
  }

  /** {@code SELECT DISTINCT VALUE c.day}: the tenant's days within the bounds the query names. */
  private synchronized CosmosPagedIterable<String> days(SqlQuerySpec spec) {
    queries.add(spec);
    if (!spec.getQueryText().startsWith("SELECT DISTINCT VALUE c.day ")) {
      throw new IllegalArgumentException("the simulated container answers strings only for days: " + spec.getQueryText());
    }
    String tenant = param(spec, "@tenant");
    String from = param(spec, "@fromDay");
    String to = param(spec, "@toDay");
    java.util.TreeSet<String> days = new java.util.TreeSet<>();
    for (ObjectNode item : items.values()) {
      String day = item.path(EventBlock.DAY).asText();
      if (item.path(EventBlock.TENANT).asText().equals(tenant) && (from == null || day.compareTo(from) >= 0)
          && (to == null || day.compareTo(to) <= 0)) {
        days.add(day);
      }
    }
    @SuppressWarnings("unchecked")
    CosmosPagedIterable<String> paged = mock(CosmosPagedIterable.class);
    when(paged.iterator()).thenAnswer(inv -> new ArrayList<>(days).iterator());
    org.mockito.Mockito.doAnswer(inv -> {
      new ArrayList<>(days).forEach(inv.getArgument(0));
      return null;
    }).when(paged).forEach(any());
    return paged;
  }

  private static String param(SqlQuerySpec spec, String name) {
    return spec.getParameters().stream().filter(p -> p.getName().equals(name)).findFirst()
        .map(p -> p.getValue(String.class)).orElse(null);
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
        write(op.getPartitionKeyValue(), ((ItemBulkOperation<ObjectNode, ?>) op).getItem());
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
    String day = param(spec, "@day");
    if (sql.equals("SELECT * FROM c WHERE c.tenantId = @tenant AND c.day = @day")) {
      matching.removeIf(item -> !item.path(EventBlock.DAY).asText().equals(day));
    } else if (sql.endsWith("ORDER BY c.tMax DESC")) {
      matching.sort(Comparator.comparingLong((ObjectNode o) -> o.path(EventBlock.TIME_MAX).asLong()).reversed());
    } else if (sql.endsWith("ORDER BY c.tMin ASC")) {
      matching.sort(Comparator.comparingLong((ObjectNode o) -> o.path(EventBlock.TIME_MIN).asLong()));
    } else {
      throw new IllegalArgumentException("the simulated container only knows the two block orders: " + sql);
    }
    @SuppressWarnings("unchecked")
    CosmosPagedIterable<ObjectNode> paged = mock(CosmosPagedIterable.class);
    when(paged.iterator()).thenAnswer(inv -> new ArrayList<>(matching).iterator());
    org.mockito.Mockito.doAnswer(inv -> {
      new ArrayList<>(matching).forEach(inv.getArgument(0));
      return null;
    }).when(paged).forEach(any());
    return paged;
  }
}
