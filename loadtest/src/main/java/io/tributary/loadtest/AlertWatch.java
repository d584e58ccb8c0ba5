package io.tributary.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tributary.alert.delivery.Signatures;
import io.tributary.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver on 127.0.0.1 for {@code loadtest/run e2e --alerts [ok|fail|hang]}: records when the
 * {@code firing} notification of each group arrived (the marker's tag is the group), checks every
 * signature with the rule's secret, and counts what came besides (resolutions, duplicates, bad
 * signatures).
 */
final class AlertWatch implements AutoCloseable {

  static final String SECRET = "loadtest-webhook-secret-0123456789";

  private final HttpServer server;
  private final Map<String, Long> firedAt = new ConcurrentHashMap<>();
  private final AtomicLong resolved = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong badSignatures = new AtomicLong();
  private final AtomicLong attempts = new AtomicLong();

  /**
   * @param answer {@code ok} (200), {@code fail} (500 to every request, so every delivery retries and
   *     ends dead-lettered) or {@code hang} (reads the request and never answers, so every attempt
   *     times out): the last two for measuring that a failing receiver does not slow ingest
   */
  AlertWatch(String answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", x -> {
      long now = System.nanoTime();
      if (!answer.equals("ok")) {
        x.getRequestBody().readAllBytes();
        attempts.incrementAndGet();
        if (answer.equals("hang")) {
          try {
            Thread.sleep(Duration.ofMinutes(10).toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return;
        }
        x.sendResponseHeaders(500, -1);
        x.close();
        return;
      }
      byte[] body = x.getRequestBody().readAllBytes();
      if (!Signatures.verify(SECRET, x.getRequestHeaders().getFirst("X-Tributary-Timestamp"), body,
          x.getRequestHeaders().getFirst("X-Tributary-Signature"), Clock.systemUTC(), Duration.ofMinutes(5))) {
        badSignatures.incrementAndGet();
      }
      JsonNode n = Json.mapper().readTree(body);
      if (n.path("state").asText().equals("firing")) {
        if (firedAt.putIfAbsent(n.path("group").asText(), now) != null) {
          duplicates.incrementAndGet();
        }
      } else {
        resolved.incrementAndGet();
      }
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "webhook-receiver");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  /** The rule: one group per marker tag, so each marker fires once, at once. */
  String rule(String service) {
    return "{\"name\":\"e2e markers\",\"query\":{\"services\":[\"" + service + "\"]},"
        + "\"condition\":{\"type\":\"threshold\",\"count\":1,\"window\":\"10s\",\"groupBy\":\"tag\"},\"cooldown\":\"0s\","
        + "\"notify\":[{\"type\":\"webhook\",\"url\":\"" + url() + "\",\"secret\":\"" + SECRET + "\"}]}";
  }

  /** When the firing of {@code tag} arrived (System.nanoTime), or null. */
  Long arrival(String tag) {
    return firedAt.get(tag);
  }

  long resolved() {
    return resolved.get();
  }

  long duplicates() {
    return duplicates.get();
  }

  long badSignatures() {
    return badSignatures.get();
  }

  /** Requests a failing receiver ({@code fail}, {@code hang}) got. */
  long failedAttempts() {
    return attempts.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
