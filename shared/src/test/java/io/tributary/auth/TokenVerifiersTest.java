package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verifier the settings describe, as both runtimes build it. */
class TokenVerifiersTest {

  private static final byte[] LOCAL_KEY = "0123456789abcdef0123456789abcdef".getBytes();

  @Test
  void aJwksUrlNeedsTheIdentityProvidersIssuerAndAudience() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of(
        "TRIBUTARY_JWT_JWKS_URL", "https://login.microsoftonline.com/x/discovery/v2.0/keys")));
    assertTrue(e.getMessage().contains("TRIBUTARY_OIDC_ISSUER is required when TRIBUTARY_JWT_JWKS_URL is set"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of(
        "TRIBUTARY_JWT_JWKS_URL", "https://login.microsoftonline.com/x/discovery/v2.0/keys",
        "TRIBUTARY_OIDC_ISSUER", "https://login.microsoftonline.com/x/v2.0",
        "TRIBUTARY_OIDC_AUDIENCE", " , ")));
    assertTrue(e.getMessage().contains("TRIBUTARY_OIDC_AUDIENCE is required"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of(
        "TRIBUTARY_JWT_JWKS_URL", "login.microsoftonline.com/keys")));
    assertTrue(e.getMessage().contains("TRIBUTARY_JWT_JWKS_URL=login.microsoftonline.com/keys is not"), e.getMessage());
    Settings none = Settings.from(Map.of("TRIBUTARY_OIDC_ISSUER", "https://ignored"));
    assertEquals(null, none.oidcIssuer(), "without a JWKS URL there is no identity provider");
  }

  @Test
  void withoutAKeyOrAnIdentityProviderNoTokenCouldBeVerified() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenVerifiers.from(Settings.from(Map.of()), null));
    assertTrue(e.getMessage().contains("TRIBUTARY_JWT_JWKS_URL") && e.getMessage().contains("TRIBUTARY_JWT_SECRET"),
        e.getMessage());
  }

  @Test
  void theSettingsNameTheClaimsAndBothIssuersAreAccepted() throws Exception {
    com.nimbusds.jose.jwk.RSAKey k1 = IdpTokens.rsa("k1");
    try (JwksServer idp = new JwksServer().publish(k1)) {
      Settings s = Settings.from(Map.of(
          "TRIBUTARY_JWT_JWKS_URL", idp.url().toString(),
          "TRIBUTARY_OIDC_ISSUER", IdpTokens.ISSUER,
          "TRIBUTARY_OIDC_AUDIENCE", "api://tributary, " + IdpTokens.CLIENT_ID,
          "TRIBUTARY_JWT_TENANT_CLAIM", "tid",
          "TRIBUTARY_JWT_ROLES_CLAIM", "app_roles"));
      assertEquals(List.of("api://tributary", IdpTokens.CLIENT_ID), TokenVerifiers.audiences(s.oidcAudience()));
      TokenVerifier v = TokenVerifiers.from(s, LOCAL_KEY);
      String idpToken = IdpTokens.sign(k1, IdpTokens.claims(Instant.now(), "acme", List.of())
          .claim("app_roles", List.of("logs.read")).build());
      Principal p = v.verify("Bearer " + idpToken);
      assertEquals(TenantId.of(IdpTokens.DIRECTORY), p.tenant());
      assertEquals(Set.of(Role.LOGS_READ), p.roles());
      String local = new TokenIssuer(LOCAL_KEY, s.jwtIssuer(), s.jwtAudience(), s.tenantClaim(), s.rolesClaim())
          .issue(TenantId.of("acme"), List.of(Role.LOGS_WRITE), Instant.now(), Duration.ofMinutes(5));
      Principal q = v.verify("Bearer " + local);
      assertEquals(TenantId.of("acme"), q.tenant());
      assertEquals(Set.of(Role.LOGS_WRITE), q.roles(), "the local issuer writes the configured roles claim");
      // Without a local key (the function app without TRIBUTARY_JWT_SECRET) only the provider's tokens pass.
      TokenVerifier idpOnly = TokenVerifiers.from(s, null);
      assertEquals(TenantId.of(IdpTokens.DIRECTORY), idpOnly.verify("Bearer " + idpToken).tenant());
      assertEquals(AuthReasons.INVALID_TOKEN, assertThrows(AuthException.class,
          () -> idpOnly.verify("Bearer " + local)).problem().code());
    }
  }
}
