package io.tributary.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.URL;
import java.security.Key;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The RS256/ES256 keys an identity provider publishes at its JWKS URL, as Nimbus's
 * {@link JWKSourceBuilder} keeps them ({@link JwksOptions}: cache, refresh-ahead, rate-limited
 * refetch on an unknown key id, one retry, outage tolerance), telling the two failures apart that
 * the caller answers differently: {@link UnknownKey} (the token's fault, 401) and
 * {@link Unreachable} (the issuer's, 503). Thread-safe.
 */
final class IssuerKeys implements JWSKeySelector<SecurityContext> {

  /** The algorithms accepted from an identity provider. */
  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  /** Runs refresh-ahead fetches; daemon, and no thread is kept while idle. */
  private static final ExecutorService REFRESHER = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "jwks-refresh");
        t.setDaemon(true);
        return t;
      });

  private final URL url;
  private final JWSVerificationKeySelector<SecurityContext> selector;
  /** Whether the latest fetch failed: a refetch refused by the rate limit then means unreachable. */
  private volatile boolean lastFetchFailed;
  /** Counts the key sets fetched; {@link VerifiedTokens} keeps a verification only within one. */
  private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
  /** When the latest key set was fetched (System.nanoTime). */
  private volatile long fetchedNanos = System.nanoTime() - Long.MAX_VALUE / 2;
  /** How long after its fetch a key set is refreshed in the background: cacheTtl - refreshAhead. */
  private final long refreshAfterNanos;

  IssuerKeys(URL url, JwksOptions o) {
    this.url = url;
    this.refreshAfterNanos = o.cacheTtl().minus(o.refreshAhead()).toNanos();
    DefaultResourceRetriever retriever = new DefaultResourceRetriever((int) o.connectTimeout().toMillis(),
        (int) o.readTimeout().toMillis(), o.sizeLimitBytes());
    JWKSetSource<SecurityContext> fetch = new Recorded(new URLBasedJWKSetSource<>(url, retriever));
    this.selector = new JWSVerificationKeySelector<>(ALGORITHMS, JWKSourceBuilder.create(fetch)
        .cache(o.cacheTtl().toMillis(), o.refreshTimeout().toMillis())
        .refreshAheadCache(o.refreshAhead().toMillis(), null, REFRESHER, false, null, false)
        .rateLimited(o.minRefreshInterval().toMillis())
        .retrying(true)
        .outageTolerant(o.outageTolerance().toMillis())
        .build());
  }

  URL url() {
    return url;
  }

  /** Changes with every key set fetched (even the same keys again). */
  long generation() {
    return generation.get();
  }

  /**
   * When (System.nanoTime) a request starts the background fetch of the next key set: a token kept
   * by {@link VerifiedTokens} is verified again from then on, so the fetch still happens ahead and
   * a removed key stops verifying when it would without that cache.
   */
  long refreshFromNanos() {
    return fetchedNanos + refreshAfterNanos;
  }

  @Override
  public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
    List<Key> keys;
    try {
      keys = selector.selectJWSKeys(header, context);
    } catch (RateLimitReachedException e) {
      // Only a refetch can be refused: the cached set lacks the key, or there is no set at all.
      if (lastFetchFailed) {
        throw new Unreachable(url + " could not be fetched (and is not fetched again for a while)", e);
      }
      throw new UnknownKey(header.getKeyID());
    } catch (JWKSetUnavailableException e) {
      throw new Unreachable(url + " could not be fetched: " + e.getMessage(), e);
    }
    if (keys.isEmpty()) {
      throw new UnknownKey(header.getKeyID());
    }
    return keys;
  }

  /** The token names a key (id and algorithm) the issuer does not publish, even after a fresh fetch. */
  static final class UnknownKey extends KeySourceException {
    private static final long serialVersionUID = 1L;
    private final String keyId;

    UnknownKey(String keyId) {
      super("no key " + keyId);
      this.keyId = keyId;
    }

    /** The token's {@code kid}, or null. */
    String keyId() {
      return keyId;
    }
  }

  /** The key set could not be fetched (and none fetched earlier can stand in). */
  static final class Unreachable extends KeySourceException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The URL source, noting whether its latest fetch failed. */
  private final class Recorded implements JWKSetSource<SecurityContext> {
    private final JWKSetSource<SecurityContext> source;

    Recorded(JWKSetSource<SecurityContext> source) {
      this.source = source;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long now, SecurityContext context)
        throws KeySourceException {
      try {
        JWKSet set = source.getJWKSet(refresh, now, context);
        lastFetchFailed = false;
        fetchedNanos = System.nanoTime();
        generation.incrementAndGet();
        return set;
      } catch (KeySourceException | RuntimeException e) {
        lastFetchFailed = true;
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      source.close();
    }
  }
}
