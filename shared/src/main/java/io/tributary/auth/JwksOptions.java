package io.tributary.auth;

import java.time.Duration;

/**
 * How the keys an identity provider publishes (its JWKS) are fetched and kept. The defaults suit
 * Entra ID, which publishes a new key weeks before signing with it; tests shorten them.
 *
 * @param cacheTtl how long a fetched key set is used before it is fetched again; a key the issuer
 *     removed stops verifying at the latest this long after its removal
 * @param refreshAhead how long before {@code cacheTtl} ends a request starts a fetch in the
 *     background, so that no request waits for the routine one
 * @param refreshTimeout how long a request waits for another request's fetch of the key set
 * @param minRefreshInterval a token naming a key id the cached set lacks fetches the set again at
 *     once, but in any such interval at most twice (Nimbus's rate limit), so that tokens with
 *     made-up key ids cannot make Tributary flood the issuer
 * @param connectTimeout connect timeout of one fetch
 * @param readTimeout read timeout of one fetch (a failed fetch is tried once more)
 * @param outageTolerance how long the last key set fetched is still used while the issuer cannot
 *     be reached
 * @param sizeLimitBytes largest key set document accepted
 */
public record JwksOptions(Duration cacheTtl, Duration refreshAhead, Duration refreshTimeout,
    Duration minRefreshInterval, Duration connectTimeout, Duration readTimeout, Duration outageTolerance,
    int sizeLimitBytes) {

  public JwksOptions {
    if (minRefreshInterval.compareTo(cacheTtl) >= 0) {
      throw new IllegalArgumentException("minRefreshInterval must be shorter than cacheTtl");
    }
    if (refreshAhead.plus(refreshTimeout).compareTo(cacheTtl) > 0) {
      throw new IllegalArgumentException("refreshAhead + refreshTimeout must not exceed cacheTtl");
    }
  }

  /** 5 min cache, refreshed 30 s ahead; unknown key ids refetch at most twice per 30 s; 1 s / 2 s timeouts. */
  public static JwksOptions defaults() {
    return new JwksOptions(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(8),
        Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofHours(1), 256 * 1024);
  }
}
