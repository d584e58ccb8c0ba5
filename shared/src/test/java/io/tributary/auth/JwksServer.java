package io.tributary.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An identity provider's JWKS endpoint on 127.0.0.1 for tests: publishes the public halves of the
 * keys it is given (replaceable at any time: key rotation), counts the fetches, and can be made
 * to answer slowly or with an error.
 */
final class JwksServer implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile JWKSet published = new JWKSet();
  private volatile Duration delay = Duration.ZERO;
  private volatile int status = 200;

  JwksServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/keys", exchange -> {
      fetches.incrementAndGet();
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = published.toString(true).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      try (OutputStream out = exchange.getResponseBody()) {
        if (status == 200) {
          exchange.sendResponseHeaders(200, body.length);
          out.write(body);
        } else {
          exchange.sendResponseHeaders(status, -1);
        }
      } catch (IOException e) {
        // the client gave up (read timeout)
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "jwks-server");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** Publishes exactly these keys (their public halves). */
  JwksServer publish(JWK... keys) {
    published = new JWKSet(List.of(keys)).toPublicJWKSet();
    return this;
  }

  /** Answers every fetch after {@code d}. */
  void delay(Duration d) {
    delay = d;
  }

  /** Answers every fetch with {@code s} (and no keys) unless 200. */
  void status(int s) {
    status = s;
  }

  int fetches() {
    return fetches.get();
  }

  URL url() {
    try {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/keys").toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
