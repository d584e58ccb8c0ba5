package io.tributary.local.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.local.LocalRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A local runtime on a free port in a temporary folder, with an HTTP client and tokens. */
public final class RuntimeFixture implements AutoCloseable {

  public final LocalRuntime runtime;
  public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  public final String token;

  private RuntimeFixture(LocalRuntime runtime, String token) {
    this.runtime = runtime;
    this.token = token;
  }

  public static Map<String, String> settings(Path dataDir) {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.DATA_DIR.name(), dataDir.toString());
    m.put(Settings.HTTP_PORT.name(), "0");
    m.put(Settings.WORKER_THREADS.name(), "8");
    // Tests start many runtimes and time none: no start-up warm-up (ProcessingWarmupTest turns it on).
    m.put(Settings.WARMUP_SECONDS.name(), "0");
    return m;
  }

  public static RuntimeFixture start(Path dataDir) throws Exception {
    return start(settings(dataDir));
  }

  public static RuntimeFixture start(Map<String, String> settings) throws Exception {
    LocalRuntime rt = LocalRuntime.start(Settings.from(settings));
    String token = rt.tokenIssuer().issue(TenantId.of("acme"), Instant.now(), Duration.ofHours(1));
    return new RuntimeFixture(rt, token);
  }

  public String token(String tenant, Role... roles) {
    return runtime.tokenIssuer().issue(TenantId.of(tenant), List.of(roles), Instant.now(), Duration.ofHours(1));
  }

  public URI uri(String path) {
    return runtime.baseUri().resolve(path);
  }

  public HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> ingest(String contentType, byte[] body, String query) throws Exception {
    return ingestAs(token, contentType, body, query);
  }

  public HttpResponse<String> ingestAs(String bearer, String contentType, byte[] body, String query) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("logs/ingest" + (query == null ? "" : "?" + query)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Authorization", "Bearer " + bearer);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  public HttpResponse<String> query(String json) throws Exception {
    return queryAs(token, json);
  }

  public HttpResponse<String> queryAs(String bearer, String json) throws Exception {
    return send(HttpRequest.newBuilder(uri("logs/query"))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .header("Authorization", "Bearer " + bearer)
        .header("Content-Type", "application/json"));
  }

  /** Every event a query matches, following nextCursor page by page. */
  public List<JsonNode> queryAll(Map<String, Object> query) throws Exception {
    return queryAll(query, token);
  }

  /** {@link #queryAll(Map)} as the holder of {@code bearer}. */
  public List<JsonNode> queryAll(Map<String, Object> query, String bearer) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    Map<String, Object> q = new LinkedHashMap<>(query);
    q.putIfAbsent("limit", 1000);
    while (true) {
      HttpResponse<String> r = queryAs(bearer, new String(Json.bytes(q), StandardCharsets.UTF_8));
      assertEquals(200, r.statusCode(), r.body());
      JsonNode page = Json.mapper().readTree(r.body());
      page.get("events").forEach(out::add);
      JsonNode next = page.get("nextCursor");
      if (next == null || next.isNull()) {
        return out;
      }
      q.put("cursor", next.asText());
    }
  }

  /** Waits until processing has caught up with everything published so far. */
  public void awaitProcessed() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String group = runtime.app().settings().processGroup();
    while (runtime.app().eventLog().lag(group) > 0) {
      assertTrue(System.nanoTime() < deadline, "processing did not catch up within 60 s");
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws Exception {
    runtime.close();
  }
}
