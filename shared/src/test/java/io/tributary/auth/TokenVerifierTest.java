package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.event.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
  private final TokenVerifier verifier = TokenVerifier.hs256(KEY, "tributary-local", "tributary", "tenant");
  private final TokenIssuer issuer = new TokenIssuer(KEY, "tributary-local", "tributary", "tenant");

  private String code(String header) {
    return assertThrows(AuthException.class, () -> verifier.verify(header)).problem().code();
  }

  @Test
  void aValidTokenNamesTheTenantAndRoles() throws Exception {
    String t = issuer.issue(TenantId.of("acme"), List.of(Role.LOGS_READ), Instant.now(), Duration.ofMinutes(5));
    Principal p = verifier.verify("Bearer " + t);
    assertEquals(TenantId.of("acme"), p.tenant());
    assertEquals(Set.of(Role.LOGS_READ), p.roles());
    assertEquals("missing_role", assertThrows(AuthException.class,
        () -> verifier.require("Bearer " + t, Role.LOGS_WRITE)).problem().code());
  }

  @Test
  void missingMalformedForgedAndExpiredTokensAre401() {
    assertEquals("missing_token", code(null));
    assertEquals("missing_token", code(" "));
    assertEquals("invalid_token", code("Basic dXNlcjpwYXNz"));
    assertEquals("invalid_token", code("Bearer not.a.jwt"));
    String forged = new TokenIssuer("another-key-another-key-another-k".getBytes(), "tributary-local", "tributary",
        "tenant").issue(TenantId.of("acme"), Instant.now(), Duration.ofMinutes(5));
    assertEquals("invalid_token", code("Bearer " + forged));
    String expired = issuer.issue(TenantId.of("acme"), Instant.now().minusSeconds(3600), Duration.ofMinutes(5));
    assertEquals("token_expired", code("Bearer " + expired));
    String otherAudience = new TokenIssuer(KEY, "tributary-local", "someone-else", "tenant")
        .issue(TenantId.of("acme"), Instant.now(), Duration.ofMinutes(5));
    assertEquals("invalid_token", code("Bearer " + otherAudience));
  }

  @Test
  void aTokenWithoutTheTenantClaimIsRefused() {
    String t = new TokenIssuer(KEY, "tributary-local", "tributary", "org")
        .issue(TenantId.of("acme"), Instant.now(), Duration.ofMinutes(5));
    assertEquals(401, assertThrows(AuthException.class, () -> verifier.verify("Bearer " + t)).problem().status());
  }
}
