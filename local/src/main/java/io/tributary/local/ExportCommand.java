package io.tributary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Role;
import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./tributary export}: starts an export job ({@code POST /api/exports}) with the streaming
 * export's filters, then, unless {@code --no-wait}, follows it ({@code GET /api/exports/{id}}) with
 * a progress bar on stderr until it ends, and copies the result to {@code --out}. Ctrl-C while it
 * waits leaves the job running (its id is printed first; {@code DELETE /api/exports/{id}} cancels
 * it). The token is the one {@code ingest} takes ({@code TRIBUTARY_TOKEN}, {@code --token-file}),
 * or one minted from the local key with {@code logs.export}.
 *
 * <p>Exit codes: 0 completed (or started, with {@code --no-wait}), 1 the job failed or was
 * cancelled, 2 a usage or request error.
 */
final class ExportCommand {

  static final Duration POLL = Duration.ofMillis(500);
  private static final List<String> FILTERS = List.of("from", "to", "q", "format", "fields", "service", "host",
      "severity", "minSeverity");

  private ExportCommand() {
  }

  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) throws Exception {
    Map<String, String> flags = Main.flags(args, 1);
    if (flags.containsKey("help")) {
      err.println("usage: tributary export [--tenant T] [--from T] [--to T] [--q QUERY] [--format csv|ndjson|json]"
          + " [--fields F,...] [--service S] [--host H] [--severity S] [--minSeverity S] [--out FILE] [--no-wait]"
          + " [--url URL] [--token-file F] [--data DIR]");
      return 0;
    }
    Settings s = Main.settings(flags);
    String tenant = flags.getOrDefault("tenant", "default");
    if (!TenantId.isValid(tenant)) {
      err.println("--tenant must be 1-63 characters of a-z, 0-9, '-' or '_'");
      return 2;
    }
    String token = Main.commandToken(flags, env, s, tenant, Instant.now(), err, EnumSet.of(Role.LOGS_EXPORT));
    if (token == null) {
      return 2;
    }
    String base = flags.getOrDefault("url", "http://" + s.httpHost() + ":" + s.httpPort());
    ObjectNode body = Json.mapper().createObjectNode();
    for (String f : FILTERS) {
      if (flags.containsKey(f)) {
        body.put(f, flags.get(f));
      }
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/api/exports"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    if (started.statusCode() != 202) {
      err.println("the export was not started: " + started.statusCode() + " " + problem(started.body()));
      return 2;
    }
    URI status = URI.create(base).resolve(started.headers().firstValue("Location").orElseThrow());
    String id = Json.mapper().readTree(started.body()).path("id").asText();
    err.println("export " + id + " started (" + status + ")");
    out.println(id);
    if (flags.containsKey("no-wait")) {
      return 0;
    }
    Progress bar = new Progress(err, System.console() != null);
    while (true) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(status).header("Authorization", "Bearer " + token)
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        bar.end();
        err.println("the export's status could not be read: " + r.statusCode() + " " + problem(r.body()));
        return 2;
      }
      JsonNode job = Json.mapper().readTree(r.body());
      String state = job.path("state").asText();
      bar.show(job.path("progress"));
      if (!state.equals("running")) {
        bar.end();
        if (!state.equals("completed")) {
          err.println("export " + id + " " + state + (job.hasNonNull("error") ? ": " + job.path("error").asText() : ""));
          return 1;
        }
        JsonNode result = job.path("result");
        err.println("export " + id + " completed: " + result.path("events").asLong() + " events, "
            + result.path("bytes").asLong() + " bytes, sha256 " + result.path("sha256").asText());
        if (flags.containsKey("out")) {
          copy(http, token, URI.create(result.path("url").asText()), Path.of(flags.get("out")));
          err.println("written to " + flags.get("out"));
        } else {
          err.println("the file: " + result.path("url").asText());
        }
        return 0;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Copies the result (a file of the local data folder, or an HTTPS link such as a SAS URL) to {@code out}. */
  private static void copy(HttpClient http, String token, URI from, Path out) throws IOException, InterruptedException {
    Path tmp = out.resolveSibling(out.getFileName() + ".part");
    if (from.getScheme().equals("file")) {
      Files.copy(Path.of(from), tmp, StandardCopyOption.REPLACE_EXISTING);
    } else {
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(from).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        if (r.statusCode() != 200) {
          throw new IOException("the result could not be downloaded: " + r.statusCode());
        }
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String problem(String body) {
    try {
      JsonNode p = Json.mapper().readTree(body);
      return p.path("code").asText("") + ": " + p.path("detail").asText(body);
    } catch (IOException e) {
      return body;
    }
  }

  /**
   * The job's progress on stderr: one line redrawn in place on a terminal
   * ({@code [########------------]  40%  1,234,567 events  120.5 MB}), else a line when the
   * percentage moves by 10 or more, so a log file gets a few lines, not hundreds.
   */
  static final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean terminal;
    private long lastPercent = -10;
    private boolean drawn;

    Progress(PrintStream err, boolean terminal) {
      this.err = err;
      this.terminal = terminal;
    }

    void show(JsonNode p) {
      long percent = Math.max(0, Math.min(100, p.path("percent").asLong()));
      String line = line(percent, p.path("events").asLong(), p.path("bytes").asLong());
      if (terminal) {
        err.print("\r" + line);
        drawn = true;
      } else if (percent >= lastPercent + 10 || (percent == 100 && lastPercent != 100)) {
        err.println(line);
        lastPercent = percent;
      }
    }

    void end() {
      if (drawn) {
        err.println();
        drawn = false;
      }
    }

    static String line(long percent, long events, long bytes) {
      int filled = (int) (percent * WIDTH / 100);
      return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + String.format(Locale.ROOT, "%3d%%", percent)
          + String.format(Locale.ROOT, "  %,d events  %.1f MB", events, bytes / 1e6);
    }
  }
}
