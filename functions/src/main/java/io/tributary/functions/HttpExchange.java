package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import io.tributary.auth.AuthException;
import io.tributary.auth.Principal;
import io.tributary.auth.Role;
import io.tributary.http.Problem;
import io.tributary.http.ProblemHeaders;
import io.tributary.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

/**
 * What every HTTP function does around its call into the core: read headers, write JSON or
 * problem+json, and turn an unexpected exception into a logged 500 rather than a crash.
 */
final class HttpExchange {

  private HttpExchange() {
  }

  /** A function body that may fail with a problem to answer. */
  @FunctionalInterface
  interface Handler {
    HttpResponseMessage handle() throws Exception;
  }

  static HttpResponseMessage serve(HttpRequestMessage<?> request, ExecutionContext context, Handler handler) {
    try {
      return handler.handle();
    } catch (io.tributary.auth.AuthException e) {
      return problem(request, e.problem());
    } catch (io.tributary.query.QueryException e) {
      return problem(request, e.problem());
    } catch (ProblemException e) {
      return problem(request, e.problem());
    } catch (io.tributary.tenancy.TenantException e) {
      return problem(request, e.problem());
    } catch (io.tributary.alert.AlertException e) {
      return problem(request, e.problem());
    } catch (Exception | Error e) {
      context.getLogger().log(Level.SEVERE, "invocation " + context.getInvocationId() + " failed", e);
      return problem(request, Problem.of(500, "internal_error",
          "the server failed on this request; it is logged as invocation " + context.getInvocationId()));
    }
  }

  /**
   * The caller of {@code request} to {@code function}, holding the role its {@link RouteAccess}
   * entry asks for (any, for a {@link Access.Kind#SIGNED_IN} one): the one the host verified
   * before reading the body ({@link VerifiedRequest}), else verified here from the Authorization
   * header and admitted here ({@link FunctionApp#admit}), or refused with the problem to answer.
   * A caller the host verified was admitted by it too ({@link FunctionApp#admitBeforeBody}).
   */
  static Principal caller(FunctionApp app, HttpRequestMessage<?> request, String function)
      throws AuthException, ProblemException, java.io.IOException {
    Role role = RouteAccess.of(function).role();
    if (request instanceof VerifiedRequest v) {
      Optional<Principal> p = v.verifiedCaller();
      if (p.isPresent() && (role == null || p.get().has(role))) {
        return p.get();
      }
    }
    String authorization = header(request, "Authorization");
    Principal caller = role == null ? app.tokens().verify(authorization) : app.tokens().require(authorization, role);
    Problem refused = app.admit(function, caller);
    if (refused != null) {
      throw new ProblemException(refused);
    }
    return caller;
  }

  /**
   * Whether the host already ran {@link FunctionApp#admitBeforeBody} on {@code request} (the local
   * host does, with the token it verified); under the Functions host it did not.
   */
  static boolean admittedBeforeBody(HttpRequestMessage<?> request) {
    return request instanceof VerifiedRequest v && v.verifiedCaller().isPresent();
  }

  /**
   * The rate limiter's early refusal of an ingest (the tenant's bucket is empty) when the host did
   * not already admit the request before its body; null to go on. Under the Functions host the body
   * is in but not decoded yet: an empty bucket is refused before any decoding.
   */
  static Problem emptyBucket(FunctionApp app, HttpRequestMessage<?> request, io.tributary.event.TenantId tenant,
      io.tributary.limits.TenantLimits limits) {
    return admittedBeforeBody(request) ? null : app.ingest().peek(tenant, limits);
  }

  /**
   * The answer to an ingest of our own shape: the refusal's problem, or 202 with the receipt
   * ({@code accepted}, {@code rejectedCount}, {@code rejected}) and the rate-limit headers.
   */
  static HttpResponseMessage ingested(HttpRequestMessage<?> request, io.tributary.ingest.IngestResult result) {
    if (result instanceof io.tributary.ingest.IngestResult.Refused refused) {
      return problem(request, refused.problem());
    }
    io.tributary.ingest.IngestResult.Accepted accepted = (io.tributary.ingest.IngestResult.Accepted) result;
    io.tributary.ingest.IngestReceipt receipt = accepted.receipt();
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("accepted", receipt.accepted());
    body.put("rejectedCount", receipt.rejectedCount());
    body.put("rejected", receipt.rejected());
    io.tributary.limits.RateDecision rate = accepted.rate();
    return json(request, 202, body, rate == null ? Map.of()
        : io.tributary.http.ProblemHeaders.rateLimit(rate.limit(), rate.remaining(), rate.resetSeconds()));
  }

  /** A header by name, whatever case the host gave it. */
  static String header(HttpRequestMessage<?> request, String name) {
    return io.tributary.http.Headers.get(request.getHeaders(), name);
  }

  static byte[] body(HttpRequestMessage<Optional<byte[]>> request) {
    Optional<byte[]> b = request.getBody();
    return b == null ? new byte[0] : b.orElse(new byte[0]);
  }

  /** The largest JSON document a configuration call (tenants, alerts) takes. */
  static final int MAX_JSON_BODY = 64 * 1024;

  /** The body as one JSON object, or 400 {@code malformed_json} saying what is wrong with it. */
  static com.fasterxml.jackson.databind.JsonNode jsonObject(HttpRequestMessage<Optional<byte[]>> request)
      throws ProblemException {
    byte[] b = body(request);
    if (b.length > MAX_JSON_BODY) {
      throw new ProblemException(Problem.of(413, "body_too_large", "the body is " + b.length
          + " bytes; a configuration document may be at most " + MAX_JSON_BODY));
    }
    if (b.length == 0) {
      throw new ProblemException(Problem.of(400, "malformed_json", "send a JSON object as the body"));
    }
    com.fasterxml.jackson.databind.JsonNode n;
    try {
      n = Json.mapper().readTree(b);
    } catch (java.io.IOException e) {
      String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new ProblemException(Problem.of(400, "malformed_json", "the body is not valid JSON: " + m));
    }
    if (n == null || !n.isObject()) {
      throw new ProblemException(Problem.of(400, "malformed_json", "the body must be a JSON object"));
    }
    return n;
  }

  /** A strong entity tag of a configuration version: {@code "7"}. */
  /** Reads the version a resource is at now, for {@code If-Match: *}. */
  @FunctionalInterface
  interface CurrentVersion {
    long get() throws Exception;
  }

  /**
   * The version an {@code If-Match} names: {@code "7"} or {@code W/"7"}; {@code *} for whatever
   * version is current (read now, so a change racing this one still fails with 412). 428 when it is
   * missing (no change is made blind), 400 when it is not an ETag of this API.
   *
   * @param resource the resource's path, for the messages ({@code /api/tenants/acme})
   */
  static long ifMatch(String header, String resource, CurrentVersion current) throws Exception {
    if (header == null || header.isBlank()) {
      throw new ProblemException(Problem.of(428, "if_match_required", "send If-Match with the ETag of " + resource
          + " as you read it (GET " + resource + "), or If-Match: * to change whatever version is current"));
    }
    String h = header.trim();
    if (h.equals("*")) {
      return current.get();
    }
    if (h.startsWith("W/")) {
      h = h.substring(2);
    }
    if (h.length() >= 2 && h.startsWith("\"") && h.endsWith("\"")) {
      h = h.substring(1, h.length() - 1);
    }
    try {
      long v = Long.parseLong(h);
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ProblemException(Problem.of(400, "invalid_if_match", "If-Match '" + header
        + "' is not an ETag of this API; send the ETag a GET answered, such as \"3\""));
  }

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  static HttpResponseMessage json(HttpRequestMessage<?> request, int status, Object body) {
    return bytes(request, status, "application/json", Json.bytes(body));
  }

  /** As {@link #json}, with more headers (ETag, Location). */
  static HttpResponseMessage json(HttpRequestMessage<?> request, int status, Object body, Map<String, String> headers) {
    HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(status))
        .header("Content-Type", "application/json");
    headers.forEach(b::header);
    return b.body(Json.bytes(body)).build();
  }

  static HttpResponseMessage bytes(HttpRequestMessage<?> request, int status, String contentType, byte[] body) {
    return request.createResponseBuilder(HttpStatusType.custom(status))
        .header("Content-Type", contentType)
        .body(body)
        .build();
  }

  /**
   * A 200 JSON answer that says how long the server took on it, {@code Server-Timing: app;dur=MS}
   * (W3C Server Timing): the milliseconds from {@code startNanos} until the body was built. Browsers'
   * developer tools show it, and the load harness reports it beside the time the client saw, so a
   * slow call can be told apart from a slow network, client or scheduler.
   */
  static HttpResponseMessage timed(HttpRequestMessage<?> request, long startNanos, byte[] body) {
    double millis = (System.nanoTime() - startNanos) / 1e6;
    return request.createResponseBuilder(HttpStatusType.custom(200))
        .header("Content-Type", "application/json")
        .header("Server-Timing", String.format(java.util.Locale.ROOT, "app;dur=%.2f", millis))
        .body(body)
        .build();
  }

  static HttpResponseMessage problem(HttpRequestMessage<?> request, Problem p) {
    HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(p.status()));
    ProblemHeaders.of(p).forEach(b::header);
    return b.body(Json.bytes(p.body())).build();
  }
}
