package io.tributary.idempotency;

import io.tributary.event.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One event's claim on its client-supplied id.
 *
 * @param ownerHi high 64 bits of the delivery that claims (the id the server would have given the
 *     event: the request's id base plus the event's sequence number)
 * @param ownerLo low 64 bits of the delivery
 * @param contentHash a hash of what the event says (not its ingest time), to tell a plain retry
 *     from a different event re-using the id
 */
public record IdClaim(TenantId tenant, String id, long ownerHi, long ownerLo, long contentHash) {

  /**
   * The 128-bit key of (tenant, id), as {hi, lo}: the first 16 bytes of SHA-256 over the tenant,
   * a NUL and the id in UTF-8. Both adapters key by it (a Cosmos item id is its hex), so it is a
   * persisted format: never change it.
   */
  public long[] key() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    sha.update(tenant.value().getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    byte[] d = sha.digest(id.getBytes(StandardCharsets.UTF_8));
    return new long[] {bits(d, 0), bits(d, 8)};
  }

  /** The key as 32 lower-case hex digits. */
  public String keyHex() {
    long[] k = key();
    return String.format("%016x%016x", k[0], k[1]);
  }

  private static long bits(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }
}
