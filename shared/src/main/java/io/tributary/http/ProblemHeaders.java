package io.tributary.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response headers a {@link Problem} implies, derived in this one place for every host:
 * {@code Content-Type}, {@code Retry-After} from the {@value #RETRY_AFTER_SECONDS} extension, the
 * IETF draft {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} from
 * the {@code rateLimit…} extensions, and {@code WWW-Authenticate: Bearer} on a 401.
 */
public final class ProblemHeaders {

  /** Extension: seconds the client should wait before retrying ({@code Retry-After}). */
  public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";
  /** Extension: what a full bucket holds ({@code RateLimit-Limit}). */
  public static final String RATE_LIMIT_LIMIT = "rateLimitLimit";
  /** Extension: what the bucket holds now ({@code RateLimit-Remaining}). */
  public static final String RATE_LIMIT_REMAINING = "rateLimitRemaining";
  /** Extension: seconds until the bucket is full again ({@code RateLimit-Reset}). */
  public static final String RATE_LIMIT_RESET_SECONDS = "rateLimitResetSeconds";

  private ProblemHeaders() {
  }

  /** The headers of the response that carries {@code p}, in a stable order. */
  public static Map<String, String> of(Problem p) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", Problem.MEDIA_TYPE);
    Map<String, Object> x = p.extensions();
    put(h, "Retry-After", x.get(RETRY_AFTER_SECONDS));
    put(h, "RateLimit-Limit", x.get(RATE_LIMIT_LIMIT));
    put(h, "RateLimit-Remaining", x.get(RATE_LIMIT_REMAINING));
    put(h, "RateLimit-Reset", x.get(RATE_LIMIT_RESET_SECONDS));
    if (p.status() == 401) {
      h.put("WWW-Authenticate", "Bearer");
    }
    return h;
  }

  /** The IETF draft RateLimit headers of an answer that passed the limiter (e.g. a 202). */
  public static Map<String, String> rateLimit(long limit, long remaining, long resetSeconds) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("RateLimit-Limit", Long.toString(limit));
    h.put("RateLimit-Remaining", Long.toString(remaining));
    h.put("RateLimit-Reset", Long.toString(resetSeconds));
    return h;
  }

  private static void put(Map<String, String> h, String name, Object value) {
    if (value != null) {
      h.put(name, String.valueOf(value));
    }
  }
}
