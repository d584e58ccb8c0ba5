package io.tributary.config;

import java.time.Duration;

/**
 * How long the local HTTP host waits for a client, and how many clients it serves at once. A
 * connection that overstays a timeout is closed; past the cap a new connection is answered 503
 * and closed at once.
 *
 * @param idleTimeout a kept-alive connection with no request under way is closed after this long
 * @param headerTimeout a request line and headers must be complete this long after the request's
 *     first byte (or after the connection opened); else 408 and close
 * @param readTimeout while a body arrives, the longest pause between two reads; else 408 and close
 * @param maxConnections open connections at most
 */
public record HttpSettings(Duration idleTimeout, Duration headerTimeout, Duration readTimeout, int maxConnections) {

  public HttpSettings {
    if (idleTimeout.isNegative() || idleTimeout.isZero() || headerTimeout.isNegative() || headerTimeout.isZero()
        || readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("HTTP timeouts must be positive");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1");
    }
  }

  public static HttpSettings defaults() {
    return new HttpSettings(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), 1024);
  }
}
