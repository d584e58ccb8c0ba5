package io.tributary.local.alert;

import io.tributary.alert.delivery.DeliveryAttempt;
import io.tributary.alert.delivery.DeliveryAttemptJson;
import io.tributary.alert.delivery.DeliveryLog;
import io.tributary.alert.delivery.DeliveryOutcome;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.local.files.DurableFiles;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The local {@link DeliveryLog}: one append-only JSON-lines file per tenant
 * ({@code <dir>/<tenant>.jsonl}, one {@link DeliveryAttemptJson} object a line), each record
 * forced to disk before {@link #record} returns. Reads scan the tenant's file and keep the newest
 * {@code keepPerRule} attempts of each rule; when a file outgrows {@code compactBytes} it is
 * rewritten (atomically) with just those, so it stays bounded. Opening a file cuts a torn last
 * line (a crash mid-append, never acknowledged). Thread-safe: one lock per tenant file.
 */
public final class FileDeliveryLog implements DeliveryLog {

  private static final Logger LOG = Logger.getLogger(FileDeliveryLog.class.getName());
  public static final int DEFAULT_KEEP_PER_RULE = 1_000;
  public static final long DEFAULT_COMPACT_BYTES = 16L << 20;

  private final Path dir;
  private final int keepPerRule;
  private final long compactBytes;
  private final Map<TenantId, TenantFile> files = new ConcurrentHashMap<>();

  public FileDeliveryLog(Path dir) throws IOException {
    this(dir, DEFAULT_KEEP_PER_RULE, DEFAULT_COMPACT_BYTES);
  }

  public FileDeliveryLog(Path dir, int keepPerRule, long compactBytes) throws IOException {
    if (keepPerRule < 1 || compactBytes < 1) {
      throw new IllegalArgumentException("keepPerRule and compactBytes must be positive");
    }
    DurableFiles.createDirectories(dir);
    DurableFiles.removeTemporaries(dir);
    this.dir = dir;
    this.keepPerRule = keepPerRule;
    this.compactBytes = compactBytes;
  }

  @Override
  public void record(DeliveryAttempt a) throws IOException {
    byte[] json = DeliveryAttemptJson.bytes(a);
    ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n');
    line.flip();
    TenantFile f = file(a.tenant());
    synchronized (f) {
      if (!f.channel.isOpen()) {
        f.open(); // an interrupted writer closes the channel under everyone (ClosedByInterruptException)
      }
      f.append(line);
      if (f.end > f.compactAt) {
        compact(f);
      }
    }
  }

  @Override
  public List<DeliveryAttempt> attempts(TenantId tenant, String ruleId, int limit) throws IOException {
    TenantFile f = file(tenant);
    List<Indexed> kept;
    synchronized (f) {
      kept = newestPerRule(f, ruleId);
    }
    return newestFirst(kept, limit, false);
  }

  @Override
  public List<DeliveryAttempt> deadLetters(TenantId tenant, int limit) throws IOException {
    TenantFile f = file(tenant);
    List<Indexed> kept;
    synchronized (f) {
      kept = newestPerRule(f, null);
    }
    return newestFirst(kept, limit, true);
  }

  private static List<DeliveryAttempt> newestFirst(List<Indexed> kept, int limit, boolean deadOnly) {
    List<DeliveryAttempt> out = new ArrayList<>();
    for (int i = kept.size() - 1; i >= 0 && out.size() < limit; i--) {
      DeliveryAttempt a = kept.get(i).attempt;
      if (!deadOnly || a.outcome() == DeliveryOutcome.DEAD_LETTER) {
        out.add(a);
      }
    }
    return out;
  }

  /** An attempt and its line number, so that rules read apart can be put back in file order. */
  private record Indexed(long line, String raw, DeliveryAttempt attempt) {
  }

  /** The newest {@code keepPerRule} of each rule (or of {@code onlyRule}), in file order. */
  private List<Indexed> newestPerRule(TenantFile f, String onlyRule) throws IOException {
    Map<String, Deque<Indexed>> byRule = new HashMap<>();
    if (f.end > 0) {
      try (BufferedReader r = new BufferedReader(Channels.newReader(
          Files.newByteChannel(f.path, StandardOpenOption.READ), StandardCharsets.UTF_8))) {
        long n = 0;
        for (String raw = r.readLine(); raw != null; raw = r.readLine(), n++) {
          DeliveryAttempt a;
          try {
            a = DeliveryAttemptJson.read(Json.mapper().readTree(raw));
          } catch (IOException | RuntimeException bad) {
            continue;
          }
          if (onlyRule != null && !onlyRule.equals(a.ruleId())) {
            continue;
          }
          Deque<Indexed> q = byRule.computeIfAbsent(a.ruleId(), k -> new ArrayDeque<>());
          q.addLast(new Indexed(n, raw, a));
          if (q.size() > keepPerRule) {
            q.removeFirst();
          }
        }
      }
    }
    List<Indexed> all = new ArrayList<>();
    byRule.values().forEach(all::addAll);
    all.sort(Comparator.comparingLong(Indexed::line));
    return all;
  }

  /** Rewrites {@code f} with only what reads keep; the threshold then rises if that is still large. */
  private void compact(TenantFile f) throws IOException {
    List<Indexed> kept = newestPerRule(f, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Indexed i : kept) {
      out.writeBytes(i.raw.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    f.channel.close();
    DurableFiles.write(f.path, out.toByteArray());
    f.open();
    f.compactAt = Math.max(compactBytes, 2 * f.end);
    LOG.fine(() -> "delivery log: compacted " + f.path + " to " + f.end + " bytes");
  }

  private TenantFile file(TenantId tenant) throws IOException {
    try {
      return files.computeIfAbsent(tenant, t -> {
        try {
          TenantFile f = new TenantFile(dir.resolve(t.value() + ".jsonl"));
          f.open();
          f.compactAt = Math.max(compactBytes, 2 * f.end);
          return f;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void close() throws IOException {
    for (TenantFile f : files.values()) {
      synchronized (f) {
        f.channel.close();
      }
    }
    files.clear();
  }

  /** One tenant's file; all access holds its monitor. */
  private static final class TenantFile {
    final Path path;
    FileChannel channel;
    long end;
    long compactAt;

    TenantFile(Path path) {
      this.path = path;
    }

    void open() throws IOException {
      channel = Files.exists(path) ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
          : DurableFiles.createAppendable(path);
      end = channel.size();
      long good = lastNewline();
      if (good != end) {
        LOG.warning("delivery log: cutting " + (end - good) + " bytes of a torn last line of " + path);
        channel.truncate(good);
        channel.force(true);
        end = good;
      }
    }

    /** The length of the file up to and including its last newline. */
    private long lastNewline() throws IOException {
      ByteBuffer b = ByteBuffer.allocate(4096);
      long pos = end;
      while (pos > 0) {
        int n = (int) Math.min(b.capacity(), pos);
        b.clear().limit(n);
        while (b.hasRemaining()) {
          if (channel.read(b, pos - n + b.position()) < 0) {
            throw new IOException("delivery log " + path + " ends early");
          }
        }
        for (int i = n - 1; i >= 0; i--) {
          if (b.get(i) == '\n') {
            return pos - n + i + 1;
          }
        }
        pos -= n;
      }
      return 0;
    }

    void append(ByteBuffer line) throws IOException {
      int len = line.remaining();
      try {
        DurableFiles.writeFully(channel, line, end);
        channel.force(false);
      } catch (IOException e) {
        try {
          channel.truncate(end);
        } catch (IOException undo) {
          e.addSuppressed(undo);
        }
        throw e;
      }
      end += len;
    }
  }
}
