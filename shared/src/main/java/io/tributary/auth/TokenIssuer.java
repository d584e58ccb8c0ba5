package io.tributary.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tributary.event.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/** Signs HS256 tokens for the embedded runtime ({@code ./tributary token}) and for tests. */
public final class TokenIssuer {

  private final byte[] secret;
  private final String issuer;
  private final String audience;
  private final String tenantClaim;
  private final String rolesClaim;

  /** Names the roles in the {@code roles} claim. */
  public TokenIssuer(byte[] secret, String issuer, String audience, String tenantClaim) {
    this(secret, issuer, audience, tenantClaim, "roles");
  }

  /** Names the tenant and the roles in the claims the verifier is configured to read. */
  public TokenIssuer(byte[] secret, String issuer, String audience, String tenantClaim, String rolesClaim) {
    this.secret = secret.clone();
    this.issuer = issuer;
    this.audience = audience;
    this.tenantClaim = tenantClaim;
    this.rolesClaim = rolesClaim;
  }

  public String issue(TenantId tenant, Collection<Role> roles, Instant now, Duration ttl) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject("local:" + tenant.value())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .claim(tenantClaim, tenant.value())
        .claim(rolesClaim, roles.stream().map(Role::claim).toList())
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(secret));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  public String issue(TenantId tenant, Instant now, Duration ttl) {
    return issue(tenant, List.of(Role.values()), now, ttl);
  }
}
