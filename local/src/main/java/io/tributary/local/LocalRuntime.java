package io.tributary.local;

import io.tributary.auth.TokenIssuer;
import io.tributary.auth.TokenVerifier;
import io.tributary.auth.TokenVerifiers;
import io.tributary.config.Settings;
import io.tributary.functions.FunctionApp;
import io.tributary.archive.ArchiveStore;
import io.tributary.eventlog.EventLog;
import io.tributary.functions.azure.AzureAdapters;
import io.tributary.functions.kafka.KafkaAdapters;
import io.tributary.local.archive.DirectoryArchiveStore;
import io.tributary.local.console.ConsoleRoutes;
import io.tributary.local.console.LocalSessions;
import io.tributary.functions.console.StaticAssets;
import io.tributary.idempotency.ClientIdLedger;
import io.tributary.local.idempotency.FileClientIdLedger;
import io.tributary.local.files.DurableFiles;
import io.tributary.local.host.BatchPacing;
import io.tributary.local.host.EventHubTriggerHost;
import io.tributary.local.host.FunctionCatalog;
import io.tributary.local.host.FunctionDefinition;
import io.tributary.local.host.HttpRouter;
import io.tributary.local.host.NettyHttpServer;
import io.tributary.local.journal.Journal;
import io.tributary.local.blocks.BlockStore;
import io.tributary.local.lucene.LuceneLogStore;
import io.tributary.local.quarantine.DirectoryQuarantine;
import io.tributary.quarantine.Quarantine;
import io.tributary.store.LogStore;
import io.tributary.parse.LogLineParser;
import io.tributary.pattern.MinerRegistry;
import io.tributary.process.Enricher;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Tributary whole on one machine: the local adapters of every port under one data folder, the
 * function classes of {@code functions/} served over HTTP from their own annotations, and the
 * processing function driven by the journal. {@link #close} stops it cleanly: no new requests,
 * in-flight ones answered, the batch in hand processed, files synced.
 */
public final class LocalRuntime implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalRuntime.class.getName());
  /** The Functions host's default route prefix (host.json extensions.http.routePrefix). */
  public static final String ROUTE_PREFIX = "api";
  static final int TRIGGER_BATCH_BYTES = 512 << 10;
  /**
   * Processing this many journal bytes behind, or more, makes block compaction wait ({@link
   * BlockStore#deferCompactionWhile}); {@code tributary.compaction.waitBehindBytes}, 0 for never (measurements).
   */
  static final long COMPACTION_WAITS_BEHIND_BYTES = Long.getLong("tributary.compaction.waitBehindBytes", 8L << 20);
  /** Which role of {@code TRIBUTARY_ROLES} runs which function; the others always run. */
  private static final Map<String, String> ROLE_OF = Map.ofEntries(Map.entry("Ingest", "ingest"),
      Map.entry("OtlpLogs", "ingest"), Map.entry("ElasticBulk", "ingest"), Map.entry("ElasticIndexBulk", "ingest"),
      Map.entry("ElasticInfo", "ingest"), Map.entry("LokiPush", "ingest"), Map.entry("Syslog", "ingest"),
      Map.entry("Process", "process"), Map.entry("Query", "query"), Map.entry("Aggregate", "query"),
      Map.entry("Tail", "process"));

  private final Settings settings;
  private final FileChannel lockChannel;
  private final FunctionApp app;
  private final ThreadPoolExecutor executor;
  private final NettyHttpServer server;
  private final EventHubTriggerHost triggers;
  private final TokenIssuer issuer;
  private final io.opentelemetry.sdk.metrics.SdkMeterProvider meters;
  private final io.tributary.local.telemetry.PrometheusExposition metrics;
  /** The traces' SDK when {@code TRIBUTARY_TRACES=log}, else null; shut down (its last spans logged) at close. */
  private io.opentelemetry.sdk.OpenTelemetrySdk traces;
  /** The syslog listeners, when settings turn them on; null otherwise. */
  private volatile io.tributary.local.syslog.SyslogListeners syslog;
  /** What the start-up warm-ups did; null in the HTTP warm-up's own instance. */
  private ProcessingWarmup.Report warmup;
  private HttpWarmup.Report httpWarmup;
  /** Where info lines go: the log, or nowhere in the HTTP warm-up's own instance ({@link HttpWarmup}). */
  private java.util.function.Consumer<String> info;
  /** Processing's pacing behind saturated ingest; null when off or not applicable. */
  private IngestFirst ingestFirst;
  /** The daily archival timer; null when the app has no archival orchestration. */
  private io.tributary.local.durable.ArchivalSchedule archival;
  /** When the archival timer first looks after start ({@code tributary.archival.firstLookSeconds}). */
  static final java.time.Duration ARCHIVAL_FIRST_LOOK = java.time.Duration.ofSeconds(
      Long.getLong("tributary.archival.firstLookSeconds", 600));

  private LocalRuntime(Settings settings, FileChannel lockChannel, FunctionApp app, ThreadPoolExecutor executor,
      NettyHttpServer server, EventHubTriggerHost triggers, TokenIssuer issuer,
      io.opentelemetry.sdk.metrics.SdkMeterProvider meters, io.tributary.local.telemetry.PrometheusExposition metrics) {
    this.settings = settings;
    this.meters = meters;
    this.metrics = metrics;
    this.lockChannel = lockChannel;
    this.app = app;
    this.executor = executor;
    this.server = server;
    this.triggers = triggers;
    this.issuer = issuer;
  }

  /**
   * Builds the adapters and services of {@code settings} (no HTTP, no triggers): per port the one
   * {@code TRIBUTARY_EVENTLOG}, {@code TRIBUTARY_STORE} and {@code TRIBUTARY_ARCHIVE} name (by
   * default the backend's), so local and remote adapters mix, e.g. a Kafka event log with the
   * Lucene store. Only this module sees both kinds.
   */
  static FunctionApp buildApp(Settings s, byte[] jwtKey, byte[] cursorKey) throws IOException {
    Path data = s.dataDir();
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      AzureAdapters azure = new AzureAdapters(s);
      EventLog log = switch (s.eventLog()) {
        case "kafka" -> KafkaAdapters.eventLog(s);
        case "eventhubs" -> azure.eventHubs();
        default -> new Journal(data.resolve("journal"), s.partitions(), s.journalSegmentBytes());
      };
      resources.add(log);
      LogStore store = switch (s.store()) {
        case "cosmos" -> azure.cosmos();
        case "lucene" -> new LuceneLogStore(data.resolve("index"));
        default -> new BlockStore(data.resolve("store"));
      };
      resources.addAll(0, azure.resources());
      resources.add(store);
      if (store instanceof BlockStore blocks && log instanceof Journal && s.runs("process")
          && COMPACTION_WAITS_BEHIND_BYTES > 0) {
        // Merging small blocks waits (bounded) while processing is behind: the backlog first (issue 19).
        String group = s.processGroup();
        blocks.deferCompactionWhile(() -> behind(log, group) >= COMPACTION_WAITS_BEHIND_BYTES);
      }
      ArchiveStore archive = s.archive().equals("blob") ? azure.blob()
          : new DirectoryArchiveStore(data.resolve("archive"));
      resources.add(archive);
      Quarantine quarantine = s.archive().equals("blob") ? azure.quarantine()
          : new DirectoryQuarantine(data.resolve("quarantine"));
      resources.add(quarantine);
      if (archive instanceof DirectoryArchiveStore local) {
        ArchiveMaintenance maintenance = new ArchiveMaintenance(local, Clock.systemUTC());
        maintenance.start();
        resources.add(maintenance);
      }
      ClientIdLedger ids = s.store().equals("cosmos") ? azure.cosmosIdLedger(s.idempotency())
          : new FileClientIdLedger(data.resolve("ids"), Clock.systemUTC(), s.idempotency().window(),
              s.idempotency().maxIds());
      resources.add(ids);
      // The generated local key always, and the identity provider's keys too when one is set.
      TokenVerifier tokens = TokenVerifiers.from(s, jwtKey);
      MinerRegistry patterns = new MinerRegistry();
      Path patternDir = data.resolve("patterns");
      PatternFiles.load(patternDir, patterns);
      resources.add(() -> PatternFiles.save(patternDir, patterns));
      io.tributary.configstore.ConfigStore config = s.store().equals("cosmos") ? azure.cosmosConfig()
          : new io.tributary.local.configstore.FileConfigStore(data.resolve("config"));
      resources.add(config);
      io.tributary.limits.RateLimiter limiter = azure.rateLimiter(s.tenancy());
      resources.add(limiter);
      io.tributary.querycache.QueryCache cache = switch (s.queryCache().kind()) {
        case "memory" -> new io.tributary.local.querycache.CaffeineQueryCache(s.queryCache().maxBytes());
        case "redis" -> azure.queryCache(s);
        default -> io.tributary.querycache.QueryCache.NONE;
      };
      resources.add(cache);
      io.tributary.alert.delivery.DeliveryLog deliveries = s.archive().equals("blob") ? azure.deliveryLog()
          : new io.tributary.local.alert.FileDeliveryLog(data.resolve("alerts").resolve("deliveries"));
      resources.add(deliveries);
      io.tributary.alert.AlertWindowStore windows = azure.alertWindows(s);
      if (windows != null) {
        resources.add(windows);
      }
      return FunctionApp.assemble(s, tokens, log, store, archive, ids, quarantine, cursorKey,
          ResourceGate.of(log, s, data, resources),
          new Enricher(new LogLineParser(), patterns), config, limiter, null, null, cache, deliveries, windows,
          resources);
    } catch (IOException | RuntimeException e) {
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /**
   * Whether the local host runs {@code f}: it serves HTTP triggers and drives Event Hubs triggers
   * from the event log; any other trigger (the Cosmos DB change feed of Index) is left to Azure.
   */
  static boolean drivenLocally(FunctionDefinition f) {
    for (java.lang.reflect.Parameter p : f.method().getParameters()) {
      if (p.isAnnotationPresent(com.microsoft.azure.functions.annotation.HttpTrigger.class)
          || p.isAnnotationPresent(com.microsoft.azure.functions.annotation.EventHubTrigger.class)) {
        return true;
      }
    }
    return false;
  }

  /** The enrichment every processed event goes through (with fresh pattern miners). */
  public static Enricher newEnricher() {
    return new Enricher();
  }

  /** Starts everything; the port in {@code settings} may be 0 for any free port. */
  public static LocalRuntime start(Settings s) throws IOException, InterruptedException {
    return start(s, false);
  }

  /**
   * Starts everything; {@code throwaway} for the HTTP warm-up's own instance ({@link HttpWarmup}),
   * which warms nothing itself and logs only warnings.
   */
  static LocalRuntime start(Settings s, boolean throwaway) throws IOException, InterruptedException {
    java.util.function.Consumer<String> info = throwaway ? m -> { } : LOG::info;
    // The data folder holds keys and every tenant's events: owner-only, also when an earlier version made it.
    DurableFiles.createDirectories(s.dataDir());
    DurableFiles.restrictToOwner(s.dataDir());
    FileChannel lockChannel = DurableFiles.openOwnerOnly(s.dataDir().resolve("LOCK"));
    FileLock lock = lockChannel.tryLock();
    if (lock == null) {
      lockChannel.close();
      throw new IllegalStateException("another Tributary runtime is using " + s.dataDir().toAbsolutePath()
          + "; stop it or pass --data with another folder");
    }
    // Keys half-written by a crash; the command line may be creating one right now, so only old ones.
    DurableFiles.removeTemporaries(s.dataDir().resolve("keys"), java.time.Duration.ofMinutes(1));
    byte[] jwtKey = Keys.load(s.jwtSecret(), s.dataDir(), Keys.JWT);
    // Before anything is served: the first requests then meet a compiled HTTP ingest path and processing path
    // (issue 19, the cold start). The two warm-ups run side by side, for the same time.
    ProcessingWarmup.Report warmup = null;
    HttpWarmup.Report httpWarmup = null;
    if (!throwaway) {
      String noHttp = HttpWarmup.notApplicable(s);
      HttpWarmup.Running http = noHttp == null ? HttpWarmup.start(s) : null;
      warmup = warmUp(s);
      httpWarmup = http == null ? HttpWarmup.Report.skipped(noHttp) : http.await();
      LOG.info(httpWarmup.describe());
    }
    FunctionApp app = buildApp(s, jwtKey, Keys.load(s.cursorSecret(), s.dataDir(), Keys.CURSOR));
    io.tributary.local.durable.ArchivalSchedule archival = null;
    if (!app.orchestrators().isEmpty()) {
      // Export jobs and archival runs run on the embedded engine; those a stop or a crash left running resume now.
      io.tributary.local.durable.LocalOrchestrationEngine engine = new io.tributary.local.durable.LocalOrchestrationEngine(
          s.dataDir().resolve("orchestrations"), app.orchestrators(), app.activities(), Clock.systemUTC(), 2);
      app.useOrchestrations(engine);
      if (app.orchestrators().containsKey(io.tributary.functions.durable.ArchivalOrchestrator.NAME)) {
        // Once a day (docs/retention.md): the first look a while after start, then hourly; a day runs once.
        archival = new io.tributary.local.durable.ArchivalSchedule(engine, Clock.systemUTC());
        archival.start(ARCHIVAL_FIRST_LOOK, java.time.Duration.ofHours(1));
      }
    }
    // The platform's traces, logged span by span when asked for (TRIBUTARY_TRACES=log).
    io.opentelemetry.sdk.OpenTelemetrySdk traces = null;
    if (s.traces().equals("log")) {
      traces = io.opentelemetry.sdk.OpenTelemetrySdk.builder().setTracerProvider(
          io.opentelemetry.sdk.trace.SdkTracerProvider.builder().addSpanProcessor(
              io.opentelemetry.sdk.trace.export.BatchSpanProcessor.builder(
                  new io.tributary.local.telemetry.LogSpanExporter())
                  .setScheduleDelay(java.time.Duration.ofSeconds(1)).build()).build()).build();
      io.tributary.telemetry.Tracing.install(traces);
    }
    // The platform's metrics, read when scraped (GET /metrics).
    io.tributary.local.telemetry.PrometheusExposition metrics = new io.tributary.local.telemetry.PrometheusExposition();
    io.opentelemetry.sdk.metrics.SdkMeterProvider meters = io.opentelemetry.sdk.metrics.SdkMeterProvider.builder()
        .registerMetricReader(metrics).build();
    io.tributary.telemetry.PlatformMetrics platformMetrics = app.instrument(
        meters.get(io.tributary.telemetry.PlatformMetrics.SCOPE));
    List<FunctionDefinition> functions = FunctionCatalog.scan(FunctionApp.class).stream()
        .filter(f -> s.runs(ROLE_OF.getOrDefault(f.name(), "any"))).toList();
    Map<Class<?>, Object> instances = new HashMap<>();
    java.util.function.Function<Class<?>, Object> instance = c -> instances.computeIfAbsent(c, k -> {
      try {
        return k.getConstructor(FunctionApp.class).newInstance(app);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("function class " + k.getName() + " needs a constructor taking FunctionApp", e);
      }
    });
    TokenIssuer issuer = new TokenIssuer(jwtKey, s.jwtIssuer(), s.jwtAudience(), s.tenantClaim(), s.rolesClaim());
    // The metrics, the web console's files and its local-session route: the local host's own, not functions.
    HttpRouter router = new HttpRouter(ROUTE_PREFIX, functions, instance, io.tributary.local.host.HostRoutes.inOrder(
        new io.tributary.local.telemetry.MetricsRoute(metrics), new ConsoleRoutes(
            new StaticAssets(LocalRuntime.class.getClassLoader()),
            new LocalSessions(issuer, s.jwtMaxLifetime(), Clock.systemUTC()))));
    router.observe(platformMetrics::request);
    Map<String, String> appSettings = new HashMap<>();
    appSettings.put(Settings.PROCESS_GROUP.name(), s.processGroup());
    appSettings.put(Settings.EVENTHUB_NAME.name(), s.azure().eventHubName());
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(s.workerThreads(), s.workerThreads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(s.workerThreads() * 64), r -> {
          Thread t = new Thread(r, "function-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    IngestFirst ingestFirst = ingestFirst(s, app.eventLog(), router.countInFlight(ROLE_OF.entrySet().stream()
        .filter(e -> e.getValue().equals("ingest")).map(Map.Entry::getKey).collect(Collectors.toSet())));
    EventHubTriggerHost triggers = new EventHubTriggerHost(app.eventLog(), functions, instance,
        v -> resolve(v, appSettings), TRIGGER_BATCH_BYTES, ingestFirst == null ? BatchPacing.NONE : ingestFirst);
    NettyHttpServer server = new NettyHttpServer(s.httpHost(), s.httpPort(), s.limits().maxBodyBytes(), s.http(),
        router, app.tokens(), app::admitBeforeBody, executor);
    triggers.start();
    for (FunctionDefinition f : functions) {
      if (!drivenLocally(f)) {
        // The Cosmos DB change-feed functions (Index, AlertEvaluate): the local store has no change feed; it answers
        // full text itself, and processing tells the alert evaluator. AlertTick: the alerting's own timer thread.
        // The durable orchestrator and activity functions: the embedded engine runs the same classes.
        info.accept("function " + f.name() + " has a trigger the local host does not drive; it runs in Azure only");
      }
    }
    if (!s.runs("process")) {
      info.accept("processing is off (" + Settings.ROLES.name() + "): the journal keeps what ingest accepts");
    }
    LocalRuntime rt = new LocalRuntime(s, lockChannel, app, executor, server, triggers, issuer, meters, metrics);
    rt.traces = traces;
    if (s.syslog().any() && s.runs("ingest")) {
      rt.syslog = io.tributary.local.syslog.SyslogListeners.start(s.syslog(), s.httpHost(), app.ingest(),
          app.directory());
    }
    rt.archival = archival;
    rt.warmup = warmup;
    rt.httpWarmup = httpWarmup;
    rt.ingestFirst = ingestFirst;
    rt.info = info;
    for (String route : router.describe()) {
      info.accept("route " + route);
    }
    info.accept("console at http://" + s.httpHost() + ":" + server.port() + "/");
    info.accept("Tributary listening on " + rt.baseUri() + " with data in " + s.dataDir().toAbsolutePath());
    return rt;
  }

  /**
   * Warms the processing path ({@link ProcessingWarmup}) for {@code TRIBUTARY_WARMUP_SECONDS}, when
   * this instance processes into the block store (what the warm-up exercises). The port is not
   * open yet: a client's first request waits for the warm-up rather than a 202 whose event then
   * waits behind a cold processing path while the warm-up and the JIT take the cores. A warm-up
   * that fails is logged and start-up goes on: it only saves time.
   */
  static ProcessingWarmup.Report warmUp(Settings s) {
    ProcessingWarmup.Report r;
    if (!s.runs("process")) {
      r = ProcessingWarmup.Report.skipped("processing is off (" + Settings.ROLES.name() + ")");
    } else if (!s.store().equals("blocks")) {
      r = ProcessingWarmup.Report.skipped("the store is " + s.store() + ", not the block store the warm-up uses");
    } else {
      try {
        r = ProcessingWarmup.run(s.warmup(), Path.of(System.getProperty("java.io.tmpdir")), s.limits(),
            s.processing());
      } catch (IOException | RuntimeException e) {
        LOG.log(java.util.logging.Level.WARNING, "the warm-up failed; starting without it", e);
        return ProcessingWarmup.Report.skipped("failed: " + e);
      }
    }
    LOG.info(r.ran() ? "warmed the processing path: " + r.events() + " events processed and " + r.queries()
        + " queries answered in a throwaway folder in " + r.millis() + " ms"
        : "no warm-up of the processing path: " + r.skipped());
    return r;
  }

  /**
   * Ingest first under saturation ({@link IngestFirst}), when this instance both ingests and
   * processes from the journal and {@code TRIBUTARY_INGEST_FIRST_PAUSE_MS} is not 0; else null. The
   * saturation signal is {@code ingestInFlight}: the ingest routes' requests on a worker now. Other
   * requests (queries, aggregations, exports) do not count, so many slow queries at once never hold
   * processing back; live tails and streamed exports hold no worker anyway.
   */
  static IngestFirst ingestFirst(Settings s, EventLog log, java.util.function.IntSupplier ingestInFlight) {
    if (!s.ingestFirst().on() || !s.runs("ingest") || !s.runs("process") || !(log instanceof Journal)) {
      return null;
    }
    String group = s.processGroup();
    return new IngestFirst(s.ingestFirst(), Runtime.getRuntime().availableProcessors(),
        ingestInFlight, p -> {
          try {
            return log.lag(group, p);
          } catch (IOException e) {
            // Unknown: do not wait, process.
            return Long.MAX_VALUE;
          }
        }, IngestFirst.Sleeper.REAL);
  }

  /** How far {@code group} is behind on {@code log}, all partitions together; 0 when it cannot be read. */
  static long behind(EventLog log, String group) {
    try {
      long sum = 0;
      for (long lag : log.lags(group)) {
        sum += lag;
      }
      return sum;
    } catch (IOException e) {
      return 0;
    }
  }

  /** What ingest first under saturation did ({@link IngestFirst}), when it is on. */
  public java.util.Optional<String> ingestFirstSummary() {
    return java.util.Optional.ofNullable(ingestFirst).map(IngestFirst::summary);
  }

  /** What the start-up warm-up of the processing path did ({@link #warmUp}). */
  public ProcessingWarmup.Report warmup() {
    return warmup;
  }

  /** What the start-up warm-up of the HTTP ingest path did ({@link HttpWarmup}). */
  HttpWarmup.Report httpWarmup() {
    return httpWarmup;
  }

  /** Resolves {@code %NAME%} as the Functions host does for binding expressions. */
  static String resolve(String value, Map<String, String> settings) {
    if (value.length() > 2 && value.startsWith("%") && value.endsWith("%")) {
      String key = value.substring(1, value.length() - 1);
      String v = settings.get(key);
      if (v == null) {
        v = System.getenv(key);
      }
      if (v == null) {
        throw new IllegalStateException("binding expression " + value + " names a setting that is not set");
      }
      return v;
    }
    return value;
  }

  public URI baseUri() {
    return URI.create("http://" + settings.httpHost() + ":" + server.port() + "/" + ROUTE_PREFIX + "/");
  }

  public int port() {
    return server.port();
  }

  public FunctionApp app() {
    return app;
  }

  public TokenIssuer tokenIssuer() {
    return issuer;
  }

  /** The platform's metrics as they are now, in the Prometheus text format ({@code GET /metrics}). */
  public String metrics() {
    return metrics.scrape();
  }

  /** The syslog listeners, when settings turn them on. */
  public java.util.Optional<io.tributary.local.syslog.SyslogListeners> syslog() {
    return java.util.Optional.ofNullable(syslog);
  }

  /** The daily archival timer, to start today's run at once (tests, the on-demand route); empty without archival. */
  public java.util.Optional<io.tributary.local.durable.ArchivalSchedule> archival() {
    return java.util.Optional.ofNullable(archival);
  }

  /** The HTTP server, for its connection and byte counts. */
  public NettyHttpServer httpServer() {
    return server;
  }

  @Override
  public void close() throws Exception {
    info.accept("stopping: no new requests; finishing those in flight");
    server.stopAccepting();
    if (syslog != null) {
      // What the listeners read is ingested before they stop.
      syslog.close();
    }
    // Live tails end with event: dropped (shutting_down) rather than hold their connections open.
    app.tails().ifPresent(t -> t.hub().shutdown());
    executor.shutdown();
    executor.awaitTermination(30, TimeUnit.SECONDS);
    server.close();
    triggers.close();

    if (archival != null) {
      archival.close();
    }
    app.close();
    meters.close();
    if (traces != null) {
      io.tributary.telemetry.Tracing.install(null);
      traces.close();
    }
    lockChannel.close();
    info.accept("stopped cleanly");
  }
}
