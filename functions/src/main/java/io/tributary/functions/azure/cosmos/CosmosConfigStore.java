package io.tributary.functions.azure.cosmos;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosBatch;
import com.azure.cosmos.models.CosmosBatchOperationResult;
import com.azure.cosmos.models.CosmosBatchResponse;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.SqlParameter;
import com.azure.cosmos.models.SqlQuerySpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.configstore.ConfigEvent;
import io.tributary.configstore.ConfigStore;
import io.tributary.configstore.NewConfigEvent;
import io.tributary.configstore.VersionConflictException;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@link ConfigStore} on Cosmos DB: container {@code config}, partition key {@code /stream},
 * one item per event with the id {@code <stream>:<version, 10 digits>}. An append is one
 * transactional batch in the stream's partition: a read of the item of the expected version
 * (absent: the stream is behind what the writer expected) and a create per new event (409: another
 * writer took that version first). The batch commits whole or not at all, so two writers that
 * expect the same version cannot both win, and no version is ever skipped or written twice.
 * Reads are queries inside one partition; {@code history} and {@code streams} cross partitions
 * (configuration is small and read rarely). Thread-safe.
 */
public final class CosmosConfigStore implements ConfigStore {

  static final String STREAM = "stream";
  static final String VERSION = "version";
  static final String AT_MILLIS = "atMillis";
  /** Events one batch may append: Cosmos allows 100 operations, one is the version read. */
  static final int MAX_EVENTS_PER_APPEND = 99;

  private final CosmosContainer container;

  public CosmosConfigStore(CosmosContainer container) {
    this.container = container;
  }

  static String itemId(String stream, long version) {
    return stream.replace('/', '|') + ":" + String.format("%010d", version);
  }

  @Override
  public long append(String stream, long expectedVersion, List<NewConfigEvent> events)
      throws IOException, VersionConflictException {
    check(stream);
    if (events.size() > MAX_EVENTS_PER_APPEND) {
      throw new IllegalArgumentException("at most " + MAX_EVENTS_PER_APPEND + " events per append");
    }
    if (events.isEmpty()) {
      return expectedVersion;
    }
    CosmosBatch batch = CosmosBatch.createCosmosBatch(new PartitionKey(stream));
    if (expectedVersion > 0) {
      batch.readItemOperation(itemId(stream, expectedVersion));
    }
    long v = expectedVersion;
    for (NewConfigEvent n : events) {
      v++;
      batch.createItemOperation(toItem(new ConfigEvent(stream, v, n.type(), n.tenant(), n.actor(), n.at(), n.data())));
    }
    CosmosBatchResponse r;
    try {
      r = container.executeCosmosBatch(batch);
    } catch (CosmosException e) {
      throw new IOException("Cosmos could not append to " + stream + ": " + e.getStatusCode(), e);
    }
    if (r.isSuccessStatusCode()) {
      return v;
    }
    for (CosmosBatchOperationResult op : r.getResults()) {
      if (op.getStatusCode() == 404 || op.getStatusCode() == 409) {
        throw new VersionConflictException(stream, expectedVersion, -1);
      }
    }
    throw new IOException("Cosmos refused the append to " + stream + " with " + r.getStatusCode() + ": "
        + r.getErrorMessage());
  }

  @Override
  public List<ConfigEvent> read(String stream) throws IOException {
    check(stream);
    SqlQuerySpec q = new SqlQuerySpec("SELECT * FROM c WHERE c.stream = @stream ORDER BY c.version ASC",
        List.of(new SqlParameter("@stream", stream)));
    return query(q, new CosmosQueryRequestOptions().setPartitionKey(new PartitionKey(stream)));
  }

  @Override
  public List<String> streams(String prefix) throws IOException {
    // Every stream has exactly one first event: no DISTINCT needed across partitions.
    SqlQuerySpec q = new SqlQuerySpec("SELECT * FROM c WHERE c.version = 1 AND STARTSWITH(c.stream, @prefix)",
        List.of(new SqlParameter("@prefix", prefix)));
    return query(q, new CosmosQueryRequestOptions()).stream().map(ConfigEvent::stream).sorted().toList();
  }

  @Override
  public List<ConfigEvent> history(TenantId tenant, Instant from, Instant to) throws IOException {
    List<SqlParameter> params = new ArrayList<>(List.of(new SqlParameter("@from", from.toEpochMilli()),
        new SqlParameter("@to", to.toEpochMilli())));
    String sql = "SELECT * FROM c WHERE c.atMillis >= @from AND c.atMillis < @to";
    if (tenant != null) {
      sql += " AND c.tenant = @tenant";
      params.add(new SqlParameter("@tenant", tenant.value()));
    }
    List<ConfigEvent> out = new ArrayList<>(query(new SqlQuerySpec(sql, params), new CosmosQueryRequestOptions()));
    // Exact instants, then stream and version, as the local store orders them.
    out.removeIf(e -> e.at().isBefore(from) || !e.at().isBefore(to));
    out.sort(Comparator.comparing(ConfigEvent::at).thenComparing(ConfigEvent::stream)
        .thenComparingLong(ConfigEvent::version));
    return out;
  }

  private List<ConfigEvent> query(SqlQuerySpec q, CosmosQueryRequestOptions options) throws IOException {
    List<ConfigEvent> out = new ArrayList<>();
    try {
      for (ObjectNode item : container.queryItems(q, options, ObjectNode.class)) {
        out.add(fromItem(item));
      }
    } catch (CosmosException e) {
      throw new IOException("Cosmos config query failed with " + e.getStatusCode() + ": " + e.getMessage(), e);
    }
    return out;
  }

  static ObjectNode toItem(ConfigEvent e) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("id", itemId(e.stream(), e.version()));
    o.put(STREAM, e.stream());
    o.put(VERSION, e.version());
    o.put("type", e.type());
    o.put("tenant", e.tenant() == null ? null : e.tenant().value());
    o.put("actor", e.actor());
    o.put("at", e.at().toString());
    o.put(AT_MILLIS, e.at().toEpochMilli());
    o.set("data", e.data());
    return o;
  }

  static ConfigEvent fromItem(JsonNode o) {
    JsonNode tenant = o.get("tenant");
    return new ConfigEvent(o.path(STREAM).asText(), o.path(VERSION).asLong(), o.path("type").asText(),
        tenant == null || tenant.isNull() ? null : TenantId.of(tenant.asText()), o.path("actor").asText(null),
        Instant.parse(o.path("at").asText()), o.get("data"));
  }

  private static void check(String stream) {
    if (!ConfigStore.isValidStream(stream)) {
      throw new IllegalArgumentException("invalid stream name '" + stream + "'");
    }
  }

  @Override
  public void close() {
    // The Cosmos client is shared and closed by the app.
  }
}
