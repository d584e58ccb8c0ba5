package io.tributary.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens a {@link TokenVerifier} verified lately, so that the same token on the next request (a
 * shipper sends one token for hours, and the local host checks it before the body and again when
 * serving) is not parsed, its signature computed and its claims checked again: on the ingest path
 * that was 3-5 % of ingest's CPU (issue 19).
 *
 * <p>An entry is the {@link Principal} a successful verification gave; a refusal is never kept. It
 * is used only while nothing its verification depended on can have changed, so that a hit answers
 * what verifying again would:
 * <ul>
 *   <li>the verifier's clock is not before the time it was verified (a clock set back is judged
 *       afresh: the token's {@code iat} could now be in the future) and is before the token's
 *       {@code exp} (from then on, verifying says {@code token_expired});
 *   <li>for an identity provider's token, the provider's key set is the one it was verified with
 *       ({@link IssuerKeys#generation}), and not yet due for its background refresh
 *       ({@link IssuerKeys#refreshFromNanos}), so the refresh still happens ahead of need and a
 *       key the provider removed stops verifying as soon as it would without this cache;
 *   <li>and it is at most {@link #MAX_AGE} old.
 * </ul>
 * At most {@link #MAX_ENTRIES} tokens are kept; past that the cache starts over. Thread-safe.
 */
final class VerifiedTokens {

  static final int MAX_ENTRIES = 4_096;
  static final Duration MAX_AGE = Duration.ofSeconds(60);

  /** @param keys the identity provider's keys it was verified with, or null for the local key */
  private record Entry(Principal principal, Instant verifiedAt, Instant expires, IssuerKeys keys, long generation,
      long deadlineNanos) {
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** The principal {@code token} was verified as, if that still holds at {@code now}; else null. */
  Principal get(String token, Instant now, long nanoTime) {
    Entry e = entries.get(token);
    if (e == null) {
      return null;
    }
    if (now.isBefore(e.verifiedAt) || !now.isBefore(e.expires) || nanoTime - e.deadlineNanos >= 0
        || (e.keys != null && e.keys.generation() != e.generation)) {
      entries.remove(token, e);
      return null;
    }
    return e.principal;
  }

  /**
   * Keeps a successful verification. {@code generation} and {@code keysRefreshFromNanos} are those of
   * {@code keys} read before verifying (so that a fetch during it only shortens the entry's life).
   */
  void put(String token, Principal principal, Instant verifiedAt, Instant expires, IssuerKeys keys, long generation,
      long keysRefreshFromNanos, long nanoTime) {
    long deadline = nanoTime + MAX_AGE.toNanos();
    if (keys != null && keysRefreshFromNanos - deadline < 0) {
      deadline = keysRefreshFromNanos;
    }
    if (deadline - nanoTime <= 0 || !verifiedAt.isBefore(expires)) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(token, new Entry(principal, verifiedAt, expires, keys, generation, deadline));
  }

  /** How many tokens are kept (for tests). */
  int size() {
    return entries.size();
  }
}
