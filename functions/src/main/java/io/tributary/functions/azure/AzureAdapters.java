package io.tributary.functions.azure;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.credential.TokenCredential;
import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.eventhubs.CheckpointStore;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.checkpointstore.blob.BlobCheckpointStore;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.tributary.config.AzureSettings;
import io.tributary.config.IdempotencySettings;
import io.tributary.config.Settings;
import io.tributary.functions.azure.blob.BlobArchiveStore;
import io.tributary.functions.azure.cosmos.CosmosClientIdLedger;
import io.tributary.functions.azure.blob.BlobQuarantine;
import io.tributary.functions.azure.cosmos.CosmosLogStore;
import io.tributary.functions.azure.cosmos.CosmosLogStoreOptions;
import io.tributary.functions.azure.eventhubs.EventHubsEventLog;
import io.tributary.functions.azure.eventhubs.EventHubsEventLogOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the Azure adapters from settings. Each connects with the app's identity
 * ({@code DefaultAzureCredential}: the managed identity in Azure, developer credentials elsewhere)
 * through the identity-based setting ({@code TRIBUTARY_EVENTHUB__fullyQualifiedNamespace},
 * {@code TRIBUTARY_COSMOS__accountEndpoint}, {@code TRIBUTARY_BLOB__serviceUri},
 * {@code AzureWebJobsStorage__blobServiceUri}), and falls back to the connection string under the
 * plain name only when that is absent. A missing connection is reported with the keys to set.
 * The adapters' {@code close} does not close the shared SDK clients: pass {@link #resources()} to
 * the app so it closes them last.
 */
public final class AzureAdapters {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final AzureSettings azure;
  private final int partitions;
  private final List<AutoCloseable> resources = new java.util.ArrayList<>();
  private TokenCredential credential;
  private CosmosClient cosmosClient;

  public AzureAdapters(Settings settings) {
    this.azure = settings.azure();
    this.partitions = settings.partitions();
    this.exportContainer = settings.exportContainer();
    this.exportLinkTtl = settings.exportLinkTtl();
  }

  private final String exportContainer;
  private final Duration exportLinkTtl;

  /** SDK clients these adapters opened and that outlive them (the Cosmos client). */
  public List<AutoCloseable> resources() {
    return resources;
  }

  private TokenCredential credential() {
    if (credential == null) {
      DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder();
      if (azure.managedIdentityClientId() != null) {
        b.managedIdentityClientId(azure.managedIdentityClientId());
      }
      credential = b.build();
    }
    return credential;
  }

  private static IllegalArgumentException missing(String what, String identityKey, String connectionKey) {
    return new IllegalArgumentException(what + " needs " + identityKey + " (identity-based, preferred) or "
        + connectionKey + " (a connection string)");
  }

  /**
   * The full-text index on Azure AI Search, with the app's identity. Creates the index from its
   * schema in code, or updates it (idempotent; bicep cannot, it is data plane); when that fails
   * (the identity lacks Search Service Contributor) the app still starts, and indexing fails, and
   * is retried, until the index exists.
   */
  public io.tributary.functions.azure.search.AzureSearchIndex search(io.tributary.config.SearchSettings s) {
    try {
      io.tributary.functions.azure.search.AzureSearchIndex.createOrUpdate(
          io.tributary.functions.azure.search.AzureSearchClients.indexes(s.endpoint(), credential(), null),
          s.indexName());
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(AzureAdapters.class.getName()).log(java.util.logging.Level.SEVERE,
          "cannot create or update the search index " + s.indexName() + " at " + s.endpoint() + ": " + e.getMessage(), e);
    }
    return new io.tributary.functions.azure.search.AzureSearchIndex(
        io.tributary.functions.azure.search.AzureSearchClients.documents(s.endpoint(), s.indexName(), credential(), null),
        io.tributary.functions.azure.search.AzureSearchIndexOptions.defaults(), d -> Thread.sleep(d.toMillis()));
  }

  public EventHubsEventLog eventHubs() throws IOException {
    EventHubsEventLogOptions options = EventHubsEventLogOptions.defaults();
    EventHubClientBuilder base = eventHubBuilder()
        // The adapter retries itself with backoff; the SDK's own retries would multiply the waits.
        .retryOptions(new AmqpRetryOptions().setMaxRetries(0).setTryTimeout(options.tryTimeout()));
    Function<String, com.azure.messaging.eventhubs.EventHubConsumerClient> consumers =
        group -> eventHubBuilder().consumerGroup(group).buildConsumerClient();
    return new EventHubsEventLog(base.buildAsyncProducerClient(), consumers, checkpointStore(), options);
  }

  private EventHubClientBuilder eventHubBuilder() {
    EventHubClientBuilder b = new EventHubClientBuilder();
    if (azure.eventHubNamespace() != null) {
      return b.fullyQualifiedNamespace(azure.eventHubNamespace()).eventHubName(azure.eventHubName())
          .credential(credential());
    }
    if (azure.eventHubConnectionString() != null) {
      return b.connectionString(azure.eventHubConnectionString(), azure.eventHubName());
    }
    throw missing("the Event Hubs event log", Settings.EVENTHUB_NAMESPACE.name(),
        Settings.EVENTHUB_CONNECTION_STRING.name());
  }

  /** Checkpoints in the Functions host's own container, so the trigger and the port agree. */
  private CheckpointStore checkpointStore() {
    BlobServiceClientBuilder b = new BlobServiceClientBuilder();
    if (azure.checkpointBlobServiceUri() != null) {
      b.endpoint(azure.checkpointBlobServiceUri()).credential(credential());
    } else if (azure.checkpointConnectionString() != null) {
      b.connectionString(azure.checkpointConnectionString());
    } else {
      throw missing("Event Hubs checkpoints", Settings.CHECKPOINT_BLOB_URI.name(),
          Settings.CHECKPOINT_CONNECTION_STRING.name());
    }
    BlobContainerAsyncClient container = b.buildAsyncClient().getBlobContainerAsyncClient(azure.checkpointContainer());
    return new BlobCheckpointStore(container);
  }

  public CosmosLogStore cosmos() {
    return cosmos(CosmosLogStore.Placement.DEFAULT);
  }

  /** The log store, its tenants' items placed and kept as {@code placement} says (shards, hot days). */
  public CosmosLogStore cosmos(CosmosLogStore.Placement placement) {
    return new CosmosLogStore(cosmosClient().getDatabase(azure.cosmosDatabase()).getContainer(azure.cosmosContainer()),
        CosmosLogStoreOptions.defaults().withTtl(Duration.ofDays(azure.hotRetentionDays())), placement);
  }

  /** The client-id ledger on the {@code ids} container of the same account. */
  public CosmosClientIdLedger cosmosIdLedger(IdempotencySettings idempotency) {
    return new CosmosClientIdLedger(cosmosClient().getDatabase(azure.cosmosDatabase())
        .getContainer(idempotency.cosmosContainer()), java.time.Clock.systemUTC(), idempotency.window());
  }

  /** The configuration store (tenants, alert rules) on the {@code config} container of the same account. */
  public io.tributary.functions.azure.cosmos.CosmosConfigStore cosmosConfig() {
    return new io.tributary.functions.azure.cosmos.CosmosConfigStore(cosmosClient().getDatabase(azure.cosmosDatabase())
        .getContainer(CONFIG_CONTAINER));
  }

  /** The container of configuration streams, partitioned by /stream (bicep makes it). */
  public static final String CONFIG_CONTAINER = "config";

  /**
   * The query cache {@code TRIBUTARY_QUERY_CACHE} names: none, or Azure Cache for Redis at
   * {@code TRIBUTARY_REDIS_URL} (a client of its own, closed with the cache). {@code memory} is
   * the local runtime's (Caffeine): here, in the deployed app, it is refused.
   */
  public io.tributary.querycache.QueryCache queryCache(Settings s) {
    switch (s.queryCache().kind()) {
      case "none":
        return io.tributary.querycache.QueryCache.NONE;
      case "redis":
        return new io.tributary.functions.azure.redis.RedisQueryCache(
            redis.clients.jedis.RedisClient.create(s.tenancy().redisUrl()), "tributary:qc:");
      default:
        throw new IllegalArgumentException("setting " + Settings.QUERY_CACHE.name() + "=" + s.queryCache().kind()
            + " is the local runtime's; the deployed app caches in Redis (redis, with " + Settings.REDIS_URL.name()
            + ") or not at all (none)");
    }
  }

  /**
   * The alert windows {@code TRIBUTARY_ALERT_WINDOWS} names: shared by every instance in Redis at
   * {@code TRIBUTARY_REDIS_URL} (a client of its own, closed with it), or null for each instance's own.
   */
  public io.tributary.alert.AlertWindowStore alertWindows(Settings s) {
    if (!s.alertWindows().equals("redis")) {
      return null;
    }
    return new io.tributary.functions.azure.redis.RedisAlertWindowStore(
        redis.clients.jedis.RedisClient.create(s.tenancy().redisUrl()), "tributary:aw:");
  }

  /** The rate limiter {@code TRIBUTARY_RATE_LIMITER} names: in this instance, or shared through Redis. */
  public io.tributary.limits.RateLimiter rateLimiter(io.tributary.config.TenancySettings tenancy) {
    if (!tenancy.rateLimiter().equals("redis")) {
      return new io.tributary.limits.InProcessRateLimiter();
    }
    redis.clients.jedis.RedisClient client = redis.clients.jedis.RedisClient.create(tenancy.redisUrl());
    return new io.tributary.functions.azure.redis.RedisRateLimiter(client, "tributary:rl:");
  }

  /** One Cosmos client per app, shared by the adapters on it and closed with the app. */
  private CosmosClient cosmosClient() {
    if (cosmosClient != null) {
      return cosmosClient;
    }
    CosmosClientBuilder b = new CosmosClientBuilder().contentResponseOnWriteEnabled(false);
    if (azure.cosmosEndpoint() != null) {
      b.endpoint(azure.cosmosEndpoint()).credential(credential());
    } else if (azure.cosmosConnectionString() != null) {
      String endpoint = part(azure.cosmosConnectionString(), "AccountEndpoint");
      String key = part(azure.cosmosConnectionString(), "AccountKey");
      if (endpoint == null || key == null) {
        throw new IllegalArgumentException(Settings.COSMOS_CONNECTION_STRING.name()
            + " must hold AccountEndpoint=…;AccountKey=…");
      }
      b.endpoint(endpoint).key(key);
    } else {
      throw missing("the Cosmos DB log store", Settings.COSMOS_ENDPOINT.name(), Settings.COSMOS_CONNECTION_STRING.name());
    }
    CosmosClient client = b.buildClient();
    resources.add(client::close);
    cosmosClient = client;
    return client;
  }

  public BlobArchiveStore blob() throws IOException {
    BlobContainerClient container = blobService("the Blob archive").getBlobContainerClient(azure.archiveContainer());
    // In Azure the container is deployed (bicep) and the identity may not create containers.
    return new BlobArchiveStore(container, TIMEOUT, azure.blobServiceUri() == null);
  }

  /** The quarantine: a container of the archive's storage account. */
  public BlobQuarantine quarantine() throws IOException {
    BlobContainerClient container = blobService("the Blob quarantine")
        .getBlobContainerClient(azure.quarantineContainer());
    return new BlobQuarantine(container, TIMEOUT, azure.blobServiceUri() == null);
  }

  /** The container of alert deliveries (bicep makes it), beside the archive's. */
  public static final String DELIVERIES_CONTAINER = "alert-deliveries";

  /** Alert deliveries: append blobs per tenant in {@link #DELIVERIES_CONTAINER}. */
  public io.tributary.functions.azure.blob.BlobDeliveryLog deliveryLog() throws IOException {
    BlobContainerClient container = blobService("the alert delivery log").getBlobContainerClient(DELIVERIES_CONTAINER);
    return new io.tributary.functions.azure.blob.BlobDeliveryLog(container, 1_000, TIMEOUT,
        azure.blobServiceUri() == null);
  }

  /**
   * Export jobs' files: block blobs in the export container of the archive's account, linked by a
   * read-only SAS — a user delegation SAS where the app signs in with its identity, an account-key
   * one with a connection string (Azurite).
   */
  public io.tributary.functions.azure.blob.BlobExportFiles exportFiles() throws IOException {
    com.azure.storage.blob.BlobServiceClient service = blobService("export files");
    return new io.tributary.functions.azure.blob.BlobExportFiles(service, service.getBlobContainerClient(exportContainer),
        azure.blobServiceUri() != null ? io.tributary.functions.azure.blob.BlobExportFiles.Signing.USER_DELEGATION
            : io.tributary.functions.azure.blob.BlobExportFiles.Signing.ACCOUNT_KEY, exportLinkTtl, TIMEOUT,
        java.time.Clock.systemUTC(), azure.blobServiceUri() == null);
  }

  private com.azure.storage.blob.BlobServiceClient blobService(String what) {
    BlobServiceClientBuilder b = new BlobServiceClientBuilder();
    if (azure.blobServiceUri() != null) {
      b.endpoint(azure.blobServiceUri()).credential(credential());
    } else if (azure.blobConnectionString() != null) {
      b.connectionString(azure.blobConnectionString());
    } else {
      throw missing(what, Settings.BLOB_SERVICE_URI.name(), Settings.BLOB_CONNECTION_STRING.name());
    }
    return b.buildClient();
  }

  /** The value of {@code name} in a {@code k=v;k=v} connection string, or null. */
  static String part(String connectionString, String name) {
    for (String p : connectionString.split(";")) {
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
        return p.substring(eq + 1).trim();
      }
    }
    return null;
  }

  int partitions() {
    return partitions;
  }
}
