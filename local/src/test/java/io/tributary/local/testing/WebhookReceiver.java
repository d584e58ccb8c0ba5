package io.tributary.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tributary.alert.delivery.Signatures;
import io.tributary.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A real webhook receiver on 127.0.0.1 that keeps what it got, for end-to-end alert tests. */
public final class WebhookReceiver implements AutoCloseable {

  /** One request as received: the signing headers and the body. */
  public record Received(String timestamp, String signature, String delivery, byte[] body) {

    public JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** True when the signature verifies with {@code secret} (and the timestamp is within 5 minutes). */
    public boolean signedWith(String secret) {
      return Signatures.verify(secret, timestamp, body, signature, Clock.systemUTC(), Duration.ofMinutes(5));
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", x -> {
      byte[] body = x.getRequestBody().readAllBytes();
      received.add(new Received(x.getRequestHeaders().getFirst("X-Tributary-Timestamp"),
          x.getRequestHeaders().getFirst("X-Tributary-Signature"),
          x.getRequestHeaders().getFirst("X-Tributary-Delivery"), body));
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    server.start();
  }

  /** The URL rules notify. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** What was received so far, in order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Waits until some received body satisfies {@code which}, at most {@code max}; true if one did. */
  public boolean await(Predicate<JsonNode> which, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      for (Received r : received) {
        if (which.test(r.json())) {
          return true;
        }
      }
      Thread.sleep(50);
    }
    return false;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
