package io.tributary.query;

import io.tributary.event.TenantId;
import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.CorruptFrameException;
import io.tributary.http.Problem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque page cursors: the position of the last event returned, the snapshot time, a fingerprint
 * of the query and the backend that answered it ({@link QueryRoute}), MAC-ed with a server key
 * together with the tenant. A cursor changed by a client, used by another tenant, or used with
 * another query is refused.
 *
 * <p>Format 1 (the store's pages, unchanged since before routing): {@code 1 asOf:i64 fp:i64
 * time:i64 id:str mac}; format 2 (a routed page): the same with {@code route:u8} after the
 * version. Format 1 reads as {@link QueryRoute#STORE}, so cursors issued before routing stay valid.
 */
public final class CursorCodec {

  private static final int VERSION = 1;
  private static final int VERSION_ROUTED = 2;
  private static final int MAC_BYTES = 16;
  private final byte[] key;

  public CursorCodec(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("cursor key must be at least 16 bytes");
    }
    this.key = key.clone();
  }

  /** What a cursor carries; {@code route} is the backend every page of the query is read from. */
  public record State(Position after, long asOfNanos, long fingerprint, QueryRoute route) {

    /** A cursor of the store's pages. */
    public State(Position after, long asOfNanos, long fingerprint) {
      this(after, asOfNanos, fingerprint, QueryRoute.STORE);
    }
  }

  public String encode(TenantId tenant, State s) {
    ByteWriter w = new ByteWriter(64);
    if (s.route() == QueryRoute.STORE) {
      w.writeByte(VERSION);
    } else {
      w.writeByte(VERSION_ROUTED);
      w.writeByte(s.route().code());
    }
    w.writeLong(s.asOfNanos());
    w.writeLong(s.fingerprint());
    w.writeLong(s.after().timeNanos());
    w.writeString(s.after().id());
    byte[] payload = w.toByteArray();
    byte[] mac = mac(tenant, payload);
    byte[] all = Arrays.copyOf(payload, payload.length + MAC_BYTES);
    System.arraycopy(mac, 0, all, payload.length, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
  }

  public State decode(TenantId tenant, String cursor, long fingerprint) throws QueryException {
    byte[] all;
    try {
      all = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (all.length <= MAC_BYTES + 1) {
      throw invalid();
    }
    byte[] payload = Arrays.copyOf(all, all.length - MAC_BYTES);
    byte[] mac = Arrays.copyOfRange(all, all.length - MAC_BYTES, all.length);
    if (!MessageDigest.isEqual(mac, Arrays.copyOf(mac(tenant, payload), MAC_BYTES))) {
      throw invalid();
    }
    try {
      ByteReader r = new ByteReader(payload, 0, payload.length);
      int version = r.readByte();
      QueryRoute route;
      if (version == VERSION) {
        route = QueryRoute.STORE;
      } else if (version == VERSION_ROUTED) {
        try {
          route = QueryRoute.ofCode(r.readByte());
        } catch (IllegalArgumentException e) {
          throw invalid();
        }
      } else {
        throw invalid();
      }
      long asOf = r.readLong();
      long fp = r.readLong();
      long time = r.readLong();
      String id = r.readNullableString();
      if (fp != fingerprint) {
        throw new QueryException(Problem.of(400, "cursor_mismatch",
            "the cursor belongs to a different query; send the same filters as the first page, or drop the cursor")
            .with("field", "cursor"));
      }
      return new State(new Position(time, id), asOf, fp, route);
    } catch (CorruptFrameException e) {
      throw invalid();
    }
  }

  private static QueryException invalid() {
    return new QueryException(Problem.of(400, "invalid_cursor",
        "the cursor is not one this service issued to you; send nextCursor exactly as received").with("field", "cursor"));
  }

  private byte[] mac(TenantId tenant, byte[] payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      m.update(tenant.value().getBytes(StandardCharsets.UTF_8));
      m.update((byte) 0);
      return m.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** A stable 64-bit digest of everything that defines a result set (not the page). */
  public static long fingerprint(LogQuery q) {
    return fingerprint(q, null);
  }

  /**
   * The digest of {@code q} with a relative time range {@code last} (null for none): the range is
   * part of the query, its resolution against the snapshot time is not. Queries without {@code q}
   * and {@code last} keep the digest they had before either existed.
   */
  public static long fingerprint(LogQuery q, java.time.Duration last) {
    String canonical = canonical(q, last);
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (d[i] & 0xFF);
      }
      return v;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * The normalized text of everything that defines {@code q}'s result set besides the page: the
   * JSON filters in a canonical order, the canonical print of the {@code q} tree, the order and
   * {@code last}. Queries that mean the same print alike; the tenant is not in it.
   */
  public static String canonical(LogQuery q, java.time.Duration last) {
    StringBuilder sb = new StringBuilder();
    sb.append(q.fromNanos()).append('|').append(q.toNanos()).append('|');
    q.severities().stream().map(Enum::name).sorted().forEach(s -> sb.append(s).append(','));
    sb.append('|');
    q.services().stream().sorted().forEach(s -> sb.append(s).append('\u0001'));
    sb.append('|');
    q.hosts().stream().sorted().forEach(s -> sb.append(s).append('\u0001'));
    sb.append('|');
    q.attributes().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> sb.append(e.getKey()).append('=').append(e.getValue()).append('\u0001'));
    sb.append('|');
    q.words().stream().sorted().forEach(s -> sb.append(s).append(' '));
    sb.append('|').append(q.order());
    if (!(q.expr() instanceof QueryExpr.All)) {
      // The printed tree is canonical: equal trees print alike.
      sb.append("|q=").append(q.expr().print());
    }
    if (last != null) {
      sb.append("|last=").append(last.toNanos());
    }
    return sb.toString();
  }
}
