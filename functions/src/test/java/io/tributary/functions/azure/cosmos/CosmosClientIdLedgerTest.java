package io.tributary.functions.azure.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contract.ClientIdLedgerContract;
import io.tributary.idempotency.ClaimOutcome;
import io.tributary.idempotency.ClientIdLedger;
import io.tributary.idempotency.IdClaim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Cosmos ledger against the SDK's container surface, behind a Mockito mock that behaves as the
 * service does for what the ledger uses: conditional creates (201, or 409 when the id exists),
 * point reads (404 when absent) and replaces conditioned on the ETag (412 when it moved on).
 */
class CosmosClientIdLedgerTest extends ClientIdLedgerContract {

  private final IdContainer service = new IdContainer();

  @Override
  protected ClientIdLedger open() {
    return new CosmosClientIdLedger(service.container, clock, WINDOW, d -> { });
  }

  @Test
  void itemsAreKeyedByTheClaimKeyWithTheTenantAsPartitionKeyAndTheWindowAsTtl() throws Exception {
    IdClaim c = new IdClaim(ACME, "order-1", 0x1234, 0xabcd, 0x55);
    try (ClientIdLedger l = open()) {
      l.claim(List.of(c));
    }
    ObjectNode item = service.items.get(new PartitionKey("acme") + "/" + c.keyHex());
    assertEquals(c.keyHex(), item.path("id").asText());
    assertEquals("acme", item.path("tenantId").asText());
    assertEquals("1234:abcd", item.path("owner").asText());
    assertEquals("55", item.path("content").asText());
    assertEquals(WINDOW.toSeconds(), item.path("ttl").asLong());
    assertEquals(32, c.keyHex().length());
  }

  @Test
  void throttledCreatesAreSentAgainUntilAnswered() throws Exception {
    service.throttleNextRounds = 2;
    try (ClientIdLedger l = open()) {
      assertEquals(List.of(ClaimOutcome.FIRST), l.claim(List.of(new IdClaim(ACME, "a", 1, 1, 1))));
    }
    assertEquals(3, service.bulkCalls);
  }

  @Test
  void anExpiredItemTheTtlHasNotRemovedYetIsTakenOver() throws Exception {
    try (ClientIdLedger l = open()) {
      l.claim(List.of(new IdClaim(ACME, "a", 1, 1, 1)));
      clock.advance(WINDOW.plus(Duration.ofMinutes(5)));
      assertEquals(List.of(ClaimOutcome.FIRST), l.claim(List.of(new IdClaim(ACME, "a", 2, 2, 1))));
      assertEquals(List.of(ClaimOutcome.REPEAT), l.claim(List.of(new IdClaim(ACME, "a", 3, 3, 1))));
    }
  }

  /** The service's behaviour for the calls the ledger makes. */
  static final class IdContainer {
    final CosmosContainer container = mock(CosmosContainer.class);
    final Map<String, ObjectNode> items = new HashMap<>();
    final Map<String, Integer> etags = new HashMap<>();
    int throttleNextRounds;
    int bulkCalls;
    private int nextEtag;

    @SuppressWarnings("unchecked")
    IdContainer() {
      when(container.executeBulkOperations(any(), any(CosmosBulkExecutionOptions.class)))
          .thenAnswer(inv -> bulk((Iterable<CosmosItemOperation>) inv.getArgument(0)));
      when(container.readItem(anyString(), any(PartitionKey.class), eq(ObjectNode.class)))
          .thenAnswer(inv -> read(inv.getArgument(0), inv.getArgument(1)));
      when(container.replaceItem(any(ObjectNode.class), anyString(), any(PartitionKey.class),
          any(CosmosItemRequestOptions.class)))
          .thenAnswer(inv -> replace(inv.getArgument(0), inv.getArgument(1), inv.getArgument(2), inv.getArgument(3)));
    }

    private static CosmosException failure(int status) {
      CosmosException e = mock(CosmosException.class);
      when(e.getStatusCode()).thenReturn(status);
      when(e.getMessage()).thenReturn("simulated " + status);
      return e;
    }

    private synchronized List<CosmosBulkOperationResponse<Object>> bulk(Iterable<CosmosItemOperation> ops) {
      bulkCalls++;
      boolean throttle = throttleNextRounds > 0;
      if (throttle) {
        throttleNextRounds--;
      }
      List<CosmosBulkOperationResponse<Object>> out = new ArrayList<>();
      for (CosmosItemOperation op : ops) {
        @SuppressWarnings("unchecked")
        ObjectNode item = ((ItemBulkOperation<ObjectNode, ?>) op).getItem();
        String key = op.getPartitionKeyValue() + "/" + item.path("id").asText();
        int status;
        if (throttle) {
          status = 429;
        } else if (items.containsKey(key)) {
          status = 409;
        } else {
          items.put(key, item.deepCopy());
          etags.put(key, ++nextEtag);
          status = 201;
        }
        CosmosBulkItemResponse r = mock(CosmosBulkItemResponse.class);
        when(r.getStatusCode()).thenReturn(status);
        when(r.isSuccessStatusCode()).thenReturn(status < 300);
        when(r.getRetryAfterDuration()).thenReturn(status == 429 ? Duration.ofMillis(1) : Duration.ZERO);
        @SuppressWarnings("unchecked")
        CosmosBulkOperationResponse<Object> resp = mock(CosmosBulkOperationResponse.class);
        when(resp.getOperation()).thenReturn(op);
        when(resp.getResponse()).thenReturn(r);
        out.add(resp);
      }
      return out;
    }

    private synchronized CosmosItemResponse<ObjectNode> read(String id, PartitionKey pk) {
      String key = pk + "/" + id;
      ObjectNode item = items.get(key);
      if (item == null) {
        throw failure(404);
      }
      @SuppressWarnings("unchecked")
      CosmosItemResponse<ObjectNode> r = mock(CosmosItemResponse.class);
      when(r.getItem()).thenReturn(item.deepCopy());
      when(r.getETag()).thenReturn("\"" + etags.get(key) + "\"");
      return r;
    }

    private synchronized CosmosItemResponse<ObjectNode> replace(ObjectNode item, String id, PartitionKey pk,
        CosmosItemRequestOptions options) {
      String key = pk + "/" + id;
      if (!items.containsKey(key)) {
        throw failure(404);
      }
      if (!("\"" + etags.get(key) + "\"").equals(options.getIfMatchETag())) {
        throw failure(412);
      }
      items.put(key, item.deepCopy());
      etags.put(key, ++nextEtag);
      @SuppressWarnings("unchecked")
      CosmosItemResponse<ObjectNode> r = mock(CosmosItemResponse.class);
      return r;
    }
  }
}
