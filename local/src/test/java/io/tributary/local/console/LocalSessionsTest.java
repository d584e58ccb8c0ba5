package io.tributary.local.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.auth.Principal;
import io.tributary.auth.Role;
import io.tributary.auth.TokenIssuer;
import io.tributary.auth.TokenVerifier;
import io.tributary.local.host.HostResponse;
import io.tributary.local.host.HostRoutes;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may start a local session, decided from the connection's addresses and the request's headers. */
class LocalSessionsTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
  private final LocalSessions sessions = new LocalSessions(new TokenIssuer(KEY, "iss", "aud", "tenant"),
      Duration.ofDays(1), clock);

  private static HostRoutes.Request from(String remote, String local, Map<String, String> headers) {
    return new HostRoutes.Request("POST", ConsoleRoutes.SESSION_PATH, Map.of("tenant", "acme"), headers,
        new InetSocketAddress(local, 7071), new InetSocketAddress(remote, 50000));
  }

  private static String body(HostResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void aCallerOnAnotherMachineIsRefused() {
    HostResponse r = sessions.post(from("10.1.2.3", "10.1.2.4", Map.of("host", "127.0.0.1:7071")));
    assertEquals(403, r.status());
    assertTrue(body(r).contains("\"code\":\"not_loopback\""), body(r));
    assertFalse(body(r).contains("\"token\""), body(r));
  }

  @Test
  void aConnectionToAnOutwardAddressIsRefusedEvenFromThisMachine() {
    // Bound to 0.0.0.0 and called at the machine's own address: not a loopback connection.
    HostResponse r = sessions.post(from("127.0.0.1", "192.168.1.20", Map.of("host", "127.0.0.1:7071")));
    assertEquals(403, r.status());
  }

  @Test
  void aLoopbackCallerGetsATokenOfItsTenantForAnHourAtMost() throws Exception {
    HostResponse r = sessions.post(from("127.0.0.1", "127.0.0.1", Map.of("host", "localhost:7071")));
    assertEquals(200, r.status(), body(r));
    String token = io.tributary.json.Json.mapper().readTree(r.body()).get("token").asText();
    Principal p = TokenVerifier.hs256(KEY, "iss", "aud", "tenant", Duration.ofDays(1), clock)
        .verify("Bearer " + token);
    assertEquals("acme", p.tenant().value());
    assertTrue(p.roles().contains(Role.LOGS_READ));
    assertFalse(p.roles().contains(Role.TENANTS_ADMIN));
    assertFalse(p.roles().contains(Role.LOGS_WRITE));
    assertTrue(body(r).contains("\"expiresAt\":\"2026-11-29T13:00:00Z\""), body(r));
  }

  @Test
  void ipv6LoopbackIsLoopback() {
    HostResponse r = sessions.post(from("::1", "::1", Map.of("host", "[::1]:7071")));
    assertEquals(200, r.status(), body(r));
  }

  @Test
  void hostAndOriginMustNameThisMachine() {
    assertTrue(LocalSessions.loopbackAuthority("127.0.0.1:7071", false));
    assertTrue(LocalSessions.loopbackAuthority("localhost", false));
    assertTrue(LocalSessions.loopbackAuthority("http://127.0.0.1:7071", true));
    assertFalse(LocalSessions.loopbackAuthority("127.0.0.1.attacker.example", false));
    assertFalse(LocalSessions.loopbackAuthority("localhost.attacker.example:7071", false));
    assertFalse(LocalSessions.loopbackAuthority("null", true));
    assertFalse(LocalSessions.loopbackAuthority("file:///tmp/x.html", true));
    assertFalse(LocalSessions.loopbackAuthority(null, false));
  }
}
