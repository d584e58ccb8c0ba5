package io.tributary.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * How the harness asks a server its questions (a JSON body POSTed with a tenant's token), and what
 * it keeps of the answer: status, body and the {@code Server-Timing} header. Two kinds, chosen with
 * {@code --client}:
 * <ul>
 * <li>{@code raw} (the default): one keep-alive connection of the harness's own
 *     ({@link RawHttpConnection}), written and read on the calling thread — the least a client adds
 *     to what it measures;
 * <li>{@code jdk}: the JDK's {@link HttpClient}, which hands each exchange between its selector
 *     thread and its executor (the client of the runs before 2026-11-30).
 * </ul>
 */
interface QueryClient extends AutoCloseable {

  /** A server's answer: its status, its body, and its Server-Timing header ("" without one). */
  record Answer(int status, String body, String serverTiming) {
  }

  /** POSTs {@code json} to {@code path} (relative to the server's /api/) as the bearer of {@code token}. */
  Answer post(String path, String token, String json) throws Exception;

  @Override
  void close();

  /** The client {@code kind} ({@code raw} or {@code jdk}) for {@code server}. */
  static QueryClient of(String kind, ServerProcess server) {
    return switch (kind) {
      case "raw" -> raw(server.base);
      case "jdk" -> jdk(server.base);
      default -> throw new IllegalArgumentException("--client is raw or jdk, not " + kind);
    };
  }

  private static QueryClient raw(URI base) {
    RawHttpConnection conn = new RawHttpConnection(base.getHost(), base.getPort());
    return new QueryClient() {
      @Override
      public Answer post(String path, String token, String json) throws Exception {
        byte[] head = RawHttpConnection.head("POST", base.resolve(path).getRawPath(),
            "Authorization: Bearer " + token, "Content-Type: application/json");
        RawHttpConnection.Response r = conn.send(head, json.getBytes(StandardCharsets.UTF_8));
        return new Answer(r.status(), new String(r.body(), StandardCharsets.UTF_8), r.serverTiming());
      }

      @Override
      public void close() {
        conn.close();
      }
    };
  }

  private static QueryClient jdk(URI base) {
    HttpClient http = HttpClient.newHttpClient();
    return new QueryClient() {
      @Override
      public Answer post(String path, String token, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Server-Timing").orElse(""));
      }

      @Override
      public void close() {
        // The JDK's client lets go of its connections when it is collected.
      }
    };
  }
}
