package io.tributary.alert.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Tributary-Signature: sha256=<hex>}: the HMAC-SHA256, keyed with the target's secret
 * (its UTF-8 bytes), of the timestamp header's text, a {@code .}, and the raw body bytes.
 * Thread-safe.
 */
public final class Signatures {

  public static final String PREFIX = "sha256=";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Signatures() {
  }

  /** The header value for {@code body} sent at {@code epochSeconds}. */
  public static String sign(String secret, long epochSeconds, byte[] body) {
    return PREFIX + hex(mac(secret, Long.toString(epochSeconds), body));
  }

  /**
   * What a receiver checks: the signature matches (compared in constant time) and the timestamp
   * is within {@code tolerance} of {@code clock}'s now, either way (a replayed old request fails).
   * False for any missing or malformed header.
   */
  public static boolean verify(String secret, String timestampHeader, byte[] body, String signatureHeader,
      Clock clock, Duration tolerance) {
    if (secret == null || timestampHeader == null || body == null || signatureHeader == null
        || !signatureHeader.startsWith(PREFIX)) {
      return false;
    }
    long ts;
    try {
      ts = Long.parseLong(timestampHeader.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - ts) > tolerance.getSeconds()) {
      return false;
    }
    byte[] expected = hex(mac(secret, timestampHeader.trim(), body)).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signatureHeader.substring(PREFIX.length()).trim().toLowerCase(java.util.Locale.ROOT)
        .getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private static byte[] mac(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      mac.update(body);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String hex(byte[] b) {
    char[] out = new char[b.length * 2];
    for (int i = 0; i < b.length; i++) {
      out[2 * i] = HEX[(b[i] >> 4) & 15];
      out[2 * i + 1] = HEX[b[i] & 15];
    }
    return new String(out);
  }
}
