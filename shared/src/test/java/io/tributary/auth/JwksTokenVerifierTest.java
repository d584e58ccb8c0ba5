package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tokens of an identity provider, checked against the keys it serves from a local JWKS endpoint. */
class JwksTokenVerifierTest {

  private static final RSAKey K1 = IdpTokens.rsa("k1");
  private static final RSAKey K2 = IdpTokens.rsa("k2");
  private static final RSAKey K3 = IdpTokens.rsa("k3");
  private static final ECKey E1 = IdpTokens.ec("e1");
  private static final byte[] LOCAL_KEY = "0123456789abcdef0123456789abcdef".getBytes();
  private static final List<String> ALL_ROLES = List.of("logs.write", "logs.read");

  private final JwksServer idp;

  JwksTokenVerifierTest() throws Exception {
    idp = new JwksServer();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private TokenVerifier verifier(JwksOptions options) {
    return verifier(idp.url(), options);
  }

  private static TokenVerifier verifier(URL jwks, JwksOptions options) {
    return TokenVerifier.builder()
        .local(LOCAL_KEY, "tributary-local", "tributary")
        .oidc(jwks, IdpTokens.ISSUER, List.of(IdpTokens.CLIENT_ID), options)
        .build();
  }

  /** Default options but for how soon an unknown key id may fetch the keys again. */
  private static JwksOptions refetchAfter(Duration minRefreshInterval) {
    JwksOptions d = JwksOptions.defaults();
    return new JwksOptions(d.cacheTtl(), d.refreshAhead(), d.refreshTimeout(), minRefreshInterval,
        d.connectTimeout(), d.readTimeout(), d.outageTolerance(), d.sizeLimitBytes());
  }

  private static String bearer(com.nimbusds.jose.jwk.JWK key) {
    return "Bearer " + IdpTokens.sign(key, IdpTokens.claims(Instant.now(), "acme", ALL_ROLES).build());
  }

  private static Problem refusal(TokenVerifier v, String header) {
    return assertThrows(AuthException.class, () -> v.verify(header)).problem();
  }

  @Test
  void rs256AndEs256TokensAreVerifiedAndTheKeysAreFetchedOnceForManyTokens() throws Exception {
    idp.publish(K1, E1);
    TokenVerifier v = verifier(JwksOptions.defaults());
    assertEquals(0, idp.fetches(), "keys are fetched on first use, not when the verifier is built");
    for (int i = 0; i < 25; i++) {
      Principal rs = v.verify(bearer(K1));
      Principal es = v.verify(bearer(E1));
      assertEquals(TenantId.of("acme"), rs.tenant());
      assertEquals(Set.of(Role.LOGS_WRITE, Role.LOGS_READ), es.roles());
    }
    assertEquals(1, idp.fetches());
  }

  @Test
  void manyRequestsOnAColdCacheShareOneFetch() throws Exception {
    idp.publish(K1);
    idp.delay(Duration.ofMillis(200));
    TokenVerifier v = verifier(JwksOptions.defaults());
    String token = bearer(K1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Principal>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        calls.add(() -> v.verify(token));
      }
      for (Future<Principal> f : pool.invokeAll(calls)) {
        assertEquals(TenantId.of("acme"), f.get().tenant());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, idp.fetches());
  }

  @Test
  void aNewKeyIsUsedAtOnceAndARemovedKeyStopsVerifyingOnceTheKeysAreFetchedAgain() throws Exception {
    idp.publish(K1);
    TokenVerifier v = verifier(refetchAfter(Duration.ofMillis(100)));
    assertEquals(TenantId.of("acme"), v.verify(bearer(K1)).tenant());
    assertEquals(1, idp.fetches());

    idp.publish(K1, K2); // rotation starts: the issuer publishes its next key
    assertEquals(TenantId.of("acme"), v.verify(bearer(K2)).tenant(), "an unknown kid fetches the keys again");
    assertEquals(2, idp.fetches());
    v.verify(bearer(K1));
    assertEquals(2, idp.fetches());

    idp.publish(K2, K3); // rotation ends: k1 is gone, and k3 is next
    v.verify(bearer(K1)); // the cached keys still hold k1 until they are fetched again
    assertEquals(2, idp.fetches());
    Thread.sleep(150);
    assertEquals(TenantId.of("acme"), v.verify(bearer(K3)).tenant());
    assertEquals(3, idp.fetches());
    Problem p = refusal(v, bearer(K1));
    assertEquals(401, p.status());
    assertEquals(AuthReasons.INVALID_TOKEN, p.code());
    assertTrue(p.detail().contains("'k1'"), p.detail());
    v.verify(bearer(K2));
    assertTrue(idp.fetches() <= 4, "at most one more fetch for the removed kid: " + idp.fetches());
  }

  @Test
  void unknownKeyIdsFetchTheKeysAtMostTwicePerInterval() throws Exception {
    idp.publish(K1);
    TokenVerifier v = verifier(JwksOptions.defaults());
    v.verify(bearer(K1));
    RSAKey stranger = IdpTokens.rsa("made-up");
    for (int i = 0; i < 20; i++) {
      assertEquals(AuthReasons.INVALID_TOKEN, refusal(v, bearer(stranger)).code());
    }
    assertEquals(2, idp.fetches(), "the first fetch and one refetch in the first 30 s");
    // The price: a key first used within 30 s of such a burst waits for the next window (or the 5 min refresh).
    idp.publish(K1, K2);
    assertEquals(AuthReasons.INVALID_TOKEN, refusal(v, bearer(K2)).code());
    assertEquals(2, idp.fetches());
  }

  @Test
  void theKeysAreFetchedAgainWhenTheCacheExpiresSoARemovedKeyStopsVerifyingWithoutAnyUnknownKid()
      throws Exception {
    idp.publish(K1, K2);
    JwksOptions shortCache = new JwksOptions(Duration.ofMillis(700), Duration.ofMillis(100), Duration.ofMillis(500),
        Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1), 64 * 1024);
    TokenVerifier v = verifier(shortCache);
    v.verify(bearer(K1));
    assertEquals(1, idp.fetches());
    idp.publish(K2);
    Thread.sleep(800);
    v.verify(bearer(K2));
    assertEquals(2, idp.fetches());
    assertEquals(AuthReasons.INVALID_TOKEN, refusal(v, bearer(K1)).code());
  }

  @Test
  void aRemovedKeyStopsVerifyingWithinTheKeyCacheTimeEvenForATokenVerifiedOverAndOver() throws Exception {
    idp.publish(K1, K2);
    JwksOptions shortCache = new JwksOptions(Duration.ofMillis(700), Duration.ofMillis(100), Duration.ofMillis(500),
        Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1), 64 * 1024);
    TokenVerifier v = verifier(shortCache);
    String t = bearer(K1);
    long start = System.nanoTime();
    v.verify(t); // the keys are fetched in this call, so they are used until start + 700 ms at the latest
    v.verify(t);
    assertEquals(1, v.verifiedTokens(), "the token is kept");
    assertEquals(1, idp.fetches());
    idp.publish(K2);
    Problem refused = null;
    while (refused == null && System.nanoTime() - start < 5_000_000_000L) {
      try {
        v.verify(t);
        Thread.sleep(20);
      } catch (AuthException e) {
        refused = e.problem();
      }
    }
    long after = (System.nanoTime() - start) / 1_000_000;
    assertEquals(AuthReasons.INVALID_TOKEN, refused == null ? null : refused.code());
    assertTrue(after < 700 + 500, "refused " + after + " ms after the keys were fetched, not within the 700 ms"
        + " they are kept (and a moment to fetch them again)");
  }

  @Test
  void anUnreachableIssuerIs503WithRetryAfterNot401EvenOnceRefetchesAreRateLimited() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    TokenVerifier v = verifier(URI.create("http://127.0.0.1:" + closedPort + "/keys").toURL(),
        JwksOptions.defaults());
    for (int i = 0; i < 5; i++) {
      Problem p = refusal(v, bearer(K1));
      assertEquals(503, p.status());
      assertEquals(AuthReasons.IDENTITY_PROVIDER_UNAVAILABLE, p.code());
      assertEquals(TokenVerifier.UNAVAILABLE_RETRY_AFTER_SECONDS, p.extensions().get("retryAfterSeconds"));
    }
    // Tokens of the local key do not need the identity provider.
    String local = new TokenIssuer(LOCAL_KEY, "tributary-local", "tributary", "tenant")
        .issue(TenantId.of("acme"), Instant.now(), Duration.ofMinutes(5));
    assertEquals(TenantId.of("acme"), v.verify("Bearer " + local).tenant());
  }

  @Test
  void anIssuerAnsweringAnErrorIs503() {
    idp.status(500);
    Problem p = refusal(verifier(JwksOptions.defaults()), bearer(K1));
    assertEquals(503, p.status());
    assertEquals(AuthReasons.IDENTITY_PROVIDER_UNAVAILABLE, p.code());
  }

  @Test
  void aHangingIssuerCannotHoldARequestPastItsTimeouts() {
    idp.publish(K1);
    idp.delay(Duration.ofSeconds(5));
    JwksOptions d = JwksOptions.defaults();
    JwksOptions quick = new JwksOptions(d.cacheTtl(), d.refreshAhead(), d.refreshTimeout(), d.minRefreshInterval(),
        Duration.ofMillis(300), Duration.ofMillis(300), d.outageTolerance(), d.sizeLimitBytes());
    TokenVerifier v = verifier(quick);
    long start = System.nanoTime();
    Problem p = refusal(v, bearer(K1));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(503, p.status());
    assertTrue(tookMs < 2_500, "one try and one retry of 300 ms each, took " + tookMs + " ms");
  }

  @Test
  void keysFetchedBeforeTheIssuerWentDownStillVerify() throws Exception {
    idp.publish(K1);
    TokenVerifier v = verifier(JwksOptions.defaults());
    v.verify(bearer(K1));
    idp.close();
    for (int i = 0; i < 5; i++) {
      assertEquals(TenantId.of("acme"), v.verify(bearer(K1)).tenant());
    }
  }

  @Test
  void anEntraIdTokenNamesItsDirectoryAsTheTenantAndItsAppRoles() throws Exception {
    idp.publish(K1);
    TokenVerifier v = TokenVerifier.builder()
        .oidc(idp.url(), IdpTokens.ISSUER, List.of(IdpTokens.CLIENT_ID, "api://tributary"))
        .tenantClaim("tid")
        .rolesClaim("roles")
        .build();
    String token = IdpTokens.sign(K1, IdpTokens.claims(Instant.now(), "ignored",
        List.of("logs.read", "logs.export", "Tenant.Reader")).claim("scp", "user_impersonation").build());
    Principal p = v.verify("Bearer " + token);
    assertEquals(TenantId.of(IdpTokens.DIRECTORY), p.tenant());
    assertEquals(Set.of(Role.LOGS_READ, Role.LOGS_EXPORT), p.roles(), "roles it does not know are ignored");
    assertEquals(AuthReasons.MISSING_ROLE, assertThrows(AuthException.class,
        () -> v.require("Bearer " + token, Role.TENANTS_ADMIN)).problem().code());
    // A v1 token's audience is the application ID URI; both are accepted when both are configured.
    String v1 = IdpTokens.sign(K1, IdpTokens.claims(Instant.now(), "x", List.of("logs.write"))
        .audience("api://tributary").build());
    assertEquals(Set.of(Role.LOGS_WRITE), v.verify("Bearer " + v1).roles());
  }

  @Test
  void aRolesClaimMayBeOneStringSeparatedBySpacesOrCommas() throws Exception {
    idp.publish(E1);
    TokenVerifier v = TokenVerifier.builder()
        .oidc(idp.url(), IdpTokens.ISSUER, List.of(IdpTokens.CLIENT_ID))
        .rolesClaim("scp")
        .build();
    String spaced = IdpTokens.sign(E1, IdpTokens.claims(Instant.now(), "acme", List.of())
        .claim("scp", "logs.read logs.write  openid").build());
    assertEquals(Set.of(Role.LOGS_READ, Role.LOGS_WRITE), v.verify("Bearer " + spaced).roles());
    String commas = IdpTokens.sign(E1, IdpTokens.claims(Instant.now(), "acme", List.of())
        .claim("scp", "alerts.manage,tenants.admin").build());
    assertEquals(Set.of(Role.ALERTS_MANAGE, Role.TENANTS_ADMIN), v.verify("Bearer " + commas).roles());
  }

  @Test
  void eachIssuerIsCheckedAgainstItsOwnIssuerAndAudience() throws Exception {
    idp.publish(K1);
    TokenVerifier v = verifier(JwksOptions.defaults());
    Instant now = Instant.now();
    String local = new TokenIssuer(LOCAL_KEY, "tributary-local", "tributary", "tenant")
        .issue(TenantId.of("acme"), now, Duration.ofMinutes(5));
    assertEquals(TenantId.of("acme"), v.verify("Bearer " + local).tenant());
    assertEquals(TenantId.of("acme"), v.verify(bearer(K1)).tenant());
    String rsWithLocalNames = IdpTokens.sign(K1, IdpTokens.claims(now, "acme", ALL_ROLES)
        .issuer("tributary-local").audience("tributary").build());
    assertEquals(AuthReasons.INVALID_TOKEN, refusal(v, "Bearer " + rsWithLocalNames).code());
    String hsWithIdpNames = IdpTokens.hs256(LOCAL_KEY, null, IdpTokens.claims(now, "acme", ALL_ROLES).build());
    assertEquals(AuthReasons.INVALID_TOKEN, refusal(v, "Bearer " + hsWithIdpNames).code());
  }
}
