package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
  private final TokenVerifier atNow = TokenVerifier.hs256(KEY, "tributary-local", "tributary", "tenant",
      Duration.ofHours(24), java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));

  private String codeAtNow(String token) {
    return assertThrows(AuthException.class, () -> atNow.verify("Bearer " + token)).problem().code();
  }

  /** A token signed with the test key whose claims the test chooses (iat may be absent). */
  private static String signed(java.util.Date iat, java.util.Date exp) throws Exception {
    com.nimbusds.jwt.JWTClaimsSet.Builder b = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer("tributary-local")
        .audience("tributary").subject("local:acme").expirationTime(exp).claim("tenant", "acme")
        .claim("roles", List.of("logs.read"));
    if (iat != null) {
      b.issueTime(iat);
    }
    com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
        new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), b.build());
    jwt.sign(new com.nimbusds.jose.crypto.MACSigner(KEY));
    return jwt.serialize();
  }

  @Test
  void aTokenLivingLongerThanTheMaximumIsRefusedWhenStillValid() throws Exception {
    String hundredYears = issuer.issue(TenantId.of("acme"), NOW.minusSeconds(60), Duration.ofDays(36_500));
    assertEquals(AuthReasons.TOKEN_LIFETIME_TOO_LONG, codeAtNow(hundredYears));
    String aDayAndASecond = issuer.issue(TenantId.of("acme"), NOW, Duration.ofHours(24).plusSeconds(1));
    assertEquals(AuthReasons.TOKEN_LIFETIME_TOO_LONG, codeAtNow(aDayAndASecond));
    String aDay = issuer.issue(TenantId.of("acme"), NOW, Duration.ofHours(24));
    assertEquals(TenantId.of("acme"), atNow.verify("Bearer " + aDay).tenant());
  }

  @Test
  void aTokenWithoutAnIssueTimeIsRefused() throws Exception {
    String t = signed(null, java.util.Date.from(NOW.plusSeconds(600)));
    assertEquals(AuthReasons.TOKEN_WITHOUT_ISSUE_TIME, codeAtNow(t));
  }

  @Test
  void aTokenIssuedInTheFutureIsRefusedBeyondTheClockSkew() throws Exception {
    String later = signed(java.util.Date.from(NOW.plusSeconds(300)), java.util.Date.from(NOW.plusSeconds(900)));
    assertEquals(AuthReasons.TOKEN_ISSUED_IN_FUTURE, codeAtNow(later));
    String withinSkew = signed(java.util.Date.from(NOW.plusSeconds(30)), java.util.Date.from(NOW.plusSeconds(900)));
    assertEquals(TenantId.of("acme"), atNow.verify("Bearer " + withinSkew).tenant());
  }

  @Test
  void expiryIsJudgedByTheInjectedClock() throws Exception {
    String t = issuer.issue(TenantId.of("acme"), NOW.minusSeconds(3600), Duration.ofMinutes(30));
    assertEquals(AuthReasons.TOKEN_EXPIRED, codeAtNow(t));
    TokenVerifier earlier = TokenVerifier.hs256(KEY, "tributary-local", "tributary", "tenant", Duration.ofHours(24),
        java.time.Clock.fixed(NOW.minusSeconds(3000), java.time.ZoneOffset.UTC));
    assertEquals(TenantId.of("acme"), earlier.verify("Bearer " + t).tenant());
  }

  @Test
  void aVerifiedTokenIsKeptButAnsweredAsVerifyingItAgainWould() throws Exception {
    io.tributary.testing.MutableClock clock = new io.tributary.testing.MutableClock(NOW);
    TokenVerifier v = TokenVerifier.hs256(KEY, "tributary-local", "tributary", "tenant", Duration.ofHours(24), clock);
    String t = "Bearer " + issuer.issue(TenantId.of("acme"), List.of(Role.LOGS_READ), NOW, Duration.ofMinutes(5));
    assertEquals(TenantId.of("acme"), v.verify(t).tenant());
    assertEquals(1, v.verifiedTokens());
    // Answered from what was kept: the same principal, and the role check still applies.
    assertEquals(new Principal(TenantId.of("acme"), "local:acme", Set.of(Role.LOGS_READ)), v.verify(t));
    assertEquals(AuthReasons.MISSING_ROLE,
        assertThrows(AuthException.class, () -> v.require(t, Role.LOGS_WRITE)).problem().code());
    // A clock set back before the token's iat (beyond the skew) judges it afresh.
    clock.advance(Duration.ofMinutes(-10));
    assertEquals(AuthReasons.TOKEN_ISSUED_IN_FUTURE,
        assertThrows(AuthException.class, () -> v.verify(t)).problem().code());
    clock.advance(Duration.ofMinutes(10));
    v.verify(t);
    // Once the token's exp has passed (beyond the skew), it is expired, kept or not.
    clock.advance(Duration.ofMinutes(5).plus(TokenVerifier.CLOCK_SKEW).plusSeconds(1));
    assertEquals(AuthReasons.TOKEN_EXPIRED, assertThrows(AuthException.class, () -> v.verify(t)).problem().code());
    assertEquals(0, v.verifiedTokens());
  }

  @Test
  void refusedTokensAreNotKeptAndWhatIsKeptIsBounded() {
    String forged = new TokenIssuer("another-key-another-key-another-k".getBytes(), "tributary-local", "tributary",
        "tenant").issue(TenantId.of("acme"), Instant.now(), Duration.ofMinutes(5));
    for (int i = 0; i < 3; i++) {
      assertEquals("invalid_token", code("Bearer " + forged));
    }
    assertEquals(0, verifier.verifiedTokens());
    for (int i = 0; i <= VerifiedTokens.MAX_ENTRIES; i++) {
      String t = issuer.issue(TenantId.of("t" + i), Instant.now(), Duration.ofMinutes(5));
      assertEquals(TenantId.of("t" + i), assertDoesNotThrow(() -> verifier.verify("Bearer " + t)).tenant());
      assertTrue(verifier.verifiedTokens() <= VerifiedTokens.MAX_ENTRIES);
    }
  }

  @Test
  void theLongestLifetimeIsASetting() {
    assertEquals(Duration.ofHours(24), io.tributary.config.Settings.from(java.util.Map.of()).jwtMaxLifetime());
    assertEquals(Duration.ofHours(2), io.tributary.config.Settings.from(
        java.util.Map.of("TRIBUTARY_JWT_MAX_LIFETIME_SECONDS", "7200")).jwtMaxLifetime());
  }
}
