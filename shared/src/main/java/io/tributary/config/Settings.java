package io.tributary.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.ingest.IngestLimits;
import io.tributary.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Everything Tributary reads from its environment, read once at start-up from environment
 * variables and the {@code Values} of {@code local.settings.json} (the Azure Functions format;
 * environment wins), and checked with a message naming the key at fault.
 *
 * <p>{@code TRIBUTARY_BACKEND} picks a set of adapters ({@code local}: journal, Lucene, directory;
 * {@code azure}: Event Hubs, Cosmos DB, Blob Storage; {@code kafka}: Kafka with the local store
 * and archive); {@code TRIBUTARY_EVENTLOG}, {@code TRIBUTARY_STORE} and {@code TRIBUTARY_ARCHIVE}
 * override it port by port.
 *
 * @param jwtSecret base64 HS256 key, or null to let the local runtime generate and keep one
 * @param jwksUrl where to fetch the keys of RS256/ES256 tokens (Entra ID / OIDC), or null for none
 * @param cursorSecret base64 key for query cursors, or null to generate one
 * @param eventLog the event-log adapter: journal, eventhubs or kafka
 * @param store the log-store adapter: blocks (column blocks, the local default), lucene or cosmos
 * @param archive the archive adapter: directory or blob
 * @param http the local HTTP host's timeouts and connection cap
 * @param queryTimeout how long one query may run before it stops and answers 503 query_timeout
 * @param rolesClaim token claim that lists the caller's roles ({@code roles}, as Entra ID app roles)
 * @param tenancy how tenants without a record are treated, and where rate limits are kept
 * @param oidcIssuer required 'iss' of RS256/ES256 tokens; null exactly when {@code jwksUrl} is
 * @param oidcAudience accepted 'aud' of RS256/ES256 tokens, one or several separated by commas;
 *     null exactly when {@code jwksUrl} is
 * @param maxLagBytes the local journal's backpressure limit, in journal bytes
 * @param maxLagFrames the backpressure limit on Event Hubs or Kafka, in frames (their events, records)
 * @param lagRefresh how often lags on Event Hubs or Kafka are read, off the request path
 * @param queryCache where query answers are cached, and for how long (docs/query-cache.md)
 * @param warmup how long the local runtime warms its processing path before it opens its port
 *     (zero: not at all)
 * @param ingestFirst whether and how processing of the local runtime yields to saturated ingest
 */
public record Settings(
    String backend,
    String eventLog,
    String store,
    String archive,
    Path dataDir,
    String httpHost,
    int httpPort,
    String jwtSecret,
    String jwksUrl,
    String jwtIssuer,
    String jwtAudience,
    String tenantClaim,
    String cursorSecret,
    int partitions,
    long journalSegmentBytes,
    int workerThreads,
    String processGroup,
    IngestLimits limits,
    AzureSettings azure,
    KafkaSettings kafka,
    java.util.Set<String> roles,
    long maxLagBytes,
    long minFreeDiskBytes,
    IdempotencySettings idempotency,
    long jwtMaxLifetimeSeconds,
    io.tributary.process.ProcessingLimits processing,
    HttpSettings http,
    java.time.Duration queryTimeout,
    String rolesClaim,
    TenancySettings tenancy,
    String oidcIssuer,
    String oidcAudience,
    long maxLagFrames,
    java.time.Duration lagRefresh,
    QueryCacheSettings queryCache,
    io.tributary.tail.TailSettings tail,
    boolean alertsAllowPrivateTargets,
    String alertWindows,
    String traces,
    io.tributary.ingest.loki.LokiLabels lokiLabels,
    SyslogSettings syslog,
    String exportContainer,
    java.time.Duration exportLinkTtl,
    java.time.Duration warmup,
    IngestFirstSettings ingestFirst) {

  public static final List<String> BACKENDS = List.of("local", "azure", "kafka");
  public static final List<String> EVENT_LOGS = List.of("journal", "eventhubs", "kafka");
  public static final List<String> STORES = List.of("blocks", "lucene", "cosmos");
  public static final List<String> ARCHIVES = List.of("directory", "blob");

  public static final Setting BACKEND = new Setting("TRIBUTARY_BACKEND", "local",
      "which adapters to run: local (journal, Lucene, directory archive), azure (Event Hubs, Cosmos DB, Blob"
          + " Storage) or kafka (Kafka event log, local store and archive)");
  public static final Setting EVENT_LOG = new Setting("TRIBUTARY_EVENTLOG", null,
      "event-log adapter, overriding the backend's: journal, eventhubs or kafka");
  public static final Setting STORE = new Setting("TRIBUTARY_STORE", null,
      "log-store adapter, overriding the backend's: blocks (compressed column blocks, the local default),"
          + " lucene (an inverted index per day) or cosmos");
  public static final Setting ARCHIVE = new Setting("TRIBUTARY_ARCHIVE", null,
      "archive adapter, overriding the backend's: directory or blob");
  public static final Setting DATA_DIR = new Setting("TRIBUTARY_DATA_DIR", "./data",
      "where the local runtime keeps the journal, the index, the archive and its keys");
  public static final Setting HTTP_HOST = new Setting("TRIBUTARY_HTTP_HOST", "127.0.0.1",
      "address the local runtime listens on");
  public static final Setting HTTP_PORT = new Setting("TRIBUTARY_HTTP_PORT", "7071",
      "port the local runtime listens on (the Functions host's default)");
  public static final Setting JWT_SECRET = new Setting("TRIBUTARY_JWT_SECRET", null,
      "base64 HS256 key that signs and verifies tokens; generated under the data dir when unset");
  public static final Setting JWKS_URL = new Setting("TRIBUTARY_JWT_JWKS_URL", null,
      "JWKS of an identity provider (e.g. Entra ID: https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys);"
          + " when set, RS256/ES256 tokens are checked against its keys and TRIBUTARY_OIDC_ISSUER/AUDIENCE, beside"
          + " HS256 tokens signed with the local key (TRIBUTARY_JWT_SECRET)");
  public static final Setting JWT_ISSUER = new Setting("TRIBUTARY_JWT_ISSUER", "tributary-local",
      "required 'iss' of HS256 tokens (those signed with the local key)");
  public static final Setting JWT_AUDIENCE = new Setting("TRIBUTARY_JWT_AUDIENCE", "tributary",
      "required 'aud' of HS256 tokens (those signed with the local key)");
  public static final Setting OIDC_ISSUER = new Setting("TRIBUTARY_OIDC_ISSUER", null,
      "required 'iss' of RS256/ES256 tokens, those of the identity provider at TRIBUTARY_JWT_JWKS_URL (required"
          + " with it); Entra ID v2 tokens: https://login.microsoftonline.com/<tenant-id>/v2.0");
  public static final Setting OIDC_AUDIENCE = new Setting("TRIBUTARY_OIDC_AUDIENCE", null,
      "accepted 'aud' of RS256/ES256 tokens, several separated by commas (required with TRIBUTARY_JWT_JWKS_URL);"
          + " Entra ID: the API app's client id (v2 tokens) or its application ID URI, api://... (v1 tokens)");
  public static final Setting TENANT_CLAIM = new Setting("TRIBUTARY_JWT_TENANT_CLAIM", "tenant",
      "token claim that names the tenant");
  public static final Setting CURSOR_SECRET = new Setting("TRIBUTARY_CURSOR_SECRET", null,
      "base64 key that signs query cursors; generated under the data dir when unset");
  public static final Setting PARTITIONS = new Setting("TRIBUTARY_PARTITIONS", "4",
      "event-log partitions (tenants are spread over them)");
  public static final Setting SEGMENT_BYTES = new Setting("TRIBUTARY_JOURNAL_SEGMENT_BYTES", "67108864",
      "size at which the local journal starts a new segment file");
  public static final Setting WORKER_THREADS = new Setting("TRIBUTARY_WORKER_THREADS", "32",
      "threads that run function invocations in the local runtime");
  public static final Setting PROCESS_GROUP = new Setting("TRIBUTARY_PROCESS_GROUP", "process",
      "consumer group of the processing function");
  public static final Setting MAX_BODY_BYTES = new Setting("TRIBUTARY_MAX_BODY_BYTES", "16777216",
      "largest ingest body as sent");
  public static final Setting MAX_DECODED_BYTES = new Setting("TRIBUTARY_MAX_DECODED_BYTES", "67108864",
      "largest ingest body after gzip");
  public static final Setting MAX_EVENT_BYTES = new Setting("TRIBUTARY_MAX_EVENT_BYTES", "262144",
      "largest single event (line or JSON object)");
  public static final Setting MAX_EVENTS = new Setting("TRIBUTARY_MAX_EVENTS", "200000",
      "most items (events, valid or not) in one ingest request; more is refused with too_many_events");
  public static final Setting MAX_EXPANSION = new Setting("TRIBUTARY_MAX_EXPANSION",
      String.valueOf(IngestLimits.DEFAULT_MAX_EXPANSION),
      "most times a gzip or zstd ingest body may grow when decompressed (checked past 1 MiB decoded); more is"
          + " refused with expansion_too_large. Real logs compress 5-33x, the most repetitive about 330x");

  public static final Setting EVENTHUB_NAMESPACE = new Setting("TRIBUTARY_EVENTHUB__fullyQualifiedNamespace", null,
      "Event Hubs namespace host, reached with the app's identity (the Process trigger's connection TRIBUTARY_EVENTHUB)");
  public static final Setting EVENTHUB_CONNECTION_STRING = new Setting("TRIBUTARY_EVENTHUB", null,
      "Event Hubs connection string; only used when TRIBUTARY_EVENTHUB__fullyQualifiedNamespace is not set");
  public static final Setting EVENTHUB_NAME = new Setting("TRIBUTARY_EVENTHUB_NAME", "tributary-frames",
      "the event hub (or Kafka topic name on Event Hubs' Kafka endpoint) that carries frames");
  public static final Setting CHECKPOINT_BLOB_URI = new Setting("AzureWebJobsStorage__blobServiceUri", null,
      "blob service of the Functions host's storage account, where the Event Hubs trigger keeps its checkpoints");
  public static final Setting CHECKPOINT_CONNECTION_STRING = new Setting("AzureWebJobsStorage", null,
      "the Functions host's storage connection string; only used when AzureWebJobsStorage__blobServiceUri is not set");
  public static final Setting CHECKPOINT_CONTAINER = new Setting("TRIBUTARY_CHECKPOINT_CONTAINER",
      "azure-webjobs-eventhub", "blob container of Event Hubs checkpoints (the Functions host's own)");
  public static final Setting COSMOS_ENDPOINT = new Setting("TRIBUTARY_COSMOS__accountEndpoint", null,
      "Cosmos DB account endpoint, reached with the app's identity");
  public static final Setting COSMOS_CONNECTION_STRING = new Setting("TRIBUTARY_COSMOS", null,
      "Cosmos DB connection string; only used when TRIBUTARY_COSMOS__accountEndpoint is not set");
  public static final Setting COSMOS_DATABASE = new Setting("TRIBUTARY_COSMOS_DATABASE", "tributary",
      "Cosmos DB database");
  public static final Setting COSMOS_CONTAINER = new Setting("TRIBUTARY_COSMOS_CONTAINER", "logs",
      "Cosmos DB container of events, partitioned by [/tenantId, /day]");
  public static final Setting HOT_RETENTION_DAYS = new Setting("TRIBUTARY_HOT_RETENTION_DAYS", "7",
      "days events stay queryable in Cosmos DB (the items' TTL)");
  public static final Setting BLOB_SERVICE_URI = new Setting("TRIBUTARY_BLOB__serviceUri", null,
      "archive Blob service URI, reached with the app's identity");
  public static final Setting BLOB_CONNECTION_STRING = new Setting("TRIBUTARY_BLOB", null,
      "archive storage connection string; only used when TRIBUTARY_BLOB__serviceUri is not set");
  public static final Setting ARCHIVE_CONTAINER = new Setting("TRIBUTARY_ARCHIVE_CONTAINER", "archive",
      "blob container of archive segments");
  public static final Setting MANAGED_IDENTITY_CLIENT_ID = new Setting("AZURE_CLIENT_ID", null,
      "client id of the user-assigned managed identity the app authenticates as; unset for the system-assigned one");
  public static final Setting KAFKA_BOOTSTRAP_SERVERS = new Setting("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS",
      "127.0.0.1:9092", "Kafka bootstrap servers of the kafka event log");
  public static final Setting KAFKA_TOPIC = new Setting("TRIBUTARY_KAFKA_TOPIC", "tributary-frames",
      "Kafka topic of frames (created with TRIBUTARY_PARTITIONS partitions when missing)");
  public static final Setting KAFKA_REPLICATION_FACTOR = new Setting("TRIBUTARY_KAFKA_REPLICATION_FACTOR", "1",
      "replicas of the Kafka topic when Tributary creates it (3 on a real cluster)");
  public static final Setting KAFKA_PROPERTIES = new Setting("TRIBUTARY_KAFKA_PROPERTIES", null,
      "extra Kafka client properties as k=v;k=v (e.g. security.protocol=SASL_SSL;sasl.mechanism=OAUTHBEARER)");

  public static final Setting ROLES = new Setting("TRIBUTARY_ROLES", "ingest,process,query",
      "what this instance runs: any of ingest, process, query (all by default)");
  public static final Setting MAX_LAG_BYTES = new Setting("TRIBUTARY_MAX_LAG_BYTES", "4294967296",
      "local runtime (journal): ingest answers 503 backpressure to the tenants that wrote most of a partition's"
          + " backlog once its processing is more journal bytes behind than this, and to all of that partition's"
          + " tenants past twice this; tenants of other partitions are not refused (Event Hubs and Kafka count"
          + " frames: TRIBUTARY_MAX_LAG_FRAMES)");
  public static final Setting MAX_LAG_FRAMES = new Setting("TRIBUTARY_MAX_LAG_FRAMES", "5000000",
      "on Event Hubs or Kafka (the deployed app, or the local runtime on them): as TRIBUTARY_MAX_LAG_BYTES, counted"
          + " in the event log's own"
          + " offset unit, frames (one Event Hubs event or Kafka record per frame; a frame is up to 1 MB and holds"
          + " many log events); keep twice this well inside what the hub retains, or accepted events could expire"
          + " unprocessed");
  public static final Setting LAG_REFRESH_MS = new Setting("TRIBUTARY_LAG_REFRESH_MS", "5000",
      "on Event Hubs or Kafka: how often a background thread reads each partition's lag for backpressure (a call per"
          + " partition and a checkpoint listing on Event Hubs); requests use the last reading, and a failed"
          + " reading keeps it");
  public static final Setting MIN_FREE_DISK_BYTES = new Setting("TRIBUTARY_MIN_FREE_DISK_BYTES", "1073741824",
      "ingest answers 503 while the data folder's disk has less free space than this");

  public static final Setting IDEMPOTENCY_WINDOW_HOURS = new Setting("TRIBUTARY_IDEMPOTENCY_WINDOW_HOURS", "24",
      "how long a client-supplied event id is remembered: a retry within it is dropped (first write wins);"
          + " one after it is a new event");
  public static final Setting IDEMPOTENCY_MAX_IDS = new Setting("TRIBUTARY_IDEMPOTENCY_MAX_IDS", "1000000",
      "client ids the local runtime remembers at most (about 130 bytes of heap each); past it the oldest hours"
          + " are forgotten early");
  public static final Setting COSMOS_IDS_CONTAINER = new Setting("TRIBUTARY_COSMOS_IDS_CONTAINER", "ids",
      "Cosmos DB container of claimed client ids, partitioned by /tenantId, TTL on");
  public static final Setting JWT_MAX_LIFETIME = new Setting("TRIBUTARY_JWT_MAX_LIFETIME_SECONDS", "86400",
      "longest lifetime (exp - iat) of a token that is accepted; tokens without iat, or issued in the future, are refused");
  public static final Setting PROCESS_ATTEMPTS = new Setting("TRIBUTARY_PROCESS_ATTEMPTS", "2",
      "deliveries of a failing processing batch as a whole; the next processes it frame by frame and quarantines"
          + " the frames that still fail (so a poison frame cannot stall its partition)");
  public static final Setting PROCESS_BATCH_DECODED_BYTES = new Setting("TRIBUTARY_PROCESS_BATCH_DECODED_BYTES",
      "16777216", "decoded payload bytes one processing sub-batch holds at most (a larger frame is processed alone)");
  public static final Setting PROCESS_BATCH_EVENTS = new Setting("TRIBUTARY_PROCESS_BATCH_EVENTS", "65536",
      "events one processing sub-batch holds at most (a frame with more is processed alone)");
  public static final Setting QUARANTINE_CONTAINER = new Setting("TRIBUTARY_QUARANTINE_CONTAINER", "quarantine",
      "blob container of quarantined frames (in the archive's storage account)");
  public static final Setting HTTP_IDLE_TIMEOUT_MS = new Setting("TRIBUTARY_HTTP_IDLE_TIMEOUT_MS", "60000",
      "the local HTTP host closes a kept-alive connection that has had no request for this many milliseconds");
  public static final Setting HTTP_HEADER_TIMEOUT_MS = new Setting("TRIBUTARY_HTTP_HEADER_TIMEOUT_MS", "10000",
      "a request's line and headers must arrive within this many milliseconds of its first byte (or of the"
          + " connection opening); a slower request gets 408 and the connection is closed");
  public static final Setting HTTP_READ_TIMEOUT_MS = new Setting("TRIBUTARY_HTTP_READ_TIMEOUT_MS", "30000",
      "while a request body arrives, the longest pause between two reads in milliseconds; a longer one gets 408"
          + " and the connection is closed");
  public static final Setting HTTP_MAX_CONNECTIONS = new Setting("TRIBUTARY_HTTP_MAX_CONNECTIONS", "1024",
      "open HTTP connections the local host serves at once; one more is answered 503 and closed at once");
  public static final Setting QUERY_TIMEOUT_MS = new Setting("TRIBUTARY_QUERY_TIMEOUT_MS", "10000",
      "a query still running after this many milliseconds stops and answers 503 query_timeout");

  public static final Setting ROLES_CLAIM = new Setting("TRIBUTARY_JWT_ROLES_CLAIM", "roles",
      "token claim that lists the caller's roles (Entra ID puts app roles in 'roles'); a string or an array of"
          + " strings such as logs.write, logs.read, tenants.admin");
  public static final Setting UNREGISTERED_TENANT_PLAN = new Setting("TRIBUTARY_UNREGISTERED_TENANT_PLAN", "unlimited",
      "plan of a token's tenant that has no record (free, standard, enterprise, unlimited), so a fresh runtime"
          + " needs no set-up; none refuses such tenants with 403 tenant_not_registered (the deployed default)");
  public static final Setting TENANT_CACHE_SECONDS = new Setting("TRIBUTARY_TENANT_CACHE_SECONDS", "10",
      "how long an instance trusts a tenant record it read; changes through other instances apply within this");
  public static final Setting RATE_LIMITER = new Setting("TRIBUTARY_RATE_LIMITER", "inprocess",
      "where per-tenant token buckets live: inprocess (this instance) or redis (shared by all, TRIBUTARY_REDIS_URL)");
  public static final Setting REDIS_URL = new Setting("TRIBUTARY_REDIS_URL", null,
      "Redis of the shared rate limits, redis[s]://[user:password@]host:port (Azure Cache for Redis: rediss, port 6380)");
  public static final Setting QUERY_CACHE = new Setting("TRIBUTARY_QUERY_CACHE", null,
      "where query answers are cached for a few seconds (docs/query-cache.md): none, memory (this instance) or redis"
          + " (shared, at TRIBUTARY_REDIS_URL); unset: on the azure backend redis when TRIBUTARY_REDIS_URL is set and"
          + " none when not, memory on the others. The deployed app has no memory cache");
  public static final Setting QUERY_CACHE_MAX_BYTES = new Setting("TRIBUTARY_QUERY_CACHE_MAX_BYTES", "67108864",
      "bytes of answers the in-process query cache holds at most (the least used go first)");
  public static final Setting QUERY_CACHE_TTL_MS = new Setting("TRIBUTARY_QUERY_CACHE_TTL_MS", "1000",
      "how long a cached answer is kept when its time range reaches into the last minutes (or is open, as with"
          + " last): a repeated query may miss events this much younger");
  public static final Setting QUERY_CACHE_PAST_TTL_MS = new Setting("TRIBUTARY_QUERY_CACHE_PAST_TTL_MS", "60000",
      "how long a cached answer is kept when its time range ended more than "
          + "5 minutes ago; events sent late into it are missed for at most this long");

  public static final Setting ALERTS_ALLOW_PRIVATE_TARGETS = new Setting("TRIBUTARY_ALERTS_ALLOW_PRIVATE_TARGETS", null,
      "true or false: whether alert webhooks may go to loopback, private, link-local and other non-public "
          + "addresses (the SSRF guard, docs/alerts-delivery.md); by default true for the local backend, false "
          + "otherwise");

  public static final Setting LOKI_SERVICE_LABELS = new Setting("TRIBUTARY_LOKI_SERVICE_LABELS",
      "service_name,service,app,job", "Loki push: the stream labels that name an event's service, the first present"
          + " wins (comma-separated)");
  public static final Setting LOKI_HOST_LABELS = new Setting("TRIBUTARY_LOKI_HOST_LABELS", "host,hostname,instance",
      "Loki push: the stream labels that name an event's host, the first present wins (comma-separated)");
  public static final Setting SYSLOG_TCP_PORT = new Setting("TRIBUTARY_SYSLOG_TCP_PORT", "0",
      "local runtime: the port of a syslog listener over TCP (RFC 6587 framing), 0 for none");
  public static final Setting SYSLOG_UDP_PORT = new Setting("TRIBUTARY_SYSLOG_UDP_PORT", "0",
      "local runtime: the port of a syslog listener over UDP (one message a datagram), 0 for none");
  public static final Setting SYSLOG_TENANT = new Setting("TRIBUTARY_SYSLOG_TENANT", null,
      "local runtime: the tenant whatever the syslog listeners receive belongs to; required when a syslog port is"
          + " set (a bare socket presents no credential)");
  public static final Setting ALERT_WINDOWS = new Setting("TRIBUTARY_ALERT_WINDOWS", null,
      "where alert rules' windows and firing state live (docs/alerts.md): process (this instance's own, right when"
          + " one instance sees all of a tenant's events) or redis (shared by every instance, at TRIBUTARY_REDIS_URL);"
          + " unset: on the azure backend redis when TRIBUTARY_REDIS_URL is set, process otherwise");
  public static final List<String> ALERT_WINDOW_KINDS = List.of("process", "redis");

  public static final Setting TRACES = new Setting("TRIBUTARY_TRACES", "off",
      "the platform's own traces in the local runtime (docs/observability.md): off, or log (each finished span"
          + " one JSON line in the server log, logger io.tributary.traces); in Azure the Application Insights"
          + " agent collects them instead");
  public static final List<String> TRACE_KINDS = List.of("off", "log");

  public static final Setting EXPORT_CONTAINER = new Setting("TRIBUTARY_EXPORT_CONTAINER", "exports",
      "the Blob container of export jobs' files in Azure (docs/export.md), in the archive's storage account"
          + " (TRIBUTARY_BLOB__serviceUri or TRIBUTARY_BLOB_CONNECTION_STRING); locally they are under the data dir");
  public static final Setting EXPORT_LINK_SECONDS = new Setting("TRIBUTARY_EXPORT_LINK_SECONDS", "3600",
      "how long the url in a completed export job's result stays valid, in seconds (60 to 604800): in Azure a"
          + " read-only user delegation SAS of the job's blob, signed with a key the service issues for that span");

  public static final Setting WARMUP_SECONDS = new Setting("TRIBUTARY_WARMUP_SECONDS", "8",
      "how long the local runtime warms its processing path and its HTTP ingest path at start, side by side,"
          + " before it opens its port (0 to 60 s; 0 turns it off): real lines of a bundled sample go through"
          + " ingest, processing, the block store, the archive and queries in a throwaway folder, and as HTTP"
          + " ingest requests to a throwaway ingest-only instance on a free loopback port, so the first minute"
          + " after a start keeps up (docs/benchmarks.md, Cold start); Azure Functions hosts do not read it");

  public static final Setting INGEST_FIRST_PAUSE_MS = new Setting("TRIBUTARY_INGEST_FIRST_PAUSE_MS", "5000",
      "ingest first under saturation, in the local runtime when it ingests and processes (0 to 10000 ms; 0 turns"
          + " it off): while TRIBUTARY_INGEST_FIRST_BUSY_REQUESTS ingest requests or more are being served, each"
          + " processing reader waits up to this long before its next batch, so the cores serve the requests and"
          + " processing catches up from the durable journal when the burst ends (docs/DESIGN.md, backpressure)");
  public static final Setting INGEST_FIRST_LAG_BYTES = new Setting("TRIBUTARY_INGEST_FIRST_LAG_BYTES", "268435456",
      "a partition at least this many journal bytes behind never waits for ingest (see"
          + " TRIBUTARY_INGEST_FIRST_PAUSE_MS): how much a burst may delay freshness; keep it under"
          + " TRIBUTARY_MAX_LAG_BYTES");
  public static final Setting INGEST_FIRST_BUSY_REQUESTS = new Setting("TRIBUTARY_INGEST_FIRST_BUSY_REQUESTS", "0",
      "ingest requests being served at once (on a worker; queries and other routes do not count) from which"
          + " ingest counts as saturated (see"
          + " TRIBUTARY_INGEST_FIRST_PAUSE_MS); 0 for four per core");

  /** The roles an instance can run. */
  public static final java.util.Set<String> KNOWN_ROLES = java.util.Set.of("ingest", "process", "query");

  public static final List<Setting> ALL = List.of(ROLES, MAX_LAG_BYTES, MAX_LAG_FRAMES, LAG_REFRESH_MS,
      MIN_FREE_DISK_BYTES, BACKEND, EVENT_LOG, STORE, ARCHIVE, DATA_DIR, HTTP_HOST, HTTP_PORT,
      JWT_SECRET, JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, TENANT_CLAIM, CURSOR_SECRET, PARTITIONS, SEGMENT_BYTES,
      WORKER_THREADS, PROCESS_GROUP, MAX_BODY_BYTES, MAX_DECODED_BYTES, MAX_EVENT_BYTES, MAX_EVENTS, MAX_EXPANSION,
      EVENTHUB_NAMESPACE,
      EVENTHUB_CONNECTION_STRING, EVENTHUB_NAME, CHECKPOINT_BLOB_URI, CHECKPOINT_CONNECTION_STRING,
      CHECKPOINT_CONTAINER, COSMOS_ENDPOINT, COSMOS_CONNECTION_STRING, COSMOS_DATABASE, COSMOS_CONTAINER,
      HOT_RETENTION_DAYS, BLOB_SERVICE_URI, BLOB_CONNECTION_STRING, ARCHIVE_CONTAINER, MANAGED_IDENTITY_CLIENT_ID,
      KAFKA_BOOTSTRAP_SERVERS, KAFKA_TOPIC, KAFKA_REPLICATION_FACTOR, KAFKA_PROPERTIES, IDEMPOTENCY_WINDOW_HOURS,
      IDEMPOTENCY_MAX_IDS, COSMOS_IDS_CONTAINER, JWT_MAX_LIFETIME,
      PROCESS_ATTEMPTS, PROCESS_BATCH_DECODED_BYTES, PROCESS_BATCH_EVENTS, QUARANTINE_CONTAINER,
      HTTP_IDLE_TIMEOUT_MS, HTTP_HEADER_TIMEOUT_MS, HTTP_READ_TIMEOUT_MS, HTTP_MAX_CONNECTIONS, QUERY_TIMEOUT_MS,
      ROLES_CLAIM, UNREGISTERED_TENANT_PLAN, TENANT_CACHE_SECONDS, RATE_LIMITER, REDIS_URL, OIDC_ISSUER,
      OIDC_AUDIENCE, QUERY_CACHE, QUERY_CACHE_MAX_BYTES, QUERY_CACHE_TTL_MS, QUERY_CACHE_PAST_TTL_MS,
      io.tributary.tail.TailSettings.MAX_STREAMS, io.tributary.tail.TailSettings.QUEUE_EVENTS,
      io.tributary.tail.TailSettings.HEARTBEAT_MS, io.tributary.tail.TailSettings.STALL_MS,
      io.tributary.tail.TailSettings.WINDOW_MS, io.tributary.tail.TailSettings.MAX_REPLAY,
      ALERTS_ALLOW_PRIVATE_TARGETS, ALERT_WINDOWS, TRACES, LOKI_SERVICE_LABELS, LOKI_HOST_LABELS, SYSLOG_TCP_PORT,
      SYSLOG_UDP_PORT, SYSLOG_TENANT, EXPORT_CONTAINER, EXPORT_LINK_SECONDS, WARMUP_SECONDS,
      INGEST_FIRST_PAUSE_MS, INGEST_FIRST_LAG_BYTES, INGEST_FIRST_BUSY_REQUESTS);

  /** Reads settings from {@code localSettings} (may not exist) overlaid by {@code env}. */
  public static Settings load(Path localSettings, Map<String, String> env) {
    Map<String, String> values = new HashMap<>(readLocalSettings(localSettings));
    values.putAll(env);
    return from(values);
  }

  /** The {@code Values} object of a local.settings.json, or nothing when the file is absent. */
  public static Map<String, String> readLocalSettings(Path file) {
    Map<String, String> out = new HashMap<>();
    if (file == null || !Files.isRegularFile(file)) {
      return out;
    }
    try {
      JsonNode values = Json.mapper().readTree(file.toFile()).path("Values");
      Iterator<Map.Entry<String, JsonNode>> it = values.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().asText());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    return out;
  }

  public static Settings from(Map<String, String> v) {
    String backend = oneOf(v, BACKEND, BACKENDS, null);
    String eventLog = oneOf(v, EVENT_LOG, EVENT_LOGS,
        backend.equals("azure") ? "eventhubs" : backend.equals("kafka") ? "kafka" : "journal");
    String store = oneOf(v, STORE, STORES, backend.equals("azure") ? "cosmos" : "blocks");
    String archive = oneOf(v, ARCHIVE, ARCHIVES, backend.equals("azure") ? "blob" : "directory");
    IngestLimits d = IngestLimits.defaults();
    IngestLimits limits = new IngestLimits(
        intValue(v, MAX_BODY_BYTES, 1024, Integer.MAX_VALUE - 16),
        intValue(v, MAX_DECODED_BYTES, 1024, Integer.MAX_VALUE - 16),
        intValue(v, MAX_EVENTS, 1, 10_000_000),
        intValue(v, MAX_EVENT_BYTES, 256, 512 * 1024),
        d.maxAttributes(), d.maxNameLength(), d.maxNesting(), d.maxFutureNanos(),
        intValue(v, MAX_EXPANSION, 2, 1_000_000));
    AzureSettings azure = new AzureSettings(
        optional(v, EVENTHUB_NAMESPACE),
        optional(v, EVENTHUB_CONNECTION_STRING),
        text(v, EVENTHUB_NAME),
        optional(v, CHECKPOINT_BLOB_URI),
        optional(v, CHECKPOINT_CONNECTION_STRING),
        text(v, CHECKPOINT_CONTAINER),
        optional(v, COSMOS_ENDPOINT),
        optional(v, COSMOS_CONNECTION_STRING),
        text(v, COSMOS_DATABASE),
        text(v, COSMOS_CONTAINER),
        intValue(v, HOT_RETENTION_DAYS, 1, 3650),
        optional(v, BLOB_SERVICE_URI),
        optional(v, BLOB_CONNECTION_STRING),
        text(v, ARCHIVE_CONTAINER),
        optional(v, MANAGED_IDENTITY_CLIENT_ID),
        text(v, QUARANTINE_CONTAINER));
    KafkaSettings kafka = new KafkaSettings(
        text(v, KAFKA_BOOTSTRAP_SERVERS),
        text(v, KAFKA_TOPIC),
        (short) intValue(v, KAFKA_REPLICATION_FACTOR, 1, 32),
        pairs(v, KAFKA_PROPERTIES));
    String jwksUrl = jwksUrl(v);
    return new Settings(
        backend,
        eventLog,
        store,
        archive,
        Path.of(text(v, DATA_DIR)),
        text(v, HTTP_HOST),
        intValue(v, HTTP_PORT, 0, 65535),
        optional(v, JWT_SECRET),
        jwksUrl,
        text(v, JWT_ISSUER),
        text(v, JWT_AUDIENCE),
        text(v, TENANT_CLAIM),
        optional(v, CURSOR_SECRET),
        intValue(v, PARTITIONS, 1, 1024),
        longValue(v, SEGMENT_BYTES, 1 << 16, 1L << 40),
        intValue(v, WORKER_THREADS, 1, 4096),
        text(v, PROCESS_GROUP),
        limits,
        azure,
        kafka,
        roles(text(v, ROLES)),
        longValue(v, MAX_LAG_BYTES, 0, Long.MAX_VALUE),
        longValue(v, MIN_FREE_DISK_BYTES, 0, Long.MAX_VALUE),
        new IdempotencySettings(java.time.Duration.ofHours(intValue(v, IDEMPOTENCY_WINDOW_HOURS, 1, 24 * 90)),
            intValue(v, IDEMPOTENCY_MAX_IDS, 1000, 100_000_000), text(v, COSMOS_IDS_CONTAINER)),
        longValue(v, JWT_MAX_LIFETIME, 60, 366L * 86_400),
        new io.tributary.process.ProcessingLimits(
            intValue(v, PROCESS_ATTEMPTS, 1, 100),
            intValue(v, PROCESS_BATCH_DECODED_BYTES, 1 << 16, 1 << 30),
            intValue(v, PROCESS_BATCH_EVENTS, 100, 10_000_000)),
        new HttpSettings(millis(v, HTTP_IDLE_TIMEOUT_MS), millis(v, HTTP_HEADER_TIMEOUT_MS),
            millis(v, HTTP_READ_TIMEOUT_MS), intValue(v, HTTP_MAX_CONNECTIONS, 1, 1_000_000)),
        millis(v, QUERY_TIMEOUT_MS),
        text(v, ROLES_CLAIM),
        tenancy(v),
        jwksUrl == null ? null : withJwksUrl(v, OIDC_ISSUER),
        jwksUrl == null ? null : withJwksUrl(v, OIDC_AUDIENCE),
        longValue(v, MAX_LAG_FRAMES, 0, Long.MAX_VALUE),
        java.time.Duration.ofMillis(longValue(v, LAG_REFRESH_MS, 100, 600_000)),
        queryCache(v, backend),
        io.tributary.tail.TailSettings.from(v::get),
        trueOrFalse(v, ALERTS_ALLOW_PRIVATE_TARGETS, backend.equals("local")),
        alertWindows(v, backend),
        oneOf(v, TRACES, TRACE_KINDS, "off"),
        new io.tributary.ingest.loki.LokiLabels(
            io.tributary.ingest.loki.LokiLabels.names(optional(v, LOKI_SERVICE_LABELS), java.util.List.of()),
            io.tributary.ingest.loki.LokiLabels.names(optional(v, LOKI_HOST_LABELS), java.util.List.of())),
        syslog(v),
        text(v, EXPORT_CONTAINER),
        // A user delegation key lives at most 7 days, so no link may outlive that.
        java.time.Duration.ofSeconds(longValue(v, EXPORT_LINK_SECONDS, 60, 7 * 86_400)),
        java.time.Duration.ofSeconds(intValue(v, WARMUP_SECONDS, 0, 60)),
        new IngestFirstSettings(java.time.Duration.ofMillis(intValue(v, INGEST_FIRST_PAUSE_MS, 0, 10_000)),
            longValue(v, INGEST_FIRST_LAG_BYTES, 0, Long.MAX_VALUE), intValue(v, INGEST_FIRST_BUSY_REQUESTS, 0, 4096)));
  }

  private static SyslogSettings syslog(Map<String, String> v) {
    int tcp = intValue(v, SYSLOG_TCP_PORT, 0, 65_535);
    int udp = intValue(v, SYSLOG_UDP_PORT, 0, 65_535);
    if (tcp == 0 && udp == 0) {
      return SyslogSettings.OFF;
    }
    String tenant = optional(v, SYSLOG_TENANT);
    if (tenant == null) {
      throw new IllegalArgumentException("setting " + SYSLOG_TENANT.name() + " is required when a syslog port is"
          + " set: " + SYSLOG_TENANT.doc());
    }
    try {
      return new SyslogSettings(tcp, udp, io.tributary.event.TenantId.of(tenant));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("setting " + SYSLOG_TENANT.name() + "=" + tenant + " is not a tenant id: "
          + e.getMessage());
    }
  }

  private static String alertWindows(Map<String, String> v, String backend) {
    String redis = optional(v, REDIS_URL);
    String kind = oneOf(v, ALERT_WINDOWS, ALERT_WINDOW_KINDS,
        backend.equals("azure") && redis != null ? "redis" : "process");
    if (kind.equals("redis") && redis == null) {
      throw new IllegalArgumentException("setting " + ALERT_WINDOWS.name() + "=redis needs " + REDIS_URL.name());
    }
    return kind;
  }

  /** A setting of true or false (any case); {@code fallback} when unset; a clear error otherwise. */
  private static boolean trueOrFalse(Map<String, String> v, Setting s, boolean fallback) {
    String x = v.get(s.name());
    if (x == null || x.isBlank()) {
      return fallback;
    }
    String t = x.trim().toLowerCase(java.util.Locale.ROOT);
    if (!t.equals("true") && !t.equals("false")) {
      throw new IllegalArgumentException(s.name() + " must be true or false, not '" + x + "'");
    }
    return t.equals("true");
  }

  private static QueryCacheSettings queryCache(Map<String, String> v, String backend) {
    String redis = optional(v, REDIS_URL);
    String kind = oneOf(v, QUERY_CACHE, QueryCacheSettings.KINDS,
        backend.equals("azure") ? (redis != null ? "redis" : "none") : "memory");
    if (kind.equals("redis") && redis == null) {
      throw new IllegalArgumentException("setting " + QUERY_CACHE.name() + "=redis needs " + REDIS_URL.name());
    }
    return new QueryCacheSettings(kind, longValue(v, QUERY_CACHE_MAX_BYTES, 1 << 20, 1L << 40),
        millis(v, QUERY_CACHE_TTL_MS), millis(v, QUERY_CACHE_PAST_TTL_MS));
  }

  /** {@link #JWKS_URL}, an http(s) URL, or null. */
  private static String jwksUrl(Map<String, String> v) {
    String url = optional(v, JWKS_URL);
    if (url == null) {
      return null;
    }
    try {
      java.net.URI u = new java.net.URI(url);
      if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
        throw new java.net.URISyntaxException(url, "not an http(s) URL");
      }
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("setting " + JWKS_URL.name() + "=" + url + " is not an http(s) URL ("
          + JWKS_URL.doc() + ")");
    }
    return url;
  }

  /** A setting the identity provider's tokens need: required when {@link #JWKS_URL} is set. */
  private static String withJwksUrl(Map<String, String> v, Setting s) {
    String x = optional(v, s);
    if (x == null || (s == OIDC_AUDIENCE && x.replace(",", "").isBlank())) {
      throw new IllegalArgumentException("setting " + s.name() + " is required when " + JWKS_URL.name()
          + " is set: " + s.doc());
    }
    return x;
  }

  private static TenancySettings tenancy(Map<String, String> v) {
    String plan = text(v, UNREGISTERED_TENANT_PLAN);
    java.util.Optional<io.tributary.tenancy.Plan> unregistered = java.util.Optional.empty();
    if (!plan.equals("none")) {
      unregistered = java.util.Optional.of(io.tributary.tenancy.Plan.of(plan).orElseThrow(() ->
          new IllegalArgumentException("setting " + UNREGISTERED_TENANT_PLAN.name() + "=" + plan
              + " is not a plan; use free, standard, enterprise, unlimited or none")));
    }
    String limiter = oneOf(v, RATE_LIMITER, TenancySettings.RATE_LIMITERS, null);
    String redis = optional(v, REDIS_URL);
    if (limiter.equals("redis") && redis == null) {
      throw new IllegalArgumentException("setting " + RATE_LIMITER.name() + "=redis needs " + REDIS_URL.name());
    }
    return new TenancySettings(unregistered, java.time.Duration.ofSeconds(longValue(v, TENANT_CACHE_SECONDS, 0, 86_400)),
        limiter, redis);
  }

  /** The longest lifetime (exp - iat) of a token that is accepted. */
  public java.time.Duration jwtMaxLifetime() {
    return java.time.Duration.ofSeconds(jwtMaxLifetimeSeconds);
  }

  /** A positive number of milliseconds, at most a day. */
  private static java.time.Duration millis(Map<String, String> v, Setting s) {
    return java.time.Duration.ofMillis(longValue(v, s, 1, 86_400_000L));
  }

  private static java.util.Set<String> roles(String text) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (String r : text.split(",")) {
      String role = r.trim();
      if (!KNOWN_ROLES.contains(role)) {
        throw new IllegalArgumentException("setting " + ROLES.name() + " names '" + role
            + "'; use any of ingest, process, query");
      }
      out.add(role);
    }
    return java.util.Set.copyOf(out);
  }

  /** True when this instance runs {@code role}; {@code "any"} always runs. */
  public boolean runs(String role) {
    return "any".equals(role) || roles.contains(role);
  }

  /** The value of {@code s}, which must be one of {@code allowed}; {@code fallback} when unset. */
  private static String oneOf(Map<String, String> v, Setting s, List<String> allowed, String fallback) {
    String x = optional(v, s);
    if (x == null) {
      x = fallback;
    }
    if (x == null || !allowed.contains(x)) {
      throw new IllegalArgumentException("setting " + s.name() + "=" + x + " must be one of " + allowed + " (" + s.doc() + ")");
    }
    return x;
  }

  /** {@code k=v;k=v} as a map; empty when unset. */
  private static Map<String, String> pairs(Map<String, String> v, Setting s) {
    String x = optional(v, s);
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (x == null) {
      return out;
    }
    for (String pair : x.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("setting " + s.name() + " must be k=v;k=v, and '" + pair + "' is not");
      }
      out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return out;
  }

  private static String optional(Map<String, String> v, Setting s) {
    String x = v.get(s.name());
    return x == null || x.isBlank() ? s.defaultValue() : x.trim();
  }

  private static String text(Map<String, String> v, Setting s) {
    String x = optional(v, s);
    if (x == null) {
      throw new IllegalArgumentException("setting " + s.name() + " is required: " + s.doc());
    }
    return x;
  }

  private static long longValue(Map<String, String> v, Setting s, long min, long max) {
    String x = text(v, s);
    long n;
    try {
      n = Long.parseLong(x);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + s.name() + "=" + x + " must be a whole number (" + s.doc() + ")");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("setting " + s.name() + "=" + x + " must be from " + min + " to " + max);
    }
    return n;
  }

  private static int intValue(Map<String, String> v, Setting s, int min, int max) {
    return (int) longValue(v, s, min, max);
  }
}
