package io.tributary.loadtest;

import io.tributary.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code loadtest/run}: measures Tributary and an anchor on this machine, in the same run. One
 * {@link Scenario} per command; {@link #USAGE} lists them with their flags ({@code --help} prints it).
 * {@code --server-home DIR} runs the server from another checkout's build (e.g. a baseline).
 * Each prints what it measured and ends with one line of JSON: its figures, its same-run
 * {@code anchor}, and the machine ({@code cpu_model}, {@code cpus}, {@code java}).
 */
public final class LoadRun {

  /** What {@code --help} prints: the commands and their flags. */
  static final String USAGE = String.join("\n",
      "usage: loadtest/run COMMAND [--flag value ...]",
      "  ingest --seconds S --connections C [--rate R] [--batch B] [--format ndjson|text|json] [--url URL] [--anchor none]",
      "  anchor-kafka --seconds S [--producers P] [--rate R]",
      "  compare --seconds S [--rounds N]   (N pairs in turn, the median ratio)",
      "  e2e --seconds S [--rate R] [--warmup W] [--connections C] [--encoding gzip] [--check-archive] [--alerts]",
      "      [--store S] [--anchor lucene|none]",
      "  query --events N [--store blocks,lucene] [--repeat R] [--warmup-calls W] [--calls-csv FILE] [--client raw|jdk]",
      "      [--mixed] [--pin]",
      "  export --events N [--formats csv,ndjson] [--export-jvm \"-Xmx256m ...\"] [--keep-data DIR | --reuse-data DIR]",
      "  archive-size --events N",
      "  fuzz-ingest --cases N [--seed S] [--from I] [--threads T]",
      "  hostile-http [--bodies 10] [--body-mib 15] [--hold-seconds 48] [--half-open 50] [--watch-seconds 60]",
      "  tenants --seconds S [--plan free] [--a-factor 3] [--b-factor 1] [--batch 20]",
      "  jmh [JMH args]   (IngestBenchmark, ProcessBenchmark, ParseBenchmark, BlockWriteBenchmark, ...)",
      "every server scenario: --server-jvm \"JVM OPTIONS\", --server-env NAME=VALUE[,NAME=VALUE], --server-home DIR,",
      "  --jfr FILE",
      "The last line of output is one JSON object: the figures, the same run's anchor and the machine.",
      "A flag the command did not use (mistyped, or not its own) is named at the end and in that JSON (unused_flags).");

  /** The commands, by name. */
  static final Map<String, Supplier<Scenario>> SCENARIOS = new TreeMap<>(Map.of(
      "ingest", IngestScenario::new,
      "anchor-kafka", KafkaAnchorScenario::new,
      "compare", CompareScenario::new,
      "e2e", EndToEndScenario::new,
      "query", QueryScenario::new,
      "export", ExportScenario::new,
      "archive-size", ArchiveSizeScenario::new,
      "fuzz-ingest", FuzzIngestScenario::new,
      "hostile-http", HostileHttpScenario::new,
      "tenants", TenantsScenario::new));

  private LoadRun() {
  }

  public static void main(String[] args) throws Exception {
    java.util.List<String> all = java.util.Arrays.asList(args);
    if (all.contains("--help") || all.contains("-h")) {
      System.out.println(USAGE);
      System.exit(0);
    }
    if (args.length == 0 || !SCENARIOS.containsKey(args[0])) {
      System.err.println((args.length == 0 ? "" : "unknown command " + args[0] + "; ") + USAGE);
      System.exit(2);
    }
    Map<String, String> given = flags(args);
    ReadFlags read = new ReadFlags(given);
    Harness h = new Harness(read);
    String loadBefore = loadAverage();
    Map<String, Object> out = SCENARIOS.get(args[0]).get().run(h);
    boolean keep = h.flags.containsKey("keep");
    // A mistyped or misplaced flag changes nothing: say so, rather than let a run pass for what it is not.
    java.util.List<String> unused = given.keySet().stream().filter(k -> !read.wasRead(k)).sorted().toList();
    if (!unused.isEmpty()) {
      System.err.println("loadtest: " + args[0] + " did not use these flags: --" + String.join(", --", unused));
    }
    // Every scenario's figures name the machine they were measured on (machines differ 2-3x).
    Map<String, Object> line = new LinkedHashMap<>(out);
    line.put("cpu_model", Harness.cpuModel());
    line.put("cpus", Runtime.getRuntime().availableProcessors());
    line.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
    // The machine may be shared: its load average (1, 5, 15 min) when the run began and ended.
    line.put("load_average_before", loadBefore);
    line.put("load_average_after", loadAverage());
    if (!unused.isEmpty()) {
      line.put("unused_flags", unused);
    }
    System.out.println(new String(Json.bytes(line), StandardCharsets.UTF_8));
    if (!keep) {
      h.deleteWork();
    }
    System.exit(out.get("failures") instanceof Number n && n.longValue() > 0 ? 1 : 0);
  }

  /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}), or "" where there is none. */
  static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "";
    }
  }

  /** The flags, remembering which names a scenario looked up (read or tested), so unused ones can be named. */
  static final class ReadFlags extends HashMap<String, String> {
    private final java.util.Set<Object> read = new java.util.HashSet<>();

    ReadFlags(Map<String, String> given) {
      super(given);
    }

    @Override
    public String get(Object key) {
      read.add(key);
      return super.get(key);
    }

    @Override
    public String getOrDefault(Object key, String otherwise) {
      read.add(key);
      return super.getOrDefault(key, otherwise);
    }

    @Override
    public boolean containsKey(Object key) {
      read.add(key);
      return super.containsKey(key);
    }

    boolean wasRead(String key) {
      return read.contains(key);
    }
  }

  /** {@code --name value} pairs after the command; a flag without a value is "true". */
  static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        String k = args[i].substring(2);
        if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          flags.put(k, args[++i]);
        } else {
          flags.put(k, "true");
        }
      }
    }
    return flags;
  }
}
