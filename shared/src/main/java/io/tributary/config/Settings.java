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
 * @param jwtSecret base64 HS256 key, or null to let the local runtime generate and keep one
 * @param cursorSecret base64 key for query cursors, or null to generate one
 */
public record Settings(
    String backend,
    Path dataDir,
    String httpHost,
    int httpPort,
    String jwtSecret,
    String jwtIssuer,
    String jwtAudience,
    String tenantClaim,
    String cursorSecret,
    int partitions,
    long journalSegmentBytes,
    int workerThreads,
    String processGroup,
    IngestLimits limits,
    java.util.Set<String> roles,
    long maxLagBytes,
    long minFreeDiskBytes,
    String store) {

  public static final Setting BACKEND = new Setting("TRIBUTARY_BACKEND", "local",
      "which adapters to run: local (journal, Lucene, directory archive)");
  public static final Setting DATA_DIR = new Setting("TRIBUTARY_DATA_DIR", "./data",
      "where the local runtime keeps the journal, the index, the archive and its keys");
  public static final Setting HTTP_HOST = new Setting("TRIBUTARY_HTTP_HOST", "127.0.0.1",
      "address the local runtime listens on");
  public static final Setting HTTP_PORT = new Setting("TRIBUTARY_HTTP_PORT", "7071",
      "port the local runtime listens on (the Functions host's default)");
  public static final Setting JWT_SECRET = new Setting("TRIBUTARY_JWT_SECRET", null,
      "base64 HS256 key that signs and verifies tokens; generated under the data dir when unset");
  public static final Setting JWT_ISSUER = new Setting("TRIBUTARY_JWT_ISSUER", "tributary-local",
      "required 'iss' of tokens");
  public static final Setting JWT_AUDIENCE = new Setting("TRIBUTARY_JWT_AUDIENCE", "tributary",
      "required 'aud' of tokens");
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

  public static final Setting ROLES = new Setting("TRIBUTARY_ROLES", "ingest,process,query",
      "what this instance runs: any of ingest, process, query (all by default)");
  public static final Setting MAX_LAG_BYTES = new Setting("TRIBUTARY_MAX_LAG_BYTES", "4294967296",
      "ingest answers 503 while processing is further behind than this (event-log bytes)");
  public static final Setting MIN_FREE_DISK_BYTES = new Setting("TRIBUTARY_MIN_FREE_DISK_BYTES", "1073741824",
      "ingest answers 503 while the data folder's disk has less free space than this");

  public static final Setting STORE = new Setting("TRIBUTARY_STORE", "blocks",
      "the local LogStore: blocks (compressed column blocks, the default) or lucene (an inverted index per day)");

  public static final List<Setting> ALL = List.of(STORE, BACKEND, DATA_DIR, HTTP_HOST, HTTP_PORT, JWT_SECRET, JWT_ISSUER,
      JWT_AUDIENCE, TENANT_CLAIM, CURSOR_SECRET, PARTITIONS, SEGMENT_BYTES, WORKER_THREADS, PROCESS_GROUP,
      MAX_BODY_BYTES, MAX_DECODED_BYTES, MAX_EVENT_BYTES, ROLES, MAX_LAG_BYTES, MIN_FREE_DISK_BYTES);

  /** The roles an instance can run. */
  public static final java.util.Set<String> KNOWN_ROLES = java.util.Set.of("ingest", "process", "query");

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
    String backend = text(v, BACKEND);
    if (!backend.equals("local")) {
      throw new IllegalArgumentException(BACKEND.name() + "=" + backend + " is not supported yet; use local");
    }
    IngestLimits d = IngestLimits.defaults();
    IngestLimits limits = new IngestLimits(
        intValue(v, MAX_BODY_BYTES, 1024, Integer.MAX_VALUE - 16),
        intValue(v, MAX_DECODED_BYTES, 1024, Integer.MAX_VALUE - 16),
        d.maxEvents(),
        intValue(v, MAX_EVENT_BYTES, 256, 512 * 1024),
        d.maxAttributes(), d.maxNameLength(), d.maxNesting(), d.maxFutureNanos());
    return new Settings(
        backend,
        Path.of(text(v, DATA_DIR)),
        text(v, HTTP_HOST),
        intValue(v, HTTP_PORT, 0, 65535),
        optional(v, JWT_SECRET),
        text(v, JWT_ISSUER),
        text(v, JWT_AUDIENCE),
        text(v, TENANT_CLAIM),
        optional(v, CURSOR_SECRET),
        intValue(v, PARTITIONS, 1, 1024),
        longValue(v, SEGMENT_BYTES, 1 << 16, 1L << 40),
        intValue(v, WORKER_THREADS, 1, 4096),
        text(v, PROCESS_GROUP),
        limits,
        roles(text(v, ROLES)),
        longValue(v, MAX_LAG_BYTES, 0, Long.MAX_VALUE),
        longValue(v, MIN_FREE_DISK_BYTES, 0, Long.MAX_VALUE),
        oneOf(v, STORE, "blocks", "lucene"));
  }

  private static String oneOf(Map<String, String> v, Setting s, String... allowed) {
    String x = text(v, s);
    if (!List.of(allowed).contains(x)) {
      throw new IllegalArgumentException("setting " + s.name() + "=" + x + " must be one of " + String.join(", ", allowed));
    }
    return x;
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
