package io.tributary.local.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.auth.Role;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credentials shippers can be configured with — {@code Bearer}, {@code Basic} with the token
 * as the password, {@code ApiKey} — reach our ingest and compat routes alike, and the events land
 * in the verified token's tenant whatever the user name, key id or headers say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShipperCredentialsOverHttpTest {

  @TempDir
  static Path dir;
  private RuntimeFixture fx;
  private String acme;
  private String globexReader;

  @BeforeAll
  void start() throws Exception {
    fx = RuntimeFixture.start(dir);
    acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ);
    globexReader = fx.token("globex", Role.LOGS_READ);
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(String route, String authorization, String contentType, String body)
      throws Exception {
    return fx.send(HttpRequest.newBuilder(fx.uri(route)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", authorization).header("Content-Type", contentType).header("X-Tenant", "globex"));
  }

  @Test
  void everyFormOfTheTokenIsAcceptedAndTheTenantIsTheTokens() throws Exception {
    List<String> lines = Loghub.lines("Apache").subList(0, 3);
    String[] auth = {"Basic " + b64("globex:" + acme), "ApiKey " + acme, "ApiKey " + b64("globex-key:" + acme)};
    for (int i = 0; i < auth.length; i++) {
      HttpResponse<String> r = send("logs/ingest?service=creds-" + i, auth[i], "text/plain", lines.get(i));
      assertEquals(202, r.statusCode(), auth[i].substring(0, 10) + ": " + r.body());
      String otlp = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
          + "{\"stringValue\":\"creds-otlp-" + i + "\"}}]},\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":"
          + "\"over otlp " + i + "\"}}]}]}]}";
      HttpResponse<String> o = send("compat/otlp/v1/logs", auth[i], "application/json", otlp);
      assertEquals(200, o.statusCode(), o.body());
    }
    fx.awaitProcessed();
    for (int i = 0; i < auth.length; i++) {
      assertEquals(1, fx.queryAll(Map.of("services", List.of("creds-" + i)), acme).size(), "in acme");
      assertEquals(1, fx.queryAll(Map.of("services", List.of("creds-otlp-" + i)), acme).size(), "in acme");
      assertEquals(0, fx.queryAll(Map.of("services", List.of("creds-" + i, "creds-otlp-" + i)), globexReader).size(),
          "nothing in the tenant the user name, key id and X-Tenant named");
    }
  }

  @Test
  void aBasicPasswordThatIsNotATokenIs401() throws Exception {
    HttpResponse<String> r = send("logs/ingest", "Basic " + b64("acme:hunter2"), "text/plain", "a line");
    assertEquals(401, r.statusCode(), r.body());
    HttpResponse<String> o = send("compat/otlp/v1/logs", "ApiKey not-a-token", "application/json", "{}");
    assertEquals(401, o.statusCode(), o.body());
  }
}
