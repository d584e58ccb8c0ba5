package io.tributary.functions.azure.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.implementation.batch.ItemBatchOperation;
import com.azure.cosmos.models.CosmosBatch;
import com.azure.cosmos.models.CosmosBatchOperationResult;
import com.azure.cosmos.models.CosmosBatchResponse;
import com.azure.cosmos.models.CosmosItemOperation;
import com.azure.cosmos.models.CosmosItemOperationType;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.SqlParameter;
import com.azure.cosmos.models.SqlQuerySpec;
import com.azure.cosmos.util.CosmosPagedIterable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.configstore.ConfigStore;
import io.tributary.configstore.VersionConflictException;
import io.tributary.contract.ConfigStoreContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Cosmos config store against the SDK's container surface, behind a Mockito mock that does
 * what the service does for the calls the store makes: transactional batches that commit whole
 * or not at all (a read of a missing item fails with 404, a create of an existing id with 409),
 * and the store's three queries evaluated over the items.
 */
class CosmosConfigStoreTest extends ConfigStoreContract {

  private final Service service = new Service();

  @Override
  protected ConfigStore open() {
    return new CosmosConfigStore(service.container);
  }

  @Test
  void anAppendIsOneBatchInTheStreamsPartitionReadingTheExpectedVersionAndCreatingTheNext() throws Exception {
    Instant t = Instant.parse("2026-11-29T10:00:00Z");
    try (ConfigStore s = open()) {
      s.append("tenant/acme", 0, List.of(event(ACME, "TenantCreated", t, "plan", "free")));
      s.append("tenant/acme", 1, List.of(event(ACME, "TenantUpdated", t, "plan", "standard")));
    }
    CosmosBatch second = service.batches.get(1);
    assertEquals("[\"tenant/acme\"]", second.getPartitionKeyValue().toString());
    List<CosmosItemOperation> ops = second.getOperations();
    assertEquals(CosmosItemOperationType.READ, ops.get(0).getOperationType());
    assertEquals("tenant|acme:0000000001", ops.get(0).getId());
    assertEquals(CosmosItemOperationType.CREATE, ops.get(1).getOperationType());
    ObjectNode item = ((ItemBatchOperation<?>) ops.get(1)).getItem();
    assertEquals("tenant|acme:0000000002", item.path("id").asText());
    assertEquals(t.toEpochMilli(), item.path("atMillis").asLong());
  }

  @Test
  void aFailedBatchWritesNothing() throws Exception {
    Instant t = Instant.parse("2026-11-29T10:00:00Z");
    try (ConfigStore s = open()) {
      s.append("tenant/acme", 0, List.of(event(ACME, "TenantCreated", t, "plan", "free")));
      assertThrows(VersionConflictException.class, () -> s.append("tenant/acme", 0,
          List.of(event(ACME, "A", t, "plan", "x"), event(ACME, "B", t, "plan", "y"))));
      assertEquals(1, service.items.size());
    }
  }

  /** The service's behaviour for the calls the store makes. */
  static final class Service {
    final CosmosContainer container = mock(CosmosContainer.class);
    final Map<String, ObjectNode> items = new TreeMap<>();
    final List<CosmosBatch> batches = new ArrayList<>();

    Service() {
      when(container.executeCosmosBatch(any(CosmosBatch.class))).thenAnswer(inv -> batch(inv.getArgument(0)));
      when(container.queryItems(any(SqlQuerySpec.class), any(CosmosQueryRequestOptions.class), eq(ObjectNode.class)))
          .thenAnswer(inv -> query(inv.getArgument(0)));
    }

    private synchronized CosmosBatchResponse batch(CosmosBatch batch) {
      batches.add(batch);
      List<Integer> statuses = new ArrayList<>();
      Map<String, ObjectNode> created = new TreeMap<>();
      int failed = 0;
      for (CosmosItemOperation op : batch.getOperations()) {
        int status;
        if (op.getOperationType() == CosmosItemOperationType.READ) {
          status = items.containsKey(op.getId()) ? 200 : 404;
        } else if (op.getOperationType() == CosmosItemOperationType.CREATE) {
          ObjectNode item = ((ItemBatchOperation<?>) op).getItem();
          String id = item.path("id").asText();
          status = items.containsKey(id) || created.containsKey(id) ? 409 : 201;
          created.put(id, item.deepCopy());
        } else {
          throw new IllegalArgumentException("the store only reads and creates in a batch");
        }
        statuses.add(status);
        if (status >= 400 && failed == 0) {
          failed = status;
        }
      }
      CosmosBatchResponse r = mock(CosmosBatchResponse.class);
      List<CosmosBatchOperationResult> results = new ArrayList<>();
      for (int s : statuses) {
        CosmosBatchOperationResult op = mock(CosmosBatchOperationResult.class);
        int shown = failed != 0 && s < 400 ? 424 : s;
        when(op.getStatusCode()).thenReturn(shown);
        results.add(op);
      }
      when(r.getResults()).thenReturn(results);
      when(r.isSuccessStatusCode()).thenReturn(failed == 0);
      when(r.getStatusCode()).thenReturn(failed == 0 ? 200 : failed);
      if (failed == 0) {
        items.putAll(created);
      }
      return r;
    }

    private synchronized CosmosPagedIterable<ObjectNode> query(SqlQuerySpec q) {
      Map<String, Object> p = new TreeMap<>();
      for (SqlParameter x : q.getParameters()) {
        p.put(x.getName(), x.getValue(Object.class));
      }
      String sql = q.getQueryText();
      List<ObjectNode> out = new ArrayList<>();
      for (ObjectNode item : items.values()) {
        boolean keep;
        if (sql.startsWith("SELECT * FROM c WHERE c.stream = @stream")) {
          keep = item.path("stream").asText().equals(p.get("@stream"));
        } else if (sql.startsWith("SELECT * FROM c WHERE c.version = 1 AND STARTSWITH(c.stream, @prefix)")) {
          keep = item.path("version").asLong() == 1 && item.path("stream").asText().startsWith((String) p.get("@prefix"));
        } else if (sql.startsWith("SELECT * FROM c WHERE c.atMillis >= @from AND c.atMillis < @to")) {
          long at = item.path("atMillis").asLong();
          keep = at >= ((Number) p.get("@from")).longValue() && at < ((Number) p.get("@to")).longValue()
              && (!p.containsKey("@tenant") || p.get("@tenant").equals(item.path("tenant").asText()));
        } else {
          throw new IllegalArgumentException("unexpected query: " + sql);
        }
        if (keep) {
          out.add(item.deepCopy());
        }
      }
      if (sql.endsWith("ORDER BY c.version ASC")) {
        out.sort(Comparator.comparingLong(o -> o.path("version").asLong()));
      }
      @SuppressWarnings("unchecked")
      CosmosPagedIterable<ObjectNode> paged = mock(CosmosPagedIterable.class);
      when(paged.iterator()).thenAnswer(inv -> new ArrayList<>(out).iterator());
      return paged;
    }
  }
}
