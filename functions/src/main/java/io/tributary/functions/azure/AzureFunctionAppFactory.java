package io.tributary.functions.azure;

import io.tributary.archive.ArchiveStore;
import io.tributary.auth.TokenVerifier;
import io.tributary.auth.TokenVerifiers;
import io.tributary.config.SearchSettings;
import io.tributary.config.Settings;
import io.tributary.eventlog.EventLog;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.FunctionAppFactory;
import io.tributary.functions.kafka.KafkaAdapters;
import io.tributary.idempotency.ClientIdLedger;
import io.tributary.ingest.IngestGate;
import io.tributary.ingest.LagGate;
import io.tributary.ingest.LagRefresher;
import io.tributary.process.Enricher;
import io.tributary.quarantine.Quarantine;
import io.tributary.search.SearchIndex;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code TRIBUTARY_BACKEND=azure}: the function app as deployed, on Event Hubs (or Kafka, with
 * {@code TRIBUTARY_EVENTLOG=kafka}), Cosmos DB and Blob Storage, and Azure AI Search when
 * {@code TRIBUTARY_SEARCH_ENDPOINT} is set. Keys cannot be generated per
 * instance here: the cursor key must be set (a Key Vault reference), and tokens are checked
 * against the identity provider's JWKS ({@code TRIBUTARY_JWT_JWKS_URL}), an HS256 secret, or both.
 * Ingest is gated by the partitions' processing lag ({@link #gate}); there is no disk to watch.
 */
public final class AzureFunctionAppFactory implements FunctionAppFactory {

  @Override
  public String backend() {
    return "azure";
  }

  @Override
  public FunctionApp create(Settings s) {
    return create(s, java.util.Map.of());
  }

  /** The app, with the full-text index when {@code env} sets {@link SearchSettings#ENDPOINT}. */
  @Override
  public FunctionApp create(Settings s, java.util.Map<String, String> env) {
    if (!s.store().equals("cosmos") || !s.archive().equals("blob") || s.eventLog().equals("journal")) {
      throw new IllegalArgumentException("the deployed function app runs on eventhubs or kafka, cosmos and blob; "
          + Settings.EVENT_LOG.name() + "=" + s.eventLog() + ", " + Settings.STORE.name() + "=" + s.store() + ", "
          + Settings.ARCHIVE.name() + "=" + s.archive() + " need the local runtime (./tributary up)");
    }
    TokenVerifier tokens = tokens(s);
    byte[] cursorKey = key(s.cursorSecret(), Settings.CURSOR_SECRET);
    AzureAdapters azure = new AzureAdapters(s);
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      EventLog log = s.eventLog().equals("kafka") ? KafkaAdapters.eventLog(s) : azure.eventHubs();
      resources.add(log);
      // A tenant's shards and hot days come from its record, which the app's tenant directory knows
      // once assembled; until then (nothing is stored before) the store's defaults.
      java.util.concurrent.atomic.AtomicReference<FunctionApp> assembled = new java.util.concurrent.atomic.AtomicReference<>();
      LogStore store = azure.cosmos(new io.tributary.functions.azure.cosmos.CosmosLogStore.Placement() {
        @Override
        public int shards(io.tributary.event.TenantId t) {
          FunctionApp a = assembled.get();
          return a == null ? 1 : a.shardsOf(t);
        }

        @Override
        public int hotDays(io.tributary.event.TenantId t) {
          FunctionApp a = assembled.get();
          return a == null ? 0 : a.storeHotDaysOf(t);
        }
      });
      resources.addAll(0, azure.resources());
      resources.add(store);
      ArchiveStore archive = azure.blob();
      resources.add(archive);
      ClientIdLedger ids = azure.cosmosIdLedger(s.idempotency());
      resources.add(ids);
      Quarantine quarantine = azure.quarantine();
      resources.add(quarantine);
      io.tributary.configstore.ConfigStore config = azure.cosmosConfig();
      resources.add(config);
      io.tributary.limits.RateLimiter limiter = azure.rateLimiter(s.tenancy());
      resources.add(limiter);
      SearchSettings search = SearchSettings.from(env);
      SearchIndex index = search.enabled() ? azure.search(search) : null;
      if (index != null) {
        resources.add(index);
      }
      io.tributary.querycache.QueryCache cache = azure.queryCache(s);
      resources.add(cache);
      IngestGate gate = gate(s, log, resources);
      io.tributary.alert.delivery.DeliveryLog deliveries = azure.deliveryLog();
      resources.add(deliveries);
      io.tributary.alert.AlertWindowStore windows = azure.alertWindows(s);
      if (windows != null) {
        resources.add(windows);
      }
      FunctionApp app = FunctionApp.assemble(s, tokens, log, store, archive, ids, quarantine, cursorKey, gate,
          new Enricher(), config, limiter, index, search.policy(), cache, deliveries, windows, resources);
      assembled.set(app);
      // Export jobs write their files to the export container and link them with a user delegation SAS.
      app.useExportFiles(azure.exportFiles());
      // The Application Insights Java agent (APPLICATIONINSIGHTS_ENABLE_AGENT, bicep) installs the
      // global OpenTelemetry and exports what is recorded on it; without the agent it records nothing.
      app.instrument(io.opentelemetry.api.GlobalOpenTelemetry.getMeter(io.tributary.telemetry.PlatformMetrics.SCOPE));
      return app;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the Azure services: " + e.getMessage(), e);
    }
  }

  /**
   * Backpressure as in the local runtime, scoped to the heaviest writers of a lagging partition's
   * backlog ({@link LagGate}), on the event log's own lags: Event Hubs sequence numbers or Kafka
   * offsets, so frames, against {@code TRIBUTARY_MAX_LAG_FRAMES}. Reading them costs network
   * calls, so a daemon thread reads them every {@code TRIBUTARY_LAG_REFRESH_MS} and requests use
   * the last reading; it is added to {@code resources}, so it stops before the log closes. An
   * instance that does not ingest reads nothing.
   */
  static IngestGate gate(Settings s, EventLog log, List<AutoCloseable> resources) {
    if (!s.runs("ingest")) {
      return IngestGate.OPEN;
    }
    LagGate gate = LagGate.of(log, s.processGroup(), s.maxLagFrames(), LagGate.Unit.FRAMES);
    resources.add(LagRefresher.start(gate, s.lagRefresh()));
    return gate;
  }

  /** HS256 tokens only when TRIBUTARY_JWT_SECRET is set; the identity provider's when TRIBUTARY_JWT_JWKS_URL is. */
  static TokenVerifier tokens(Settings s) {
    return TokenVerifiers.from(s, s.jwtSecret() == null ? null : key(s.jwtSecret(), Settings.JWT_SECRET));
  }

  static byte[] key(String base64, io.tributary.config.Setting setting) {
    if (base64 == null) {
      throw new IllegalArgumentException("the function app needs " + setting.name()
          + ": base64 of 32 random bytes, kept in Key Vault and referenced from the app settings");
    }
    byte[] k;
    try {
      k = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("setting " + setting.name() + " is not base64");
    }
    if (k.length < 32) {
      throw new IllegalArgumentException("setting " + setting.name() + " must be at least 32 bytes (base64 of 32 random bytes)");
    }
    return k;
  }
}
