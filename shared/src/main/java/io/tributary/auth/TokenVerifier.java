package io.tributary.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies the JWT of an Authorization header ({@code Bearer <JWT>}, or the other forms shippers
 * send it in: {@link Credentials}) (Nimbus JOSE+JWT) from up to two issuers,
 * chosen by the token header's {@code alg} so that no key is ever used with another algorithm
 * than its own (no algorithm confusion): HS256 tokens against the local key and the local
 * issuer/audience ({@code ./tributary token}), RS256/ES256 tokens against the keys an identity
 * provider publishes (its JWKS: Entra ID, any OIDC provider; {@link JwksOptions}) and that
 * provider's issuer/audience. Unsigned ({@code alg: none}) tokens and other algorithms are refused.
 *
 * <p>Then, whichever the issuer: signature, issuer, audience and expiry; that the token says when
 * it was issued ({@code iat}), was not issued in the future (beyond {@link #CLOCK_SKEW}) and lives
 * no longer than the longest lifetime accepted ({@code exp - iat}; a stolen token is then of use
 * for a bounded time); then the tenant and role claims, whose names are configured. Codes of
 * refusals: {@link AuthReasons}; a token that cannot be checked because the identity provider
 * cannot be reached is answered 503 {@link AuthReasons#IDENTITY_PROVIDER_UNAVAILABLE}, since its
 * sender did nothing wrong. Thread-safe.
 */
public final class TokenVerifier {

  /** The longest lifetime accepted unless configured ({@code TRIBUTARY_JWT_MAX_LIFETIME_SECONDS}). */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
  /** How far a token's times may be off this clock (Nimbus's own default for exp and nbf). */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(DefaultJWTClaimsVerifier.DEFAULT_MAX_CLOCK_SKEW_SECONDS);
  /** Retry-After of a 503 {@link AuthReasons#IDENTITY_PROVIDER_UNAVAILABLE}. */
  public static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 10;

  /** HS256 tokens; null when there is no local key. */
  private final DefaultJWTProcessor<SecurityContext> local;
  /** RS256/ES256 tokens; null when no identity provider is configured. */
  private final DefaultJWTProcessor<SecurityContext> oidc;
  /** The identity provider's keys, or null. */
  private final IssuerKeys oidcKeys;
  private final VerifiedTokens verified = new VerifiedTokens();
  private final String tenantClaim;
  private final String rolesClaim;
  private final Duration maxLifetime;
  private final Clock clock;

  /** A verifier to configure: at least one of {@link Builder#local} and {@link Builder#oidc}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Verifies HS256 tokens signed with {@code secret} (the embedded runtime's keying). */
  public static TokenVerifier hs256(byte[] secret, String issuer, String audience, String tenantClaim) {
    return hs256(secret, issuer, audience, tenantClaim, DEFAULT_MAX_LIFETIME, Clock.systemUTC());
  }

  /** As {@link #hs256(byte[], String, String, String)}, with the longest lifetime accepted and the clock. */
  public static TokenVerifier hs256(byte[] secret, String issuer, String audience, String tenantClaim,
      Duration maxLifetime, Clock clock) {
    return builder().local(secret, issuer, audience).tenantClaim(tenantClaim).maxLifetime(maxLifetime).clock(clock)
        .build();
  }

  private TokenVerifier(Builder b) {
    this.tenantClaim = b.tenantClaim;
    this.rolesClaim = b.rolesClaim;
    this.maxLifetime = b.maxLifetime;
    this.clock = b.clock;
    this.local = b.localSecret == null ? null : processor(
        new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(b.localSecret)),
        b.localIssuer, Set.of(b.localAudience));
    this.oidcKeys = b.jwksUrl == null ? null : new IssuerKeys(b.jwksUrl, b.jwksOptions);
    this.oidc = oidcKeys == null ? null : processor(oidcKeys, b.oidcIssuer, Set.copyOf(b.oidcAudiences));
  }

  private DefaultJWTProcessor<SecurityContext> processor(JWSKeySelector<SecurityContext> keys, String issuer,
      Set<String> audiences) {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(keys);
    p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audiences,
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", tenantClaim), null) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    });
    return p;
  }

  /**
   * The caller named by an Authorization header value. A token verified lately is answered from
   * {@link VerifiedTokens}, whose rules make that the answer verifying again would give.
   */
  public Principal verify(String authorization) throws AuthException {
    String token = Credentials.token(authorization);
    Instant now = clock.instant();
    long nanos = System.nanoTime();
    Principal known = verified.get(token, now, nanos);
    if (known != null) {
      return known;
    }
    // Read before verifying: a key set fetched meanwhile then only shortens the entry's life.
    long generation = oidcKeys == null ? 0 : oidcKeys.generation();
    long keysRefreshFrom = oidcKeys == null ? 0 : oidcKeys.refreshFromNanos();
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the token is not a JWT");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the token is not signed (alg '"
          + jwt.getHeader().getAlgorithm() + "'); send a signed JWT");
    }
    JWTClaimsSet claims = process(signed);
    checkLifetime(claims);
    Object tenant = claims.getClaim(tenantClaim);
    if (!(tenant instanceof String) || !TenantId.isValid((String) tenant)) {
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the token's '" + tenantClaim
          + "' claim must be a tenant id (a-z, 0-9, '-', '_')");
    }
    Principal p = new Principal(TenantId.of((String) tenant), claims.getSubject(), roles(claims.getClaim(rolesClaim)));
    boolean local = JWSAlgorithm.HS256.equals(signed.getHeader().getAlgorithm());
    verified.put(token, p, now, claims.getExpirationTime().toInstant(), local ? null : oidcKeys, generation,
        keysRefreshFrom, nanos);
    return p;
  }

  /** How many verified tokens are kept (for tests). */
  int verifiedTokens() {
    return verified.size();
  }

  /** The claims of {@code jwt}, checked by the processor of its algorithm. */
  private JWTClaimsSet process(SignedJWT jwt) throws AuthException {
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    DefaultJWTProcessor<SecurityContext> p;
    if (JWSAlgorithm.HS256.equals(alg)) {
      p = local;
      if (p == null) {
        throw new AuthException(401, AuthReasons.INVALID_TOKEN, "HS256 tokens are not accepted here (there is no"
            + " local key); send a token from the identity provider (RS256 or ES256)");
      }
    } else if (IssuerKeys.ALGORITHMS.contains(alg)) {
      p = oidc;
      if (p == null) {
        throw new AuthException(401, AuthReasons.INVALID_TOKEN, alg + " tokens are not accepted here (no identity"
            + " provider is configured); get a token with ./tributary token --tenant <name>");
      }
    } else {
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "tokens signed with " + alg + " are not accepted;"
          + " accepted: " + accepted());
    }
    try {
      return p.process(jwt, null);
    } catch (BadJWTException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("xpired")) {
        throw new AuthException(401, AuthReasons.TOKEN_EXPIRED, "the token has expired; get a new one");
      }
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the token's claims are not accepted: " + m);
    } catch (IssuerKeys.UnknownKey e) {
      // invalid_token, not a code of its own: the sender's remedy is the same, a new token.
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the token's key (kid '" + e.keyId() + "', " + alg
          + ") is not among the identity provider's published keys, fetched again just now; get a new token");
    } catch (IssuerKeys.Unreachable e) {
      throw new AuthException(Problem.of(503, AuthReasons.IDENTITY_PROVIDER_UNAVAILABLE, "the token cannot be"
          + " checked now: the identity provider's keys cannot be fetched; retry later")
          .with("retryAfterSeconds", UNAVAILABLE_RETRY_AFTER_SECONDS));
    } catch (KeySourceException e) {
      throw new AuthException(Problem.of(503, AuthReasons.IDENTITY_PROVIDER_UNAVAILABLE, "the token cannot be"
          + " checked now: " + e.getMessage() + "; retry later").with("retryAfterSeconds", UNAVAILABLE_RETRY_AFTER_SECONDS));
    } catch (BadJOSEException | JOSEException e) {
      throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the token's signature does not verify: " + e.getMessage());
    }
  }

  private String accepted() {
    return local != null && oidc != null ? "HS256, RS256, ES256" : local != null ? "HS256" : "RS256, ES256";
  }

  /** The roles named by the roles claim: an array of strings, or one string separated by spaces or commas. */
  private static Set<Role> roles(Object claim) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (claim instanceof Collection<?> list) {
      for (Object o : list) {
        Role.ofClaim(String.valueOf(o)).ifPresent(roles::add);
      }
    } else if (claim instanceof String s) {
      for (String o : s.split("[\\s,]+")) {
        Role.ofClaim(o).ifPresent(roles::add);
      }
    }
    return roles;
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
          + "' in the token's '" + rolesClaim + "' claim");
    }
    return p;
  }

  /** Configures a {@link TokenVerifier}. Not thread-safe. */
  public static final class Builder {
    private byte[] localSecret;
    private String localIssuer;
    private String localAudience;
    private URL jwksUrl;
    private String oidcIssuer;
    private List<String> oidcAudiences;
    private JwksOptions jwksOptions = JwksOptions.defaults();
    private String tenantClaim = "tenant";
    private String rolesClaim = "roles";
    private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
    private Clock clock = Clock.systemUTC();

    private Builder() {
    }

    /** Accepts HS256 tokens signed with {@code secret} that name {@code issuer} and {@code audience}. */
    public Builder local(byte[] secret, String issuer, String audience) {
      this.localSecret = secret.clone();
      this.localIssuer = Objects.requireNonNull(issuer, "issuer");
      this.localAudience = Objects.requireNonNull(audience, "audience");
      return this;
    }

    /**
     * Accepts RS256/ES256 tokens signed with a key published at {@code jwksUrl} that name
     * {@code issuer} and one of {@code audiences}.
     */
    public Builder oidc(URL jwksUrl, String issuer, Collection<String> audiences) {
      return oidc(jwksUrl, issuer, audiences, JwksOptions.defaults());
    }

    /** As {@link #oidc(URL, String, Collection)}, fetching and caching the keys as {@code options} say. */
    public Builder oidc(URL jwksUrl, String issuer, Collection<String> audiences, JwksOptions options) {
      if (audiences.isEmpty()) {
        throw new IllegalArgumentException("an identity provider needs at least one accepted audience");
      }
      this.jwksUrl = Objects.requireNonNull(jwksUrl, "jwksUrl");
      this.oidcIssuer = Objects.requireNonNull(issuer, "issuer");
      this.oidcAudiences = List.copyOf(audiences);
      this.jwksOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The claim that names the tenant ({@code tenant} unless set; {@code tid} for Entra ID directories). */
    public Builder tenantClaim(String claim) {
      this.tenantClaim = Objects.requireNonNull(claim, "claim");
      return this;
    }

    /** The claim that lists the roles ({@code roles} unless set, as Entra ID app roles). */
    public Builder rolesClaim(String claim) {
      this.rolesClaim = Objects.requireNonNull(claim, "claim");
      return this;
    }

    public Builder maxLifetime(Duration maxLifetime) {
      this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
      return this;
    }

    /** The clock token times are judged by (not the key cache's, which is Nimbus's own). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public TokenVerifier build() {
      if (localSecret == null && jwksUrl == null) {
        throw new IllegalStateException("a token verifier needs a local key, an identity provider, or both");
      }
      return new TokenVerifier(this);
    }
  }
}
