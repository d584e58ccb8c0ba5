package io.tributary.querycache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The key of a cached answer: the SHA-256 of what the answer depends on besides the tenant (the
 * route, the normalized query, the page), in hex. Two queries that mean the same thing should be
 * normalized to the same text before they are keyed; the tenant is never part of the text — the
 * cache keeps tenants apart itself.
 */
public record QueryCacheKey(String hex) {

  public QueryCacheKey {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException("a query cache key is 64 lower-case hex digits");
    }
  }

  /** The key of {@code parts}, each length-prefixed so that no two lists of parts share a key. */
  public static QueryCacheKey of(String... parts) {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String p : parts) {
      byte[] b = p.getBytes(StandardCharsets.UTF_8);
      d.update((byte) (b.length >>> 24));
      d.update((byte) (b.length >>> 16));
      d.update((byte) (b.length >>> 8));
      d.update((byte) b.length);
      d.update(b);
    }
    return new QueryCacheKey(HexFormat.of().formatHex(d.digest()));
  }
}
