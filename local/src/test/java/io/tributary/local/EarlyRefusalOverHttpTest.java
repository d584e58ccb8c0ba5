package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.auth.Role;
import io.tributary.auth.TokenIssuer;
import io.tributary.event.TenantId;
import io.tributary.functions.Access;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.RouteAccess;
import io.tributary.local.host.FunctionCatalog;
import io.tributary.local.host.FunctionDefinition;
import io.tributary.local.testing.RawHttp;
import io.tributary.local.testing.RuntimeFixture;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host checks a route's token against the access table once the headers are in, before it
 * reads the body: a missing, invalid or under-privileged token is answered 401/403 and the
 * connection closed with the body unread.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EarlyRefusalOverHttpTest {

  private static final int FIFTEEN_MIB = 15 << 20;

  @TempDir
  static Path dir;
  private RuntimeFixture fx;

  @BeforeAll
  void start() throws Exception {
    fx = RuntimeFixture.start(dir);
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  private int port() {
    return fx.runtime.port();
  }

  private static String post(String path, String authorization, long contentLength) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
        + "Content-Length: " + contentLength + "\r\n\r\n";
  }

  private static void assertRefusedAndClosed(RawHttp c, int status, String code) throws Exception {
    RawHttp.Response r = c.read();
    assertEquals(status, r.status(), r.text());
    assertEquals("application/problem+json", r.headers().get("content-type"));
    assertEquals(code, r.code(), r.text());
    assertEquals("close", r.headers().get("connection"));
    if (status == 401) {
      assertEquals("Bearer", r.headers().get("www-authenticate"));
    }
    assertTrue(c.closedWithin(Duration.ofSeconds(5)), "the connection is closed after the answer");
  }

  @Test
  void aFifteenMibBodyWithoutATokenIs401AndTheConnectionClosedWithTheBodyUnread() throws Exception {
    long before = fx.runtime.httpServer().bytesReceived();
    try (RawHttp c = RawHttp.openWithSmallSendBuffer(port())) {
      c.send(post("/api/logs/ingest", null, FIFTEEN_MIB));
      c.send(new byte[64 << 10]);
      assertRefusedAndClosed(c, 401, "missing_token");
      long written = c.writeUntilRefused(FIFTEEN_MIB - (64 << 10), (byte) 'x');
      assertTrue(written < FIFTEEN_MIB - (64 << 10), "the server stopped taking the body; " + written + " bytes went");
    }
    long read = fx.runtime.httpServer().bytesReceived() - before;
    assertTrue(read < (1 << 20), "the server read " + read + " bytes of a 15 MiB request");
  }

  @Test
  void forgedExpiredAndForeignTokensAre401BeforeTheBody() throws Exception {
    TokenIssuer attacker = new TokenIssuer("an-attacker-key-an-attacker-key-!!".getBytes(StandardCharsets.UTF_8),
        "tributary-local", "tributary", "tenant");
    String forged = attacker.issue(TenantId.of("acme"), Instant.now(), Duration.ofHours(1));
    String expired = fx.runtime.tokenIssuer().issue(TenantId.of("acme"), List.of(Role.LOGS_WRITE),
        Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
    List<String[]> cases = List.of(
        new String[] {"Bearer " + forged, "invalid_token"},
        new String[] {"Bearer " + expired, "token_expired"},
        new String[] {"Bearer not.a.jwt", "invalid_token"},
        new String[] {"Basic YWRtaW46YWRtaW4=", "invalid_token"});
    for (String[] c : cases) {
      try (RawHttp http = RawHttp.open(port())) {
        http.send(post("/api/logs/ingest", c[0], FIFTEEN_MIB));
        assertRefusedAndClosed(http, 401, c[1]);
      }
    }
  }

  @Test
  void aTokenWithoutTheRoutesRoleIs403BeforeTheBody() throws Exception {
    try (RawHttp c = RawHttp.open(port())) {
      c.send(post("/api/logs/ingest", "Bearer " + fx.token("acme", Role.LOGS_READ), FIFTEEN_MIB));
      assertRefusedAndClosed(c, 403, "missing_role");
    }
    try (RawHttp c = RawHttp.open(port())) {
      c.send(post("/api/logs/query", "Bearer " + fx.token("acme", Role.LOGS_WRITE), 2));
      assertRefusedAndClosed(c, 403, "missing_role");
    }
  }

  /** Each route's access, as the table gives it, is enforced before the body on every route. */
  @Test
  void everyRouteOfTheAccessTableIsEnforcedBeforeTheBody() throws Exception {
    int checked = 0;
    for (FunctionDefinition f : FunctionCatalog.scan(FunctionApp.class)) {
      HttpTrigger t = null;
      for (Parameter p : f.method().getParameters()) {
        t = t != null ? t : p.getAnnotation(HttpTrigger.class);
      }
      if (t == null) {
        continue;
      }
      Access access = RouteAccess.of(f.name());
      // Optional route values left empty (the Console function's page at console/), the others given.
      String path = "/api/" + t.route().replaceAll("\\{[^}]*\\?}", "").replaceAll("\\{[^}]*}", "x");
      String method = t.methods()[0].name();
      if (!access.needsToken()) {
        try (RawHttp c = RawHttp.open(port())) {
          c.send(method + " " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
          assertEquals(200, c.read().status(), f.name() + " is public");
        }
        checked++;
        continue;
      }
      try (RawHttp c = RawHttp.open(port())) {
        c.send(method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + FIFTEEN_MIB + "\r\n\r\n");
        assertRefusedAndClosed(c, 401, "missing_token");
      }
      if (access.role() == null) {
        checked++;
        continue;
      }
      Set<Role> others = EnumSet.allOf(Role.class);
      others.remove(access.role());
      try (RawHttp c = RawHttp.open(port())) {
        c.send(method + " " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + fx.token("acme", others.toArray(Role[]::new)) + "\r\nContent-Length: " + FIFTEEN_MIB + "\r\n\r\n");
        assertRefusedAndClosed(c, 403, "missing_role");
      }
      checked++;
    }
    assertEquals(RouteAccess.all().values().stream().filter(a -> a.kind() != Access.Kind.TRIGGER).count(), checked,
        "every HTTP function of the access table");
  }

  @Test
  void expectContinueGetsTheRefusalInsteadOfAContinue() throws Exception {
    try (RawHttp c = RawHttp.open(port())) {
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n"
          + "Content-Length: " + FIFTEEN_MIB + "\r\n\r\n");
      assertRefusedAndClosed(c, 401, "missing_token");
    }
    byte[] body = "one line\n".getBytes(StandardCharsets.UTF_8);
    try (RawHttp c = RawHttp.open(port())) {
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n"
          + "Authorization: Bearer " + fx.token + "\r\nContent-Length: " + body.length + "\r\n\r\n");
      assertEquals(100, c.read().status(), "go ahead");
      c.send(body);
      RawHttp.Response r = c.read();
      assertEquals(202, r.status(), r.text());
      assertFalse(c.closedWithin(Duration.ofMillis(200)), "kept alive");
    }
  }

  @Test
  void aValidTokenHasItsBodyReadAndTheFunctionRuns() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      lines.add("early refusal keeps good requests " + i);
    }
    byte[] body = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    try (RawHttp c = RawHttp.open(port())) {
      c.send(post("/api/logs/ingest", "Bearer " + fx.token, body.length)).send(body);
      RawHttp.Response r = c.read();
      assertEquals(202, r.status(), r.text());
      assertEquals(1000, r.json().get("accepted").asInt());
    }
  }

  /**
   * A small request arrives whole with its headers (one write), so the host admits and runs it in one
   * task: a refusal there is still answered alone and closes the connection, and the request
   * pipelined behind it is not served; with the right role, both are answered in order.
   */
  @Test
  void aSmallRequestThatArrivedWholeIsRefusedAndClosedAsAnyOther() throws Exception {
    String query = "{\"limit\":1}";
    String health = "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n";
    try (RawHttp c = RawHttp.open(port())) {
      c.send(post("/api/logs/query", "Bearer " + fx.token("acme", Role.LOGS_WRITE), query.length()) + query + health);
      assertRefusedAndClosed(c, 403, "missing_role");
    }
    try (RawHttp c = RawHttp.open(port())) {
      c.send(post("/api/logs/query", "Bearer " + fx.token("acme", Role.LOGS_READ), query.length()) + query + health);
      RawHttp.Response first = c.read();
      assertEquals(200, first.status(), first.text());
      assertTrue(first.json().has("events"), first.text());
      RawHttp.Response second = c.read();
      assertEquals(200, second.status(), second.text());
      assertEquals("ready", second.json().get("status").asText());
    }
  }

  @Test
  void healthNeedsNoToken() throws Exception {
    try (RawHttp c = RawHttp.open(port())) {
      c.send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response r = c.read();
      assertEquals(200, r.status());
      assertEquals("ready", r.json().get("status").asText());
    }
  }
}
