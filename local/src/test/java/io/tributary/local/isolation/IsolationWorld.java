package io.tributary.local.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The world the isolation probes run in: one local runtime holding tenant A ({@value #A}, real
 * OpenSSH log lines from the Loghub sample and five events with ids of its own choosing, registered
 * by an operator) and tenant B ({@value #B},
 * a few events of its own, registered too), what A's data looks like from A's side (its event ids
 * and messages, a query cursor, a word only its lines hold), and tokens for B as a tenant user
 * (every role a tenant user can hold) and as an operator.
 */
final class IsolationWorld {

  static final String A = "alpha";
  static final String B = "bravo";
  /** The Loghub system A's lines come from, and the service they are sent as. */
  static final String A_SYSTEM = "OpenSSH";
  static final String A_SERVICE = "openssh";
  /** A word of A's lines that nothing of B's holds. */
  static final String A_WORD = "sshd";
  /** Every role a tenant's own users can hold: all but {@code tenants.admin}. */
  static final List<Role> USER_ROLES = List.of(Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT, Role.ALERTS_MANAGE);
  /** Ids A gave its own events (client ids, as a client may choose them). */
  static final List<String> A_CLIENT_IDS = List.of("c-1", "c-2", "c-3", "c-4", "c-5");
  /** B's own events sent when the world is made. */
  static final int B_SEEDED = 3;

  final RuntimeFixture fx;
  /** A's token: every user role. */
  final String aUser;
  /** B's token: every user role. */
  final String bUser;
  /** B's token with tenants.admin (and the user roles): an operator whose own tenant is B. */
  final String bAdmin;
  /** A's events as A sees them: id to message. */
  final Map<String, String> aEvents;
  /** The query A's cursor was made for, and the cursor of its second page. */
  final String aCursorQuery;
  final String aCursor;
  /** A's tenant record version before the probes. */
  final long aVersion;
  /** The id of A's alert rule (named {@link #A_ALERT_NAME}, a webhook with {@link #A_ALERT_SECRET}). */
  final String aAlert;
  static final String A_ALERT_NAME = "alpha rule on sshd";
  static final String A_ALERT_SECRET = "alpha-webhook-secret-0001";

  private IsolationWorld(RuntimeFixture fx, String aUser, String bUser, String bAdmin, Map<String, String> aEvents,
      String aCursorQuery, String aCursor, long aVersion, String aAlert) {
    this.fx = fx;
    this.aUser = aUser;
    this.bUser = bUser;
    this.bAdmin = bAdmin;
    this.aEvents = aEvents;
    this.aCursorQuery = aCursorQuery;
    this.aCursor = aCursor;
    this.aVersion = aVersion;
    this.aAlert = aAlert;
  }

  /** Registers A and B, sends A's lines and B's few events, and waits until all are queryable. */
  static IsolationWorld make(RuntimeFixture fx) throws Exception {
    String ops = fx.token("ops", Role.TENANTS_ADMIN);
    for (String t : List.of(A, B)) {
      Answer created = call(fx, "POST", "tenants", ops, "{\"id\":\"" + t + "\",\"name\":\"" + t
          + "\",\"plan\":\"standard\",\"status\":\"active\"}", Map.of());
      assertEquals(201, created.status(), created.raw());
    }
    String aUser = fx.token(A, USER_ROLES.toArray(Role[]::new));
    String bUser = fx.token(B, USER_ROLES.toArray(Role[]::new));
    List<Role> adminRoles = new ArrayList<>(USER_ROLES);
    adminRoles.add(Role.TENANTS_ADMIN);
    String bAdmin = fx.token(B, adminRoles.toArray(Role[]::new));

    List<String> lines = Loghub.lines(A_SYSTEM);
    for (int from = 0; from < lines.size(); from += 500) {
      String body = String.join("\n", lines.subList(from, Math.min(lines.size(), from + 500))) + "\n";
      HttpResponse<String> r = fx.ingestAs(aUser, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8),
          "service=" + A_SERVICE);
      assertEquals(202, r.statusCode(), r.body());
    }
    StringBuilder named = new StringBuilder();
    for (String id : A_CLIENT_IDS) {
      named.append("{\"id\":\"").append(id).append("\",\"message\":\"alpha secret ").append(id)
          .append("\",\"service\":\"alpha-app\"}\n");
    }
    assertEquals(202, fx.ingestAs(aUser, "application/x-ndjson", named.toString().getBytes(StandardCharsets.UTF_8),
        null).statusCode());
    StringBuilder own = new StringBuilder();
    for (int i = 0; i < B_SEEDED; i++) {
      own.append("{\"message\":\"bravo seed ").append(i).append("\",\"service\":\"bravo-app\"}\n");
    }
    assertEquals(202, fx.ingestAs(bUser, "application/x-ndjson", own.toString().getBytes(StandardCharsets.UTF_8),
        null).statusCode());
    fx.awaitProcessed();

    Map<String, String> aEvents = new LinkedHashMap<>();
    for (JsonNode e : fx.queryAll(Map.of(), aUser)) {
      aEvents.put(e.get("id").asText(), e.get("message").asText());
    }
    assertEquals(lines.size() + A_CLIENT_IDS.size(), aEvents.size(), "A sees each of its events once");
    String cursorQuery = "{\"services\":[\"" + A_SERVICE + "\"],\"limit\":10}";
    Answer first = Answer.of(fx.queryAs(aUser, cursorQuery));
    assertEquals(200, first.status(), first.raw());
    String cursor = first.json().path("nextCursor").asText(null);
    assertNotNull(cursor, "A's first page has a next one");
    Answer record = call(fx, "GET", "tenants/" + A, ops, null, Map.of());
    Answer rule = call(fx, "POST", "alerts", aUser, "{\"name\":\"" + A_ALERT_NAME + "\",\"query\":{\"q\":\""
        + A_WORD + "\"},\"condition\":{\"type\":\"threshold\",\"count\":5,\"window\":\"1m\"},"
        + "\"notify\":[{\"type\":\"webhook\",\"url\":\"https://alpha.example.com/hook\",\"secret\":\""
        + A_ALERT_SECRET + "\"}]}", Map.of());
    assertEquals(201, rule.status(), rule.raw());
    return new IsolationWorld(fx, aUser, bUser, bAdmin, aEvents, cursorQuery, cursor,
        record.json().path("version").asLong(), rule.json().path("id").asText());
  }

  /** An HTTP call to {@code /api/<path>}. */
  Answer call(String method, String path, String bearer, String body, Map<String, String> headers) throws Exception {
    return call(fx, method, path, bearer, body, headers);
  }

  static Answer call(RuntimeFixture fx, String method, String path, String bearer, String body,
      Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri(path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
      b.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
    }
    headers.forEach(b::header);
    return Answer.of(fx.send(b));
  }

  /** Every event {@code bearer}'s tenant sees for {@code query}, page by page. */
  List<JsonNode> events(String bearer, Map<String, Object> query) throws Exception {
    return fx.queryAll(query, bearer);
  }

  /** The events of {@code seen} that are A's: an (id, message) pair A has. */
  List<String> aEventsAmong(List<JsonNode> seen) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : seen) {
      String message = aEvents.get(e.path("id").asText());
      if (message != null && message.equals(e.path("message").asText())) {
        out.add(e.path("id").asText());
      }
    }
    return out;
  }

  /** Whether {@code text} names A or holds any of A's event ids or messages. */
  boolean mentionsA(String text) {
    if (text.contains(A)) {
      return true;
    }
    for (Map.Entry<String, String> e : aEvents.entrySet()) {
      if (text.contains(e.getKey()) || text.contains(e.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** The distinct values of {@code field} over the items of {@code array}. */
  static Set<String> values(JsonNode array, String field) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }
}
