package io.tributary.functions.azure.cosmos;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosBulkExecutionOptions;
import com.azure.cosmos.models.CosmosBulkItemResponse;
import com.azure.cosmos.models.CosmosBulkOperationResponse;
import com.azure.cosmos.models.CosmosBulkOperations;
import com.azure.cosmos.models.CosmosItemOperation;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.CosmosItemResponse;
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.idempotency.ClaimOutcome;
import io.tributary.idempotency.ClientIdLedger;
import io.tributary.idempotency.IdClaim;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link ClientIdLedger} on Cosmos DB: container {@code ids}, partition key {@code /tenantId},
 * one small item per claimed id, whose item id is the claim's key ({@link IdClaim#keyHex}) and
 * whose TTL is the idempotency window. A claim is a conditional create — the service lets exactly
 * one create of an id succeed (201) and answers the others 409 — so instances processing in
 * parallel cannot both win; a 409 is followed by a point read of the holder. An item past the
 * window that the TTL has not yet removed is taken over by a replace conditioned on its ETag.
 *
 * <p>Cost: one create (about 5–6 RU for these ~250-byte items) per event that carries a client id,
 * plus a 1 RU read per repeat; events with server-assigned ids are never claimed. Throttled (429),
 * timed-out (408) and not-ready (503, 410, 449) creates are sent again in rounds with backoff;
 * any other refusal fails the claim, and processing retries the batch. Thread-safe.
 */
public final class CosmosClientIdLedger implements ClientIdLedger {

  static final String TENANT = "tenantId";
  static final String OWNER = "owner";
  static final String CONTENT = "content";
  static final String CLAIMED_AT = "claimedAt";
  private static final int MAX_ROUNDS = 8;

  private final CosmosContainer container;
  private final Clock clock;
  private final Duration window;
  private final CosmosLogStore.Sleeper sleeper;

  public CosmosClientIdLedger(CosmosContainer container, Clock clock, Duration window) {
    this(container, clock, window, d -> Thread.sleep(d.toMillis()));
  }

  CosmosClientIdLedger(CosmosContainer container, Clock clock, Duration window, CosmosLogStore.Sleeper sleeper) {
    this.container = container;
    this.clock = clock;
    this.window = window;
    this.sleeper = sleeper;
  }

  private record Holder(long ownerHi, long ownerLo, long content) {
    boolean owns(IdClaim c) {
      return ownerHi == c.ownerHi() && ownerLo == c.ownerLo();
    }
  }

  @Override
  public List<ClaimOutcome> claim(List<IdClaim> claims) throws IOException {
    // The first claim of each key in this call is the one sent; later ones are judged against the holder.
    // Each claim's key hashed once (SHA-256): the rounds below name items by it.
    String[] keys = new String[claims.size()];
    Map<String, IdClaim> firstByKey = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      keys[i] = claims.get(i).keyHex();
      firstByKey.putIfAbsent(keys[i], claims.get(i));
    }
    Map<String, Holder> holders = holders(firstByKey);
    List<ClaimOutcome> out = new ArrayList<>(claims.size());
    for (int i = 0; i < keys.length; i++) {
      IdClaim c = claims.get(i);
      Holder h = holders.get(keys[i]);
      out.add(h.owns(c) ? ClaimOutcome.FIRST : h.content() == c.contentHash() ? ClaimOutcome.REPEAT
          : ClaimOutcome.CONFLICT);
    }
    return out;
  }

  /** Who holds each key once the creates are answered. */
  private Map<String, Holder> holders(Map<String, IdClaim> byKey) throws IOException {
    Map<String, Holder> holders = new HashMap<>();
    Map<String, IdClaim> pending = new LinkedHashMap<>(byKey);
    for (int round = 1; !pending.isEmpty(); round++) {
      if (round > MAX_ROUNDS) {
        throw new IOException(pending.size() + " id claims were not answered after " + MAX_ROUNDS + " rounds");
      }
      long now = clock.millis();
      List<CosmosItemOperation> ops = new ArrayList<>(pending.size());
      // By operation identity: the SDK fills an operation's id from its item only when it sends it.
      Map<CosmosItemOperation, String> byOperation = new java.util.IdentityHashMap<>();
      for (Map.Entry<String, IdClaim> e : pending.entrySet()) {
        CosmosItemOperation op = CosmosBulkOperations.getCreateItemOperation(item(e.getKey(), e.getValue(), now),
            partitionKey(e.getValue()));
        ops.add(op);
        byOperation.put(op, e.getKey());
      }
      Map<String, IdClaim> retry = new LinkedHashMap<>();
      Duration wait = Duration.ZERO;
      try {
        for (CosmosBulkOperationResponse<Object> r : container.<Object>executeBulkOperations(ops,
            new CosmosBulkExecutionOptions())) {
          String key = byOperation.get(r.getOperation());
          if (key == null) {
            throw new IOException("Cosmos answered an operation that was not sent");
          }
          IdClaim c = pending.get(key);
          CosmosBulkItemResponse resp = r.getResponse();
          int status = resp != null ? resp.getStatusCode()
              : r.getException() instanceof CosmosException ce ? ce.getStatusCode() : 0;
          if (status == 201 || status == 200) {
            holders.put(key, new Holder(c.ownerHi(), c.ownerLo(), c.contentHash()));
          } else if (status == 409) {
            Holder h = readHolder(key, c, now);
            if (h == null) {
              retry.put(key, c);
            } else {
              holders.put(key, h);
            }
          } else if (CosmosLogStore.isRetriable(status)) {
            retry.put(key, c);
            if (resp != null && resp.getRetryAfterDuration() != null && resp.getRetryAfterDuration().compareTo(wait) > 0) {
              wait = resp.getRetryAfterDuration();
            }
          } else {
            throw new IOException("Cosmos refused the id claim " + key + " with " + status, r.getException());
          }
        }
      } catch (CosmosException e) {
        if (!CosmosLogStore.isRetriable(e.getStatusCode())) {
          throw new IOException("Cosmos id claims failed with " + e.getStatusCode() + ": " + e.getMessage(), e);
        }
        retry.putAll(pending);
        retry.keySet().removeAll(holders.keySet());
      }
      for (Map.Entry<String, IdClaim> e : pending.entrySet()) {
        if (!holders.containsKey(e.getKey())) {
          retry.putIfAbsent(e.getKey(), e.getValue());
        }
      }
      pending = retry;
      if (!pending.isEmpty()) {
        pause(round, wait);
      }
    }
    return holders;
  }

  /**
   * The holder of an id another create already took, or null when that item is gone or past the
   * window (then taken over for {@code c} when possible, else tried again next round).
   */
  private Holder readHolder(String key, IdClaim c, long now) throws IOException {
    CosmosItemResponse<ObjectNode> read;
    try {
      read = container.readItem(key, partitionKey(c), ObjectNode.class);
    } catch (CosmosException e) {
      if (e.getStatusCode() == 404 || CosmosLogStore.isRetriable(e.getStatusCode())) {
        return null;
      }
      throw new IOException("Cosmos could not read id claim " + key + ": " + e.getStatusCode(), e);
    }
    ObjectNode item = read.getItem();
    if (item.path(CLAIMED_AT).asLong() + window.toMillis() > now) {
      String[] owner = item.path(OWNER).asText().split(":");
      return new Holder(Long.parseUnsignedLong(owner[0], 16), Long.parseUnsignedLong(owner[1], 16),
          Long.parseUnsignedLong(item.path(CONTENT).asText(), 16));
    }
    try {
      container.replaceItem(item(key, c, now), key, partitionKey(c),
          new CosmosItemRequestOptions().setIfMatchETag(read.getETag()));
      return new Holder(c.ownerHi(), c.ownerLo(), c.contentHash());
    } catch (CosmosException e) {
      if (e.getStatusCode() == 412 || e.getStatusCode() == 404 || CosmosLogStore.isRetriable(e.getStatusCode())) {
        return null;
      }
      throw new IOException("Cosmos could not take over expired id claim " + key + ": " + e.getStatusCode(), e);
    }
  }

  ObjectNode item(String key, IdClaim c, long now) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", key);
    o.put(TENANT, c.tenant().value());
    o.put(OWNER, Long.toHexString(c.ownerHi()) + ":" + Long.toHexString(c.ownerLo()));
    o.put(CONTENT, Long.toHexString(c.contentHash()));
    o.put(CLAIMED_AT, now);
    o.put("ttl", Math.max(1, window.toSeconds()));
    return o;
  }

  static PartitionKey partitionKey(IdClaim c) {
    return new PartitionKey(c.tenant().value());
  }

  private void pause(int round, Duration retryAfter) throws IOException {
    long millis = Math.max(retryAfter.toMillis(), Math.min(2_000L, 20L << Math.min(round, 10)));
    try {
      sleeper.sleep(Duration.ofMillis(millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting to retry id claims");
    }
  }

  @Override
  public void close() {
    // The Cosmos client is shared and closed by the app.
  }
}
