package io.tributary.local;

import io.tributary.auth.Role;
import io.tributary.auth.TokenIssuer;
import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import io.tributary.local.archive.DirectoryArchiveStore;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * What the {@code ./tributary} commands do; {@link TributaryCli} reads their flags (picocli):
 * <pre>
 * tributary up [--data DIR] [--port N]
 * tributary token --tenant T [--roles r1,r2] [--ttl 1h] [--data DIR]
 * tributary parse [FILE…]
 * tributary ingest FILE… [--tenant T] [--service S]      (token from TRIBUTARY_TOKEN or --token-file)
 * tributary archive cat SEGMENT… | --tenant T [--data DIR]
 * tributary archive compact [--data DIR]
 * tributary quarantine list [--data DIR]
 * tributary quarantine replay [--data DIR] ID…|--all
 * </pre>
 * Settings come from {@code local.settings.json} in the working folder and the environment;
 * flags win over both.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    // Parsing, --help and the refusal of unknown flags: TributaryCli (picocli).
    int code = TributaryCli.commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  static Settings settings(Map<String, String> flags) {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (flags.containsKey("data")) {
      env.put(Settings.DATA_DIR.name(), flags.get("data"));
    }
    if (flags.containsKey("port")) {
      env.put(Settings.HTTP_PORT.name(), flags.get("port"));
    }
    return Settings.load(Path.of("local.settings.json"), env);
  }

  static void up(Map<String, String> flags) throws Exception {
    useJsonLogs();
    Settings s = settings(flags);
    LocalRuntime rt = LocalRuntime.start(s);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        rt.close();
        // The JDK's own shutdown hook may already have closed the log handlers: print directly.
        rt.ingestFirstSummary().ifPresent(summary -> System.out.println("{\"time\":\"" + Instant.now()
            + "\",\"level\":\"INFO\",\"message\":\"ingest first: " + summary + "\"}"));
        System.out.println("{\"time\":\"" + Instant.now() + "\",\"level\":\"INFO\",\"message\":\"stopped cleanly\"}");
      } catch (Exception e) {
        System.err.println("stop failed: " + e);
        e.printStackTrace();
      } finally {
        stopped.countDown();
      }
    }, "shutdown"));
    stopped.await();
  }

  /** The roles of a token when {@code --roles} is not given: ingest and query, nothing more. */
  static final Set<Role> DEFAULT_ROLES = EnumSet.of(Role.LOGS_WRITE, Role.LOGS_READ);
  /** Where {@code tributary ingest} takes its token from (never the command line, which {@code ps} shows). */
  static final String TOKEN_ENV = "TRIBUTARY_TOKEN";

  /**
   * Prints a token on {@code out}; on {@code err}, which key signed it, and a warning when that key
   * was created just now. Returns the exit code.
   */
  static int token(Map<String, String> flags, Settings s, Instant now, PrintStream out, PrintStream err)
      throws java.io.IOException {
    String tenant = flags.get("tenant");
    if (tenant == null || !TenantId.isValid(tenant)) {
      err.println("--tenant is required: 1-63 characters of a-z, 0-9, '-' or '_'");
      return 2;
    }
    Set<Role> roles = DEFAULT_ROLES;
    if (flags.containsKey("roles")) {
      roles = EnumSet.noneOf(Role.class);
      for (String r : flags.get("roles").split(",")) {
        Role role = Role.ofClaim(r.trim()).orElse(null);
        if (role == null) {
          err.println("unknown role '" + r + "'; roles: logs.write, logs.read, logs.export, alerts.manage, tenants.admin");
          return 2;
        }
        roles.add(role);
      }
    }
    Duration ttl = duration(flags.getOrDefault("ttl", "1h"));
    if (ttl.compareTo(s.jwtMaxLifetime()) > 0) {
      err.println("--ttl " + flags.get("ttl") + " is longer than tokens may live (" + s.jwtMaxLifetime().toSeconds()
          + " s, " + Settings.JWT_MAX_LIFETIME.name() + "): the runtime would refuse it");
      return 2;
    }
    Keys.Key key = signingKey(s, err);
    TokenIssuer issuer = new TokenIssuer(key.bytes(), s.jwtIssuer(), s.jwtAudience(), s.tenantClaim(), s.rolesClaim());
    out.println(issuer.issue(TenantId.of(tenant), roles, now, ttl));
    return 0;
  }

  /** The key tokens are signed with; says on {@code err} which it is, and warns when it was just created. */
  private static Keys.Key signingKey(Settings s, PrintStream err) throws java.io.IOException {
    Keys.Key key = Keys.resolve(s.jwtSecret(), Settings.JWT_SECRET.name(), s.dataDir(), Keys.JWT);
    err.println("signed with the key " + (key.source().startsWith("setting ") ? "of " : "in ") + key.source());
    if (key.created()) {
      err.println("warning: that key did not exist and was created just now. A runtime verifies tokens with the key"
          + " of its own data folder (" + s.dataDir() + " here) or of " + Settings.JWT_SECRET.name()
          + ": one started with another data folder will refuse this token.");
    }
    return key;
  }

  static void parse(String[] args) throws Exception {
    List<String> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      files.add(args[i]);
    }
    Class.forName("io.tributary.parse.ParseCommand").getMethod("main", String[].class)
        .invoke(null, (Object) files.toArray(new String[0]));
  }

  static int ingest(String[] args, Map<String, String> flags) throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        if (!args[i].contains("=")) {
          i++;
        }
        continue;
      }
      files.add(Path.of(args[i]));
    }
    if (files.isEmpty()) {
      System.err.println("ingest needs at least one file");
      return 2;
    }
    Settings s = settings(flags);
    String tenant = flags.getOrDefault("tenant", "default");
    if (!TenantId.isValid(tenant)) {
      System.err.println("--tenant must be 1-63 characters of a-z, 0-9, '-' or '_'");
      return 2;
    }
    String token = ingestToken(flags, System.getenv(), s, tenant, Instant.now(), System.err);
    if (token == null) {
      return 2;
    }
    String base = flags.getOrDefault("url", "http://" + s.httpHost() + ":" + s.httpPort());
    String service = flags.getOrDefault("service", files.get(0).getFileName().toString().replaceAll("[._].*$", ""));
    URI endpoint = URI.create(base + "/api/logs/ingest?service="
        + java.net.URLEncoder.encode(service, java.nio.charset.StandardCharsets.UTF_8));
    new Shipper(endpoint, token, Integer.parseInt(flags.getOrDefault("batch", "5000")), System.err).ship(files);
    return 0;
  }

  /**
   * The token {@code tributary ingest} sends: {@value #TOKEN_ENV}, else the file {@code --token-file}
   * names, else one minted from the local key (logs.write only). A token on the command line is
   * refused: every user of the machine sees it in {@code ps}. Null (with a message) when unusable.
   */
  static String ingestToken(Map<String, String> flags, Map<String, String> env, Settings s, String tenant,
      Instant now, PrintStream err) throws java.io.IOException {
    return commandToken(flags, env, s, tenant, now, err, EnumSet.of(Role.LOGS_WRITE));
  }

  /** As {@link #ingestToken}, a minted token carrying {@code roles}. */
  static String commandToken(Map<String, String> flags, Map<String, String> env, Settings s, String tenant,
      Instant now, PrintStream err, Set<Role> roles) throws java.io.IOException {
    if (flags.containsKey("token")) {
      err.println("--token is not taken: a token on the command line is visible to every user (ps); put it in "
          + TOKEN_ENV + " or in a file named by --token-file");
      return null;
    }
    String fromEnv = env.get(TOKEN_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    if (flags.containsKey("token-file")) {
      String t = java.nio.file.Files.readString(Path.of(flags.get("token-file")), java.nio.charset.StandardCharsets.UTF_8)
          .trim();
      if (t.isEmpty()) {
        err.println("--token-file " + flags.get("token-file") + " is empty");
        return null;
      }
      return t;
    }
    Duration ttl = Duration.ofHours(12).compareTo(s.jwtMaxLifetime()) < 0 ? Duration.ofHours(12) : s.jwtMaxLifetime();
    Keys.Key key = signingKey(s, err);
    return new TokenIssuer(key.bytes(), s.jwtIssuer(), s.jwtAudience(), s.tenantClaim(), s.rolesClaim())
        .issue(TenantId.of(tenant), roles, now, ttl);
  }

  static int archive(String[] args) throws Exception {
    if (args.length >= 2 && args[1].equals("compact")) {
      Settings s = settings(flags(args, 2));
      try (java.nio.channels.FileChannel lock = io.tributary.local.files.DurableFiles.openOwnerOnly(
              s.dataDir().resolve("LOCK"));
          java.nio.channels.FileLock held = lock.tryLock();
          DirectoryArchiveStore a = new DirectoryArchiveStore(s.dataDir().resolve("archive"))) {
        if (held == null) {
          System.err.println("a runtime is using " + s.dataDir() + "; it compacts its archive itself: stop it first");
          return 1;
        }
        long n = new ArchiveMaintenance(a, java.time.Clock.systemUTC()).compactAll();
        System.err.println("merged the segments of " + n + " events");
      }
      return 0;
    }
    if (args.length < 3 || !args[1].equals("cat")) {
      System.err.println("usage: tributary archive cat SEGMENT... | tributary archive cat --tenant T [--data DIR]"
          + " | tributary archive compact [--data DIR]");
      return 2;
    }
    Map<String, String> flags = flags(args, 2);
    java.io.OutputStream out = new java.io.BufferedOutputStream(System.out, 1 << 16);
    io.tributary.archive.ArchiveReader.Stats stats;
    try (com.fasterxml.jackson.core.JsonGenerator g = io.tributary.json.Json.factory().createGenerator(out)) {
      g.setRootValueSeparator(null);
      io.tributary.archive.ArchiveReader.EventSink print = e -> {
        io.tributary.event.EventJson.write(e, g);
        g.writeRaw('\n');
      };
      if (flags.containsKey("tenant")) {
        String t = flags.get("tenant");
        if (!TenantId.isValid(t)) {
          System.err.println("--tenant must be 1-63 characters of a-z, 0-9, '-' or '_'");
          return 2;
        }
        Settings s = settings(flags);
        try (DirectoryArchiveStore a = new DirectoryArchiveStore(s.dataDir().resolve("archive"))) {
          stats = new io.tributary.archive.ArchiveReader(a).read(TenantId.of(t), 0, Long.MAX_VALUE / 4, print);
        }
      } else {
        List<io.tributary.archive.ArchiveReader.Segment> segments = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
          if (args[i].startsWith("--")) {
            i += args[i].contains("=") ? 0 : 1;
            continue;
          }
          segments.add(segmentAt(Path.of(args[i])));
        }
        stats = io.tributary.archive.ArchiveReader.read(segments, print);
      }
    }
    out.flush();
    System.err.println(stats.events() + " events from " + stats.segments() + " segments ("
        + stats.hidden() + " segments hidden behind the merged segments that cover them, "
        + stats.repeats() + " repeated deliveries left out)");
    return 0;
  }

  /**
   * A segment file named on the command line: its tenant is the folder four levels above it
   * ({@code tenant/yyyy/MM/dd/HH/segment}), its key the last six parts of its path when they form
   * a segment name (then covering and covered segments among those named are recognised).
   */
  static io.tributary.archive.ArchiveReader.Segment segmentAt(Path file) {
    Path abs = file.toAbsolutePath();
    io.tributary.archive.SegmentKey key = null;
    if (abs.getNameCount() >= 6) {
      key = io.tributary.archive.SegmentKey.parse(
          abs.subpath(abs.getNameCount() - 6, abs.getNameCount()).toString().replace('\\', '/'));
    }
    Path tenantDir = abs.getParent();
    for (int up = 0; up < 4 && tenantDir != null; up++) {
      tenantDir = tenantDir.getParent();
    }
    String t = tenantDir == null || tenantDir.getFileName() == null ? "archive" : tenantDir.getFileName().toString();
    TenantId tenant = key != null ? key.tenant() : TenantId.isValid(t) ? TenantId.of(t) : TenantId.of("archive");
    return new io.tributary.archive.ArchiveReader.Segment(tenant, key, () -> {
      try {
        return java.util.Optional.of(java.nio.file.Files.readAllBytes(abs));
      } catch (java.nio.file.NoSuchFileException e) {
        return java.util.Optional.empty();
      }
    });
  }

  static Duration duration(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    long n = Long.parseLong(t.replaceAll("[a-z]+$", ""));
    String unit = t.replaceAll("^[0-9]+", "");
    switch (unit) {
      case "s": return Duration.ofSeconds(n);
      case "m": return Duration.ofMinutes(n);
      case "h": case "": return Duration.ofHours(n);
      case "d": return Duration.ofDays(n);
      default: throw new IllegalArgumentException("--ttl must look like 30m, 1h or 7d");
    }
  }

  /** {@code --key value} and {@code --key=value} pairs from {@code args[from…]}. */
  static Map<String, String> flags(String[] args, int from) {
    Map<String, String> out = new HashMap<>();
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        continue;
      }
      String k = a.substring(2);
      int eq = k.indexOf('=');
      if (eq >= 0) {
        out.put(k.substring(0, eq), k.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        out.put(k, args[++i]);
      } else {
        out.put(k, "true");
      }
    }
    return out;
  }

  static void useJsonLogs() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler h = new ConsoleHandler() {
      {
        setOutputStream(System.out);
      }
    };
    h.setFormatter(new JsonLogFormatter());
    h.setLevel(Level.INFO);
    root.addHandler(h);
    root.setLevel(Level.INFO);
  }
}
