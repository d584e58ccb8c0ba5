package io.tributary.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.tributary.event.TenantId;
import java.text.ParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies {@code Authorization: Bearer <JWT>} headers (Nimbus JOSE+JWT): signature, issuer,
 * audience and expiry, then reads the tenant and role claims. Thread-safe.
 */
public final class TokenVerifier {

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String tenantClaim;

  /** Verifies HS256 tokens signed with {@code secret} (the embedded runtime's keying). */
  public static TokenVerifier hs256(byte[] secret, String issuer, String audience, String tenantClaim) {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
    p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", tenantClaim)));
    return new TokenVerifier(p, tenantClaim);
  }

  /**
   * Verifies RS256 or ES256 tokens against the keys an issuer publishes at {@code jwksUrl} (Entra ID,
   * any OIDC provider); the keys are fetched on first use, cached, and fetched again when a token
   * names an unknown key id.
   */
  public static TokenVerifier jwks(java.net.URL jwksUrl, String issuer, String audience, String tenantClaim) {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    com.nimbusds.jose.jwk.source.JWKSource<SecurityContext> keys =
        com.nimbusds.jose.jwk.source.JWKSourceBuilder.<SecurityContext>create(jwksUrl).retrying(true).build();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
    p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", tenantClaim)));
    return new TokenVerifier(p, tenantClaim);
  }

  private TokenVerifier(DefaultJWTProcessor<SecurityContext> processor, String tenantClaim) {
    this.processor = processor;
    this.tenantClaim = tenantClaim;
  }

  /** The caller named by an Authorization header value. */
  public Principal verify(String authorization) throws AuthException {
    if (authorization == null || authorization.isBlank()) {
      throw new AuthException(401, "missing_token",
          "send 'Authorization: Bearer <token>'; get a token with ./tributary token --tenant <name>");
    }
    String a = authorization.trim();
    if (a.length() < 8 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AuthException(401, "invalid_token", "the Authorization header must be 'Bearer <token>'");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(a.substring(7).trim(), null);
    } catch (BadJWTException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("xpired")) {
        throw new AuthException(401, "token_expired", "the token has expired; get a new one");
      }
      throw new AuthException(401, "invalid_token", "the token's claims are not accepted: " + m);
    } catch (ParseException e) {
      throw new AuthException(401, "invalid_token", "the token is not a JWT");
    } catch (BadJOSEException | JOSEException e) {
      throw new AuthException(401, "invalid_token", "the token's signature does not verify: " + e.getMessage());
    }
    Object tenant = claims.getClaim(tenantClaim);
    if (!(tenant instanceof String) || !TenantId.isValid((String) tenant)) {
      throw new AuthException(401, "invalid_token", "the token's '" + tenantClaim
          + "' claim must be a tenant id (a-z, 0-9, '-', '_')");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Object r = claims.getClaim("roles");
    if (r instanceof List<?>) {
      for (Object o : (List<?>) r) {
        Role.ofClaim(String.valueOf(o)).ifPresent(roles::add);
      }
    }
    return new Principal(TenantId.of((String) tenant), claims.getSubject(), roles);
  }

  /** As {@link #verify} and checks the caller holds {@code role}. */
  public Principal require(String authorization, Role role) throws AuthException {
    Principal p = verify(authorization);
    if (!p.has(role)) {
      throw new AuthException(403, "missing_role", "this call needs the role '" + role.claim()
          + "' in the token's roles claim");
    }
    return p;
  }
}
