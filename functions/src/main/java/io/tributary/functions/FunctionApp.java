package io.tributary.functions;

import io.tributary.archive.ArchiveStore;
import io.tributary.auth.TokenVerifier;
import io.tributary.config.Settings;
import io.tributary.eventlog.EventLog;
import io.tributary.frame.FrameCodec;
import io.tributary.ingest.IngestGate;
import io.tributary.ingest.IngestService;
import io.tributary.process.Enricher;
import io.tributary.query.CursorCodec;
import io.tributary.store.LogStore;
import java.time.Clock;
import io.tributary.process.BatchProcessor;
import io.tributary.process.RepeatFilter;
import io.tributary.idempotency.ClientIdLedger;
import io.tributary.query.QueryService;
import io.tributary.query.aggregate.AggregateService;
import io.tributary.quarantine.Quarantine;
import io.tributary.auth.Principal;
import io.tributary.auth.Role;
import io.tributary.configstore.ConfigStore;
import io.tributary.http.Problem;
import io.tributary.limits.RateLimiter;
import io.tributary.tenancy.TenantDirectory;
import io.tributary.tenancy.TenantService;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The composition root the function classes run against: the core services wired to one set of
 * adapters. The local runtime builds one and hands it to each function's constructor; under the
 * Azure Functions host, whose no-argument constructors call {@link #shared()}, it is built once per
 * process by the {@link FunctionAppFactory} registered for {@code TRIBUTARY_BACKEND}.
 */
public final class FunctionApp implements AutoCloseable {

  private static volatile FunctionApp shared;
  /** How long ingest waits for the event log to make a request durable before answering 503. */
  private static final java.time.Duration PUBLISH_TIMEOUT = java.time.Duration.ofSeconds(30);

  private final Settings settings;
  private final TokenVerifier tokens;
  private final IngestService ingest;
  private final QueryService query;
  private final AggregateService aggregate;
  private final BatchProcessor processor;
  private final EventLog eventLog;
  private final Quarantine quarantine;
  private final TenantService tenants;
  private final TenantDirectory directory;
  private final RateLimiter rateLimiter;
  private final io.tributary.search.IndexFeed indexFeed;
  private final io.tributary.tail.TailService tails;
  private final io.tributary.alert.Alerting alerting;
  private final io.tributary.export.ExportService exports;
  /** Where export jobs write their files: a folder locally, the Blob export container in Azure ({@link #useExportFiles}). */
  private volatile io.tributary.export.ExportFiles exportFiles;
  /** The archival (and later erasure and replay) orchestrations; null in compositions without them. */
  private volatile io.tributary.functions.durable.DataLifecycle lifecycle;
  /** What runs orchestrations (export jobs); set once by the host that runs an engine. */
  private volatile io.tributary.functions.durable.OrchestrationClient orchestrations;
  private final List<AutoCloseable> resources;

  public FunctionApp(Settings settings, TokenVerifier tokens, IngestService ingest, QueryService query,
      BatchProcessor processor, EventLog eventLog, Quarantine quarantine, TenantService tenants,
      TenantDirectory directory, RateLimiter rateLimiter, List<AutoCloseable> resources) {
    this(settings, tokens, ingest, query, processor, eventLog, quarantine, tenants, directory, rateLimiter, null,
        resources);
  }

  /** @param indexFeed what feeds the full-text index, or null when search is off */
  public FunctionApp(Settings settings, TokenVerifier tokens, IngestService ingest, QueryService query,
      BatchProcessor processor, EventLog eventLog, Quarantine quarantine, TenantService tenants,
      TenantDirectory directory, RateLimiter rateLimiter, io.tributary.search.IndexFeed indexFeed,
      List<AutoCloseable> resources) {
    this(settings, tokens, ingest, query, null, processor, eventLog, quarantine, tenants, directory, rateLimiter,
        indexFeed, null, resources);
  }

  /**
   * @param aggregate runs aggregations ({@code POST /api/logs/aggregate}); null in compositions without them
   * @param indexFeed what feeds the full-text index, or null when search is off
   * @param tails what opens live tails (fed by {@code processor}), or null when this app serves none
   */
  public FunctionApp(Settings settings, TokenVerifier tokens, IngestService ingest, QueryService query,
      AggregateService aggregate, BatchProcessor processor, EventLog eventLog, Quarantine quarantine,
      TenantService tenants, TenantDirectory directory, RateLimiter rateLimiter,
      io.tributary.search.IndexFeed indexFeed, io.tributary.tail.TailService tails, List<AutoCloseable> resources) {
    this(settings, tokens, ingest, query, aggregate, processor, eventLog, quarantine, tenants, directory, rateLimiter,
        indexFeed, tails, null, resources);
  }

  /** @param alerting the alert rules and their evaluation, or null: then rules are kept but not evaluated */
  public FunctionApp(Settings settings, TokenVerifier tokens, IngestService ingest, QueryService query,
      AggregateService aggregate, BatchProcessor processor, EventLog eventLog, Quarantine quarantine,
      TenantService tenants, TenantDirectory directory, RateLimiter rateLimiter,
      io.tributary.search.IndexFeed indexFeed, io.tributary.tail.TailService tails,
      io.tributary.alert.Alerting alerting, List<AutoCloseable> resources) {
    this(settings, tokens, ingest, query, aggregate, processor, eventLog, quarantine, tenants, directory, rateLimiter,
        indexFeed, tails, alerting, null, resources);
  }

  /** @param exports what runs exports ({@code GET /api/logs/export}), or null in compositions without them */
  public FunctionApp(Settings settings, TokenVerifier tokens, IngestService ingest, QueryService query,
      AggregateService aggregate, BatchProcessor processor, EventLog eventLog, Quarantine quarantine,
      TenantService tenants, TenantDirectory directory, RateLimiter rateLimiter,
      io.tributary.search.IndexFeed indexFeed, io.tributary.tail.TailService tails,
      io.tributary.alert.Alerting alerting, io.tributary.export.ExportService exports, List<AutoCloseable> resources) {
    this.exports = exports;
    this.alerting = alerting;
    this.aggregate = aggregate;
    this.indexFeed = indexFeed;
    this.tails = tails;
    this.settings = settings;
    this.tokens = tokens;
    this.ingest = ingest;
    this.query = query;
    this.processor = processor;
    this.eventLog = eventLog;
    this.quarantine = quarantine;
    this.tenants = tenants;
    this.directory = directory;
    this.rateLimiter = rateLimiter;
    this.resources = List.copyOf(resources);
  }

  /**
   * How many alert rules a tenant may have, by its plan: free 10, standard 100, enterprise and
   * unlimited 1,000; 100 for a tenant with no plan.
   */
  private static int maxAlertRules(TenantDirectory directory, Settings s, io.tributary.event.TenantId t) {
    io.tributary.tenancy.Plan plan;
    try {
      plan = planOf(directory, s, t);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (plan == null) {
      return 100;
    }
    return switch (plan) {
      case FREE -> 10;
      case STANDARD -> 100;
      case ENTERPRISE, UNLIMITED -> 1_000;
    };
  }

  /**
   * The core services over a set of adapters: what every composition (the deployed app, the local
   * runtime) builds the same way.
   *
   * @param config where tenants (and every other configuration stream) are kept
   * @param rateLimiter the per-tenant token buckets
   * @param resources the adapters to close with the app, in order of creation; the list is kept
   */
  public static FunctionApp assemble(Settings s, TokenVerifier tokens, EventLog log, LogStore store,
      ArchiveStore archive, ClientIdLedger ids, Quarantine quarantine, byte[] cursorKey, IngestGate gate, Enricher enricher,
      ConfigStore config, RateLimiter rateLimiter, List<AutoCloseable> resources) {
    return assemble(s, tokens, log, store, archive, ids, quarantine, cursorKey, gate, enricher, config, rateLimiter,
        null, null, io.tributary.querycache.QueryCache.NONE, new io.tributary.alert.delivery.InMemoryDeliveryLog(1_000),
        null, resources);
  }

  /**
   * {@link #assemble(Settings, TokenVerifier, EventLog, LogStore, ArchiveStore, ClientIdLedger, Quarantine, byte[],
   * IngestGate, Enricher, ConfigStore, RateLimiter, List)} with a full-text index fed by the Index
   * function under {@code policy}, which also answers the full-text questions it holds every event
   * of ({@link io.tributary.search.IndexRoute}); {@code search} null when search is off. Queries
   * keep their answers in {@code cache} for the TTLs of {@code s.queryCache()}
   * ({@link io.tributary.querycache.QueryCache#NONE} for none); the caller closes it (in
   * {@code resources}). Alert notifications are sent by HTTP and recorded in {@code deliveries}
   * (the caller closes it); alert windows are {@code alertWindows}', shared by every instance, or
   * null for this instance's own (the caller closes it).
   */
  public static FunctionApp assemble(Settings s, TokenVerifier tokens, EventLog log, LogStore store,
      ArchiveStore archive, ClientIdLedger ids, Quarantine quarantine, byte[] cursorKey, IngestGate gate, Enricher enricher,
      ConfigStore config, RateLimiter rateLimiter, io.tributary.search.SearchIndex search,
      io.tributary.search.IndexingPolicy policy, io.tributary.querycache.QueryCache cache,
      io.tributary.alert.delivery.DeliveryLog deliveries, io.tributary.alert.AlertWindowStore alertWindows,
      List<AutoCloseable> resources) {
    Clock clock = Clock.systemUTC();
    TenantService tenants = new TenantService(config, clock);
    TenantDirectory directory = new TenantDirectory(tenants, s.tenancy().unregisteredPlan(), s.tenancy().cacheTtl(),
        System::nanoTime);
    // Read by ingest and processing alike, so a Loki frame replays as it was judged.
    io.tributary.ingest.loki.LokiLabels.configure(s.lokiLabels());
    IngestService ingest = new IngestService(log, new FrameCodec(), s.limits(), clock, PUBLISH_TIMEOUT, gate,
        rateLimiter);
    QueryService query = new QueryService(store, new CursorCodec(cursorKey), clock, s.queryTimeout(),
        System::nanoTime);
    if (enricher != null) {
      query = query.withPatternIds(enricher::equivalentPatternIds);
    }
    if (search != null) {
      query = query.withIndex(new io.tributary.search.IndexRoute(search, policy, t -> planOf(directory, s, t)));
    }
    // Erasures, retention drops and replays move a tenant's generation on: cached answers from before are not served.
    io.tributary.querycache.DataGenerations generations = new io.tributary.querycache.DataGenerations();
    if (cache != null && cache != io.tributary.querycache.QueryCache.NONE) {
      query = query.withCache(cache, s.queryCache().recentTtl(), s.queryCache().pastTtl()).withGenerations(generations);
    }
    io.tributary.tail.TailHub hub = new io.tributary.tail.TailHub(s.tail());
    io.tributary.alert.delivery.TargetGuard guard = new io.tributary.alert.delivery.TargetGuard(
        s.alertsAllowPrivateTargets());
    io.tributary.alert.delivery.AlertDispatcher dispatcher = io.tributary.alert.delivery.AlertDispatcher.builder(
        new io.tributary.alert.delivery.HttpAlertSink(java.time.Duration.ofSeconds(5), clock), deliveries)
        .guard(guard).clock(clock).timeout(java.time.Duration.ofSeconds(10)).build();
    io.tributary.alert.Alerting alerting = new io.tributary.alert.Alerting(new io.tributary.alert.AlertService(config,
        clock, t -> maxAlertRules(directory, s, t), guard), clock, store, dispatcher, deliveries, alertWindows);
    // Alerts are evaluated where stored events are told: by processing, or, when the store has a
    // change feed (Cosmos DB), by the AlertEvaluate function on it, not both.
    boolean changeFeed = s.store().equals("cosmos");
    BatchProcessor processor = new BatchProcessor(store, archive, enricher, new RepeatFilter(ids), quarantine,
        s.processing(), clock, changeFeed ? hub : io.tributary.process.StoredEventsListener.all(hub,
            alerting.evaluator()));
    io.tributary.tail.TailService tails = new io.tributary.tail.TailService(hub, store, clock, System::nanoTime);
    if (enricher != null) {
      tails = tails.withPatternIds(enricher::equivalentPatternIds);
    }
    io.tributary.search.IndexFeed feed = search == null ? null
        : new io.tributary.search.IndexFeed(search, policy, t -> planOf(directory, s, t), clock);
    AggregateService aggregate = new AggregateService(store, clock, s.queryTimeout(), System::nanoTime);
    if (enricher != null) {
      aggregate = aggregate.withPatternIds(enricher::equivalentPatternIds, enricher::currentPatternId);
    }
    try {
      // In Azure with shared windows the AlertTick timer function ticks, on one instance at a time.
      alerting.start(changeFeed && alertWindows != null ? 0 : ALERT_TICK_SECONDS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot load the alert rules", e);
    }
    java.nio.file.Path runs = s.backend().equals("azure")
        ? java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "tributary-export-runs")
        : s.dataDir().resolve("exports").resolve("runs");
    io.tributary.export.ExportService exports = new io.tributary.export.ExportService(store, archive, clock,
        s.queryTimeout(), System::nanoTime, t -> hotDaysOf(directory, s, t), runs, MAX_EXPORTS);
    if (enricher != null) {
      exports = exports.withPatternIds(enricher::equivalentPatternIds);
    }
    List<AutoCloseable> all = new java.util.ArrayList<>(resources);
    all.add(0, alerting);
    all.add(exports); // closed first: its threads read the store and the archive
    FunctionApp app = new FunctionApp(s, tokens, ingest, query, aggregate, processor, log, quarantine, tenants,
        directory, rateLimiter, feed, tails, alerting, exports, all);
    app.lifecycle = io.tributary.functions.durable.DataLifecycle.of(store, archive, tenants,
        t -> retentionOf(directory, s, t), new io.tributary.retention.RetentionAudit(config, clock), clock,
        generations::changed);
    if (!s.backend().equals("azure")) {
      app.exportFiles = new io.tributary.export.DirectoryExportFiles(s.dataDir().resolve("exports").resolve("files"));
    }
    return app;
  }

  /** Exports one instance runs at once (each holds a thread and a few chunks). */
  private static final int MAX_EXPORTS = 4;

  /** A tenant's days in the hot store: its record's retention, else its plan's, else {@link io.tributary.tenancy.Plan#STANDARD}'s. */
  private static int hotDaysOf(TenantDirectory directory, Settings s, io.tributary.event.TenantId t) {
    try {
      return retentionOf(directory, s, t).hotDays();
    } catch (java.io.IOException e) {
      // The directory cannot say: the shortest window there can be reads the most of the archive, and loses nothing.
      return 1;
    }
  }

  /**
   * How many shards a tenant's data is spread over in the store ({@link io.tributary.limits.TenantLimits#shards}
   * of its limits); 1 when the directory cannot say (a shard only places data: any count is correct).
   */
  public int shardsOf(io.tributary.event.TenantId t) {
    try {
      TenantDirectory.Standing st = directory.standing(t);
      return st.limits() == null ? 1 : st.limits().shards();
    } catch (java.io.IOException e) {
      return 1;
    }
  }

  /**
   * A tenant's days in the hot store, for the store's items' TTL: its record's retention, else its
   * plan's; 0 when the directory cannot say, so that the store keeps its own (longer) TTL rather
   * than guess a short one.
   */
  public int storeHotDaysOf(io.tributary.event.TenantId t) {
    try {
      return retentionOf(directory, settings, t).hotDays();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /** A tenant's retention: its record's, else its plan's, else {@link io.tributary.tenancy.Plan#STANDARD}'s. */
  private static io.tributary.tenancy.Retention retentionOf(TenantDirectory directory, Settings s,
      io.tributary.event.TenantId t) throws java.io.IOException {
    TenantDirectory.Standing st = directory.standing(t);
    if (st.record() != null) {
      return st.record().effectiveRetention();
    }
    return s.tenancy().unregisteredPlan().orElse(io.tributary.tenancy.Plan.STANDARD).retention();
  }

  /** A tenant's plan: its record's, or the plan unregistered tenants get (null when they get none). */
  private static io.tributary.tenancy.Plan planOf(TenantDirectory directory, Settings s, io.tributary.event.TenantId t)
      throws java.io.IOException {
    TenantDirectory.Standing st = directory.standing(t);
    return st.record() != null ? st.record().plan() : s.tenancy().unregisteredPlan().orElse(null);
  }

  /** The process-wide app, built on first use from the environment. */
  public static FunctionApp shared() {
    FunctionApp a = shared;
    if (a == null) {
      synchronized (FunctionApp.class) {
        a = shared;
        if (a == null) {
          a = fromEnvironment(System.getenv());
          shared = a;
        }
      }
    }
    return a;
  }

  static FunctionApp fromEnvironment(Map<String, String> env) {
    Settings s = Settings.from(env);
    FunctionAppFactory serving = null;
    for (FunctionAppFactory f : ServiceLoader.load(FunctionAppFactory.class)) {
      if (f.backend().equals(s.backend())) {
        return f.create(s, env);
      }
      if (serving == null && f.serves(s.backend())) {
        serving = f;
      }
    }
    if (serving != null) {
      return serving.create(s, env);
    }
    throw new IllegalStateException("no adapters for " + Settings.BACKEND.name() + "=" + s.backend()
        + " on the class path");
  }

  /** What feeds the full-text index; empty when search is off (always, in the local runtime). */
  public java.util.Optional<io.tributary.search.IndexFeed> indexFeed() {
    return java.util.Optional.ofNullable(indexFeed);
  }

  /**
   * What opens live tails. In the deployed app a tail sees what this instance's Process function
   * stores (tails are per instance), so the Tail function runs where Process runs.
   */
  public java.util.Optional<io.tributary.tail.TailService> tails() {
    return java.util.Optional.ofNullable(tails);
  }

  /** Where export jobs write their files; empty where none is set up. */
  public java.util.Optional<io.tributary.export.ExportFiles> exportFiles() {
    return java.util.Optional.ofNullable(exportFiles);
  }

  /**
   * The activities of export jobs over this app's export service and files, for an engine; empty
   * when either is missing.
   */
  public java.util.Optional<Map<String, io.tributary.functions.durable.ActivityFunction>> exportActivities() {
    if (exports == null || exportFiles == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(io.tributary.functions.durable.ExportActivities.of(exports, exportFiles));
  }

  /** The data's lifecycle (archival runs); empty in compositions without it. */
  public java.util.Optional<io.tributary.functions.durable.DataLifecycle> lifecycle() {
    return java.util.Optional.ofNullable(lifecycle);
  }

  /** Every orchestrator this app runs, by name: export jobs (when they have files) and the data's lifecycle. */
  public Map<String, com.microsoft.durabletask.TaskOrchestration> orchestrators() {
    Map<String, com.microsoft.durabletask.TaskOrchestration> all = new java.util.HashMap<>();
    if (exportActivities().isPresent()) {
      all.put(io.tributary.functions.durable.ExportOrchestrator.NAME, new io.tributary.functions.durable.ExportOrchestrator());
    }
    if (lifecycle != null) {
      all.putAll(lifecycle.orchestrators());
    }
    return all;
  }

  /** Every activity of {@link #orchestrators()}, by name. */
  public Map<String, io.tributary.functions.durable.ActivityFunction> activities() {
    Map<String, io.tributary.functions.durable.ActivityFunction> all = new java.util.HashMap<>();
    exportActivities().ifPresent(all::putAll);
    if (lifecycle != null) {
      all.putAll(lifecycle.activities());
    }
    return all;
  }

  /**
   * Sets what runs orchestrations, once, at start (the local host's embedded engine); it is closed
   * first when the app closes, when it can be.
   */
  public void useOrchestrations(io.tributary.functions.durable.OrchestrationClient client) {
    if (orchestrations != null) {
      throw new IllegalStateException("the orchestration engine is set already");
    }
    orchestrations = client;
  }

  /**
   * Sets where export jobs keep their files, once, at start, where {@link #assemble} sets none (the
   * Azure app: the Blob export container); export jobs run from then on.
   */
  public void useExportFiles(io.tributary.export.ExportFiles files) {
    if (exportFiles != null) {
      throw new IllegalStateException("the export files are set already");
    }
    exportFiles = files;
  }

  /** What runs orchestrations; empty when no engine was set. */
  public java.util.Optional<io.tributary.functions.durable.OrchestrationClient> orchestrations() {
    return java.util.Optional.ofNullable(orchestrations);
  }

  /** What runs exports; empty in compositions without them. */
  public java.util.Optional<io.tributary.export.ExportService> exports() {
    return java.util.Optional.ofNullable(exports);
  }

  public Settings settings() {
    return settings;
  }

  public TokenVerifier tokens() {
    return tokens;
  }

  public IngestService ingest() {
    return ingest;
  }

  public QueryService query() {
    return query;
  }

  public AggregateService aggregate() {
    return aggregate;
  }

  /**
   * Reports the platform's metrics to {@code meter} (the local runtime's SDK, or in Azure the
   * global one the Application Insights agent provides): ingest outcomes as they happen, and the
   * processing, lag, alert-evaluation, alert-delivery and search-indexing counts when read. Call once.
   */
  public io.tributary.telemetry.PlatformMetrics instrument(io.opentelemetry.api.metrics.Meter meter) {
    io.tributary.telemetry.PlatformMetrics m = new io.tributary.telemetry.PlatformMetrics(meter);
    ingest.onResult(m::ingested);
    String group = settings.processGroup();
    m.observe(new io.tributary.telemetry.PlatformMetrics.Sources(processor::processedEvents,
        processor::quarantinedFrames, () -> {
          try {
            return eventLog.lags(group);
          } catch (java.io.IOException | RuntimeException e) {
            return null; // not readable now: no lag figure this time
          }
        }, alerting == null ? null : () -> {
          io.tributary.alert.delivery.AlertDispatcher.Stats st = alerting.deliveryStats();
          return st == null ? new long[3] : new long[] {st.delivered(), st.deadLettered(), st.unfinished()};
        }));
    if (alerting != null) {
      m.observeAlertEvaluation(alerting.evaluator()::evaluatedEvents);
    }
    if (indexFeed != null) {
      m.observeSearchIndexing(() -> {
        io.tributary.search.IndexFeed.Counts c = indexFeed.counts();
        return new long[] {c.indexed(), c.rejected(), c.skipped()};
      });
    }
    return m;
  }

  public BatchProcessor processor() {
    return processor;
  }

  public EventLog eventLog() {
    return eventLog;
  }

  /** Where processing keeps the frames it could not store. */
  public Quarantine quarantine() {
    return quarantine;
  }

  /** How often every alert rule's groups are decided again without events (absence, resolving). */
  public static final long ALERT_TICK_SECONDS = 5;

  /** The alert rules' evaluation and history; null in compositions without it. */
  public io.tributary.alert.Alerting alerting() {
    return alerting;
  }

  /** Tenants' alert rules: create, read, change, delete (event-sourced in the configuration store). */
  public io.tributary.alert.AlertService alerts() {
    return alerting == null ? null : alerting.rules();
  }

  /** Tenants' records: create, read, change (event-sourced in the configuration store). */
  public TenantService tenants() {
    return tenants;
  }

  /** Each tenant's standing (admitted or not) and limits, cached. */
  public TenantDirectory directory() {
    return directory;
  }

  /** The configuration store: tenants, and later alert rules; its events are the audit trail. */
  public ConfigStore config() {
    return tenants.store();
  }

  /** The per-tenant token buckets of ingest. */
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /**
   * Whether {@code caller}, whose token the function's {@link RouteAccess} entry accepts, may go
   * on into {@code function}: null when it may, else the problem to answer (403 for a suspended
   * or unregistered tenant). Asked before the body is read (by the local host) and again by the
   * function itself. Operators ({@code tenants.admin}) are not held back by their own tenant's
   * standing on the routes that need their role, so that they can always reinstate a tenant.
   */
  public Problem admit(String function, Principal caller) throws IOException {
    Access access = RouteAccess.of(function);
    if (access.kind() == Access.Kind.TRIGGER || access.kind() == Access.Kind.PUBLIC) {
      return null;
    }
    if (caller.has(Role.TENANTS_ADMIN) && (access.role() == Role.TENANTS_ADMIN || access.role() == null)) {
      return null;
    }
    return directory.standing(caller.tenant()).refusal();
  }

  /** The functions that take events in, whose rate limit is peeked before their body is read. */
  private static final java.util.Set<String> INGEST_FUNCTIONS = java.util.Set.of(IngestFunction.NAME,
      OtlpLogsFunction.NAME, ElasticBulkFunction.NAME, ElasticIndexBulkFunction.NAME, LokiPushFunction.NAME,
      SyslogFunction.NAME);

  /**
   * What a host asks once a request's token is verified and before it reads the body:
   * {@link #admit}, then for the ingest functions ({@link IngestFunction} and the compat routes)
   * whether the tenant's rate-limit buckets hold anything ({@link IngestService#peek}), so that a
   * tenant over its limit is answered 429 at once, its body unread. Null when the body may be read. May block on the tenant directory or
   * a shared limiter: not for an event loop.
   */
  public Problem admitBeforeBody(String function, Principal caller) throws IOException {
    Problem refused = admit(function, caller);
    if (refused != null || !INGEST_FUNCTIONS.contains(function)) {
      return refused;
    }
    return ingest.peek(caller.tenant(), directory.standing(caller.tenant()).limits());
  }

  /** Closes the adapters in reverse order of creation. */
  @Override
  public void close() throws Exception {
    Exception first = null;
    if (orchestrations instanceof AutoCloseable engine) {
      try {
        engine.close();
      } catch (Exception e) {
        first = e;
      }
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
