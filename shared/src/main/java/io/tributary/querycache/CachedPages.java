package io.tributary.querycache;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.CorruptFrameException;
import io.tributary.frame.EventCodec;
import io.tributary.query.QueryPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bytes a {@link QueryCache} keeps for one page of results:
 * <pre>
 * version:u8(1) nextCursor:str? count:varint (ingestedNanos:i64 event(EventCodec))*
 * </pre>
 * The tenant is not written: entries are kept per tenant, and the reader supplies it. An entry of
 * another version, or damaged, reads as absent (the query runs again).
 */
public final class CachedPages {

  static final int VERSION = 1;

  private CachedPages() {
  }

  public static byte[] write(QueryPage page) {
    ByteWriter w = new ByteWriter(256 + 256 * page.events().size());
    w.writeByte(VERSION);
    w.writeNullableString(page.nextCursor());
    w.writeVarInt(page.events().size());
    for (LogEvent e : page.events()) {
      w.writeLong(e.ingestedNanos());
      EventCodec.write(e, w);
    }
    return w.toByteArray();
  }

  /** The page in {@code bytes}, its events {@code tenant}'s; empty when they are not a page of this version. */
  public static Optional<QueryPage> read(byte[] bytes, TenantId tenant) {
    try {
      ByteReader r = new ByteReader(bytes, 0, bytes.length);
      if (r.readByte() != VERSION) {
        return Optional.empty();
      }
      String next = r.readNullableString();
      int n = r.readVarInt();
      if (n < 0 || n > bytes.length) {
        return Optional.empty();
      }
      List<LogEvent> events = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long ingested = r.readLong();
        events.add(EventCodec.read(r, tenant, ingested));
      }
      return r.hasRemaining() ? Optional.empty() : Optional.of(new QueryPage(List.copyOf(events), next));
    } catch (CorruptFrameException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }
}
