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
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies {@code Authorization: Bearer <JWT>} headers (Nimbus JOSE+JWT): signature, issuer,
 * audience and expiry, then that the token says when it was issued ({@code iat}), was not issued
 * in the future (beyond {@link #CLOCK_SKEW}) and lives no longer than the longest lifetime
 * accepted ({@code exp - iat}; a stolen token is then of use for a bounded time), then reads the
 * tenant and role claims. Codes of refusals: {@link AuthReasons}. Thread-safe.
 */
public final class TokenVerifier {

  /** The longest lifetime accepted unless configured ({@code TRIBUTARY_JWT_MAX_LIFETIME_SECONDS}). */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
  /** How far a token's times may be off this clock (Nimbus's own default for exp and nbf). */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(DefaultJWTClaimsVerifier.DEFAULT_MAX_CLOCK_SKEW_SECONDS);

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String tenantClaim;
  private final Duration maxLifetime;
  private final Clock clock;

  /** Verifies HS256 tokens signed with {@code secret} (the embedded runtime's keying). */
  public static TokenVerifier hs256(byte[] secret, String issuer, String audience, String tenantClaim) {
    return hs256(secret, issuer, audience, tenantClaim, DEFAULT_MAX_LIFETIME, Clock.systemUTC());
  }

  /** As {@link #hs256(byte[], String, String, String)}, with the longest lifetime accepted and the clock. */
  public static TokenVerifier hs256(byte[] secret, String issuer, String audience, String tenantClaim,
      Duration maxLifetime, Clock clock) {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
    p.setJWTClaimsSetVerifier(claimsVerifier(issuer, audience, tenantClaim, clock));
    return new TokenVerifier(p, tenantClaim, maxLifetime, clock);
  }

  private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(String issuer, String audience,
      String tenantClaim, Clock clock) {
    return new DefaultJWTClaimsVerifier<>(audience, new JWTClaimsSet.Builder().issuer(issuer).build(),
        Set.of("exp", tenantClaim)) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    };
  }

  /**
   * Verifies RS256 or ES256 tokens against the keys an issuer publishes at {@code jwksUrl} (Entra ID,
   * any OIDC provider); the keys are fetched on first use, cached, and fetched again when a token
   * names an unknown key id.
   */
  public static TokenVerifier jwks(java.net.URL jwksUrl, String issuer, String audience, String tenantClaim) {
    return jwks(jwksUrl, issuer, audience, tenantClaim, DEFAULT_MAX_LIFETIME, Clock.systemUTC());
  }

  /** As {@link #jwks(java.net.URL, String, String, String)}, with the longest lifetime accepted and the clock. */
  public static TokenVerifier jwks(java.net.URL jwksUrl, String issuer, String audience, String tenantClaim,
      Duration maxLifetime, Clock clock) {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    com.nimbusds.jose.jwk.source.JWKSource<SecurityContext> keys =
        com.nimbusds.jose.jwk.source.JWKSourceBuilder.<SecurityContext>create(jwksUrl).retrying(true).build();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
    p.setJWTClaimsSetVerifier(claimsVerifier(issuer, audience, tenantClaim, clock));
    return new TokenVerifier(p, tenantClaim, maxLifetime, clock);
  }

  private TokenVerifier(DefaultJWTProcessor<SecurityContext> processor, String tenantClaim, Duration maxLifetime,
      Clock clock) {
    this.processor = processor;
    this.tenantClaim = tenantClaim;
    this.maxLifetime = maxLifetime;
    this.clock = clock;
  }

  /** The caller named by an Authorization header value. */
  public Principal verify(String authorization) throws AuthException {
    if (authorization == null || authorization.isBlank()) {
      throw new AuthException(401, AuthReasons.MISSING_TOKEN,
          "send 'Authorization: Bearer <token>'; get a token with ./tributary token --tenant <name>");
    }
    String a = authorization.trim();
    if (a.length() < 8 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the Authorization header must be 'Bearer <token>'");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(a.substring(7).trim(), null);
    } catch (BadJWTException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("xpired")) {
        throw new AuthException(401, AuthReasons.TOKEN_EXPIRED, "the token has expired; get a new one");
      }
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the token's claims are not accepted: " + m);
    } catch (ParseException e) {
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the token is not a JWT");
    } catch (BadJOSEException | JOSEException e) {
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the token's signature does not verify: " + e.getMessage());
    }
    checkLifetime(claims);
    Object tenant = claims.getClaim(tenantClaim);
    if (!(tenant instanceof String) || !TenantId.isValid((String) tenant)) {
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the token's '" + tenantClaim
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

  /** The token says when it was issued, not later than now, and lives no longer than allowed. */
  private void checkLifetime(JWTClaimsSet claims) throws AuthException {
    Date iat = claims.getIssueTime();
    Date exp = claims.getExpirationTime();
    if (iat == null) {
      throw new AuthException(401, AuthReasons.TOKEN_WITHOUT_ISSUE_TIME, "the token has no 'iat' claim: tokens must"
          + " say when they were issued, so that their lifetime can be checked; get one that does");
    }
    if (iat.toInstant().isAfter(clock.instant().plus(CLOCK_SKEW))) {
      throw new AuthException(401, AuthReasons.TOKEN_ISSUED_IN_FUTURE, "the token's 'iat' (" + iat.toInstant()
          + ") is in the future; check the clock of whoever issued it");
    }
    Duration lifetime = Duration.between(iat.toInstant(), exp.toInstant());
    if (lifetime.compareTo(maxLifetime) > 0) {
      throw new AuthException(401, AuthReasons.TOKEN_LIFETIME_TOO_LONG, "the token lives " + lifetime.toSeconds()
          + " s from 'iat' to 'exp', longer than the " + maxLifetime.toSeconds() + " s accepted"
          + " (TRIBUTARY_JWT_MAX_LIFETIME_SECONDS); get one with a shorter lifetime");
    }
  }

  /** As {@link #verify} and checks the caller holds {@code role}. */
  public Principal require(String authorization, Role role) throws AuthException {
    Principal p = verify(authorization);
    if (!p.has(role)) {
      throw new AuthException(403, AuthReasons.MISSING_ROLE, "this call needs the role '" + role.claim()
          + "' in the token's roles claim");
    }
    return p;
  }
}
