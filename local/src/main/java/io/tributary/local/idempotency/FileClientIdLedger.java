package io.tributary.local.idempotency;

import io.tributary.idempotency.ClaimOutcome;
import io.tributary.idempotency.ClientIdLedger;
import io.tributary.idempotency.IdClaim;
import io.tributary.local.files.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The local {@link ClientIdLedger}: the claims of the idempotency window in memory, and on disk as
 * one append-only file per hour of claiming ({@code ids/<epoch-hour>.ids}) of fixed-size,
 * CRC-checked records, forced before {@link #claim} returns. Opening reads the files of the window
 * back (a torn last record is cut off) and deletes older ones.
 *
 * <p>Memory is bounded: past {@code maxEntries} claims, those of the oldest hours are forgotten
 * early (logged once per eviction), which shortens the window for everyone rather than growing
 * without end. Thread-safe: claims are serialised, which is cheap since only events that carry a
 * client id are claimed.
 *
 * <pre>
 * record: keyHi:i64 keyLo:i64 ownerHi:i64 ownerLo:i64 content:i64 claimedAtMillis:i64 crc32c:i32
 * </pre>
 */
public final class FileClientIdLedger implements ClientIdLedger {

  private static final Logger LOG = Logger.getLogger(FileClientIdLedger.class.getName());
  static final int RECORD = 6 * 8 + 4;
  private static final String SUFFIX = ".ids";
  private static final long HOUR_MILLIS = 3_600_000L;

  private record Key(long hi, long lo) {
  }

  private record Entry(long ownerHi, long ownerLo, long content, long claimedAt) {
  }

  private final Path dir;
  private final Clock clock;
  private final long windowMillis;
  private final int maxEntries;
  /** Guarded by this. */
  private final Map<Key, Entry> entries = new HashMap<>();
  /** Guarded by this: claims older than this are forgotten (the window, or less after an eviction). */
  private long forgetBefore;
  /** Guarded by this. */
  private FileChannel current;
  private long currentHour = Long.MIN_VALUE;
  private long currentSize;
  private boolean closed;

  public FileClientIdLedger(Path dir, Clock clock, Duration window, int maxEntries) throws IOException {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the idempotency window must be positive");
    }
    this.dir = dir;
    this.clock = clock;
    this.windowMillis = window.toMillis();
    this.maxEntries = maxEntries;
    DurableFiles.createDirectories(dir);
    DurableFiles.removeTemporaries(dir);
    load();
  }

  private synchronized void load() throws IOException {
    long now = clock.millis();
    forgetBefore = now - windowMillis;
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
    for (Path f : files) {
      long hour = hourOf(f);
      if (hour < 0) {
        continue;
      }
      if ((hour + 1) * HOUR_MILLIS <= forgetBefore) {
        DurableFiles.delete(f);
        continue;
      }
      read(f);
    }
    evictIfFull();
  }

  private static long hourOf(Path f) {
    String n = f.getFileName().toString();
    try {
      return Long.parseLong(n.substring(0, n.length() - SUFFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void read(Path f) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      ByteBuffer b = ByteBuffer.allocate(RECORD);
      long pos = 0;
      while (pos + RECORD <= size) {
        b.clear();
        while (b.hasRemaining()) {
          if (ch.read(b, pos + b.position()) < 0) {
            break;
          }
        }
        b.flip();
        long[] v = new long[6];
        for (int i = 0; i < 6; i++) {
          v[i] = b.getLong();
        }
        int crc = b.getInt();
        if (crc != crc(b.array(), RECORD - 4)) {
          break;
        }
        if (v[5] >= forgetBefore) {
          Key k = new Key(v[0], v[1]);
          // The first claim of a key is the one that holds it; a later record for it can only be the
          // same owner again.
          entries.putIfAbsent(k, new Entry(v[2], v[3], v[4], v[5]));
        }
        pos += RECORD;
      }
      if (pos != size) {
        LOG.warning("id ledger " + f.getFileName() + ": cutting " + (size - pos) + " bytes of torn tail");
        ch.truncate(pos);
        ch.force(true);
      }
    }
  }

  @Override
  public synchronized List<ClaimOutcome> claim(List<IdClaim> claims) throws IOException {
    if (closed) {
      throw new IOException("id ledger is closed");
    }
    List<ClaimOutcome> out = new ArrayList<>(claims.size());
    if (claims.isEmpty()) {
      return out;
    }
    long now = clock.millis();
    roll(now);
    Map<Key, Entry> fresh = new HashMap<>();
    ByteBuffer records = ByteBuffer.allocate(claims.size() * RECORD);
    for (IdClaim c : claims) {
      long[] kb = c.key();
      Key k = new Key(kb[0], kb[1]);
      Entry e = fresh.get(k);
      if (e == null) {
        e = entries.get(k);
        if (e != null && e.claimedAt() < forgetBefore) {
          e = null;
        }
      }
      if (e == null) {
        e = new Entry(c.ownerHi(), c.ownerLo(), c.contentHash(), now);
        fresh.put(k, e);
        int at = records.position();
        records.putLong(k.hi()).putLong(k.lo()).putLong(e.ownerHi()).putLong(e.ownerLo()).putLong(e.content())
            .putLong(e.claimedAt());
        records.putInt(crc(records.array(), at, RECORD - 4));
        out.add(ClaimOutcome.FIRST);
      } else if (e.ownerHi() == c.ownerHi() && e.ownerLo() == c.ownerLo()) {
        out.add(ClaimOutcome.FIRST);
      } else {
        out.add(e.content() == c.contentHash() ? ClaimOutcome.REPEAT : ClaimOutcome.CONFLICT);
      }
    }
    if (!fresh.isEmpty()) {
      records.flip();
      DurableFiles.writeFully(current, records, currentSize);
      current.force(false);
      currentSize += records.limit();
      // Remembered only once durable: a claim lost in a crash must not turn a retry into a repeat.
      entries.putAll(fresh);
      evictIfFull();
    }
    return out;
  }

  /** Opens the file of the current hour, and forgets what left the window when the hour turns. */
  private void roll(long now) throws IOException {
    long hour = Math.floorDiv(now, HOUR_MILLIS);
    if (hour == currentHour) {
      return;
    }
    if (current != null) {
      current.close();
    }
    Path f = dir.resolve(hour + SUFFIX);
    current = Files.exists(f) ? FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)
        : DurableFiles.createAppendable(f);
    currentSize = current.size() - current.size() % RECORD;
    currentHour = hour;
    forgetBefore = Math.max(forgetBefore, now - windowMillis);
    entries.values().removeIf(e -> e.claimedAt() < forgetBefore);
    deleteFilesBefore(forgetBefore);
  }

  private void deleteFilesBefore(long millis) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList()) {
        long h = hourOf(f);
        if (h >= 0 && h != currentHour && (h + 1) * HOUR_MILLIS <= millis) {
          DurableFiles.delete(f);
        }
      }
    }
  }

  /** Past the bound, forgets the oldest hours' claims until under it. */
  private void evictIfFull() throws IOException {
    if (entries.size() <= maxEntries) {
      return;
    }
    long before = forgetBefore;
    while (entries.size() > maxEntries) {
      long oldest = Long.MAX_VALUE;
      for (Entry e : entries.values()) {
        oldest = Math.min(oldest, e.claimedAt());
      }
      forgetBefore = Math.max(forgetBefore, (Math.floorDiv(oldest, HOUR_MILLIS) + 1) * HOUR_MILLIS);
      long cut = forgetBefore;
      entries.values().removeIf(e -> e.claimedAt() < cut);
      if (forgetBefore > clock.millis()) {
        break;
      }
    }
    LOG.warning("id ledger holds more than " + maxEntries + " claims: claims made before "
        + java.time.Instant.ofEpochMilli(forgetBefore) + " are forgotten early (the window was "
        + java.time.Instant.ofEpochMilli(before) + " on); raise TRIBUTARY_IDEMPOTENCY_MAX_IDS to keep them");
    deleteFilesBefore(forgetBefore);
  }

  /** Claims held now (for tests and health). */
  public synchronized int size() {
    return entries.size();
  }

  private static int crc(byte[] b, int len) {
    return crc(b, 0, len);
  }

  private static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
