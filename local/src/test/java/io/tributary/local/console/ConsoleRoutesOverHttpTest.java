package io.tributary.local.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.functions.console.ConsoleReasons;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's files and the local-session route, over HTTP against a running local runtime. */
class ConsoleRoutesOverHttpTest {

  @TempDir
  static Path dir;
  static RuntimeFixture rt;

  @BeforeAll
  static void start() throws Exception {
    rt = RuntimeFixture.start(dir);
    byte[] hdfs = String.join("\n", Loghub.lines("HDFS")).getBytes(StandardCharsets.UTF_8);
    assertEquals(202, rt.ingest("text/plain", hdfs, "service=hdfs").statusCode());
    rt.awaitProcessed();
  }

  @AfterAll
  static void stop() throws Exception {
    rt.close();
  }

  private static URI root(String path) {
    return URI.create("http://127.0.0.1:" + rt.runtime.port() + path);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return rt.send(HttpRequest.newBuilder(root(path)).GET());
  }

  private static HttpResponse<String> session(String query, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(root(ConsoleRoutes.SESSION_PATH + query))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return rt.send(b);
  }

  @Test
  void theConsolePageIsServedAtTheRootWithoutATokenAndRevalidatedEachTime() throws Exception {
    HttpResponse<String> page = get("/");
    assertEquals(200, page.statusCode(), page.body());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
    assertEquals("no-cache", page.headers().firstValue("cache-control").orElseThrow());
    assertTrue(page.headers().firstValue("content-security-policy").orElseThrow().contains("script-src 'self'"));
    assertTrue(page.body().contains("<title>Tributary</title>"), page.body());
  }

  @Test
  void theBundleItNamesIsServedWithItsTypeAndCachedForGood() throws Exception {
    String page = get("/").body();
    Matcher js = Pattern.compile("src=\"(assets/[^\"]+\\.js)\"").matcher(page);
    Matcher css = Pattern.compile("href=\"(assets/[^\"]+\\.css)\"").matcher(page);
    assertTrue(js.find() && css.find(), page);
    // Relative to the page, so the same page works under another path (docs/console.md: Azure).
    HttpResponse<String> script = get("/" + js.group(1));
    assertEquals(200, script.statusCode());
    assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("content-type").orElseThrow());
    assertEquals("public, max-age=31536000, immutable", script.headers().firstValue("cache-control").orElseThrow());
    assertTrue(script.body().length() > 1000, "the bundle is " + script.body().length() + " characters");
    HttpResponse<String> styles = get("/" + css.group(1));
    assertEquals(200, styles.statusCode());
    assertEquals("text/css; charset=utf-8", styles.headers().firstValue("content-type").orElseThrow());
  }

  @Test
  void theConsoleFunctionServesTheSamePageAndBundleUnderTheApiPrefixAsAzureDoes() throws Exception {
    HttpResponse<String> bare = get("/api/console");
    assertEquals(301, bare.statusCode(), bare.body());
    assertEquals("/api/console/", bare.headers().firstValue("location").orElseThrow());
    HttpResponse<String> page = get("/api/console/");
    assertEquals(200, page.statusCode(), page.body());
    assertEquals(get("/").body(), page.body());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
    assertTrue(page.headers().firstValue("content-security-policy").isPresent());
    Matcher js = Pattern.compile("src=\"(assets/[^\"]+\\.js)\"").matcher(page.body());
    assertTrue(js.find(), page.body());
    HttpResponse<String> script = get("/api/console/" + js.group(1));
    assertEquals(200, script.statusCode());
    assertEquals(get("/" + js.group(1)).body(), script.body());
    assertEquals("public, max-age=31536000, immutable", script.headers().firstValue("cache-control").orElseThrow());
    for (String missing : new String[] {"/api/console/assets/missing-0000.js", "/api/console/other",
        "/api/console/assets/.hidden", "/api/console/index.html/x"}) {
      HttpResponse<String> r = get(missing);
      assertEquals(404, r.statusCode(), missing + " " + r.body());
      assertEquals(ConsoleReasons.NOT_FOUND, Json.mapper().readTree(r.body()).get("code").asText(), missing);
    }
  }

  @Test
  void pathsOutsideTheBundleAreNotFoundAndTheApiStillWantsAToken() throws Exception {
    assertEquals(404, get("/assets/missing-0000.js").statusCode());
    assertEquals(404, get("/assets/..%2Fconsole%2Findex.html").statusCode());
    assertEquals(404, get("/assets/.hidden").statusCode());
    assertEquals(404, get("/other").statusCode());
    HttpResponse<String> query = rt.send(HttpRequest.newBuilder(root("/api/logs/query"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));
    assertEquals(401, query.statusCode(), query.body());
  }

  @Test
  void aLocalSessionFromThisMachineReadsItsTenantsEventsOnly() throws Exception {
    HttpResponse<String> acme = session("?tenant=acme");
    assertEquals(200, acme.statusCode(), acme.body());
    assertEquals("no-store", acme.headers().firstValue("cache-control").orElseThrow());
    JsonNode body = Json.mapper().readTree(acme.body());
    assertEquals("acme", body.get("tenant").asText());
    Instant expires = Instant.parse(body.get("expiresAt").asText());
    assertTrue(expires.isBefore(Instant.now().plus(LocalSessions.TTL).plusSeconds(5)), expires.toString());
    String token = body.get("token").asText();
    List<JsonNode> seen = rt.queryAll(Map.of("q", "PacketResponder terminating",
        "from", "2008-11-01T00:00:00Z", "to", "2008-12-01T00:00:00Z"), token);
    assertEquals(311, seen.size());
    seen.forEach(e -> assertTrue(e.get("message").asText().contains("PacketResponder"), e.toString()));

    String other = Json.mapper().readTree(session("?tenant=beta").body()).get("token").asText();
    assertEquals(List.of(), rt.queryAll(Map.of("from", "2008-11-01T00:00:00Z", "to", "2008-12-01T00:00:00Z"), other));
  }

  @Test
  void aLocalSessionsTokenCannotWriteEvents() throws Exception {
    String token = Json.mapper().readTree(session("?tenant=acme").body()).get("token").asText();
    HttpResponse<String> ingest = rt.ingestAs(token, "text/plain", "a line".getBytes(StandardCharsets.UTF_8), null);
    assertEquals(403, ingest.statusCode(), ingest.body());
  }

  @Test
  void aLocalSessionAskedForByAPageOfAnotherSiteIsRefused() throws Exception {
    HttpResponse<String> r = session("?tenant=acme", "Origin", "https://attacker.example");
    assertEquals(403, r.statusCode(), r.body());
    assertEquals(ConsoleReasons.CROSS_ORIGIN, Json.mapper().readTree(r.body()).get("code").asText());
    assertFalse(r.body().contains("token\""), r.body());
    assertEquals(200, session("?tenant=acme", "Origin", "http://127.0.0.1:" + rt.runtime.port()).statusCode());
  }

  @Test
  void aLocalSessionThroughANameThatIsNotLoopbackIsRefused() throws Exception {
    // DNS rebinding: a name of another site that resolves to 127.0.0.1 comes with that name as Host.
    String answer = raw("POST " + ConsoleRoutes.SESSION_PATH + "?tenant=acme HTTP/1.1\r\nHost: rebound.example:"
        + rt.runtime.port() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    assertTrue(answer.contains("\"code\":\"cross_origin\""), answer);
  }

  @Test
  void aLocalSessionNeedsAValidTenant() throws Exception {
    for (String q : new String[] {"", "?tenant=", "?tenant=Acme!", "?tenant=../x"}) {
      HttpResponse<String> r = session(q);
      assertEquals(400, r.statusCode(), q + " " + r.body());
      assertEquals(ConsoleReasons.INVALID_TENANT, Json.mapper().readTree(r.body()).get("code").asText());
    }
  }

  @Test
  void theConnectionStaysUsableAfterAnAnswerOfTheHostsOwn() throws Exception {
    String answer = raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Connection: close\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
    assertTrue(answer.contains("{\"status\":\"ready\""), answer);
  }

  private static String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", rt.runtime.port())) {
      s.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
