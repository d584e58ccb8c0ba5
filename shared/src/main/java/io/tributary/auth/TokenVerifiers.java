package io.tributary.auth;

import io.tributary.config.Settings;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Arrays;
import java.util.List;

/** Builds the {@link TokenVerifier} that {@link Settings} describe; the one place both runtimes do it. */
public final class TokenVerifiers {

  private TokenVerifiers() {
  }

  /**
   * HS256 tokens against {@code localKey} with {@code TRIBUTARY_JWT_ISSUER}/{@code _AUDIENCE} when
   * there is one (the local runtime always has one; the function app when
   * {@code TRIBUTARY_JWT_SECRET} is set), and RS256/ES256 tokens against
   * {@code TRIBUTARY_JWT_JWKS_URL} with {@code TRIBUTARY_OIDC_ISSUER}/{@code _AUDIENCE} when that
   * is set; claims named by {@code TRIBUTARY_JWT_TENANT_CLAIM} and {@code TRIBUTARY_JWT_ROLES_CLAIM}.
   *
   * @param localKey the HS256 key, or null for none
   * @throws IllegalArgumentException when neither is configured, naming the settings to set
   */
  public static TokenVerifier from(Settings s, byte[] localKey) {
    return from(s, localKey, JwksOptions.defaults());
  }

  /** As {@link #from(Settings, byte[])}, fetching and caching the identity provider's keys as {@code options} say. */
  public static TokenVerifier from(Settings s, byte[] localKey, JwksOptions options) {
    if (localKey == null && s.jwksUrl() == null) {
      throw new IllegalArgumentException("no token could be verified: set " + Settings.JWKS_URL.name() + " with "
          + Settings.OIDC_ISSUER.name() + " and " + Settings.OIDC_AUDIENCE.name() + " (an identity provider such as"
          + " Entra ID), or " + Settings.JWT_SECRET.name() + " (an HS256 key, as a Key Vault reference)");
    }
    TokenVerifier.Builder b = TokenVerifier.builder().tenantClaim(s.tenantClaim()).rolesClaim(s.rolesClaim())
        .maxLifetime(s.jwtMaxLifetime());
    if (localKey != null) {
      b.local(localKey, s.jwtIssuer(), s.jwtAudience());
    }
    if (s.jwksUrl() != null) {
      b.oidc(url(s.jwksUrl()), s.oidcIssuer(), audiences(s.oidcAudience()), options);
    }
    return b.build();
  }

  /** The accepted audiences of {@code TRIBUTARY_OIDC_AUDIENCE}: one, or several separated by commas. */
  public static List<String> audiences(String setting) {
    return Arrays.stream(setting.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
  }

  private static URL url(String jwksUrl) {
    try {
      return URI.create(jwksUrl).toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("setting " + Settings.JWKS_URL.name() + "=" + jwksUrl + " is not a URL");
    }
  }
}
