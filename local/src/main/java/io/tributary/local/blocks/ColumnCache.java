package io.tributary.local.blocks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Decoded columns of blocks (times, ingest times, severities, service and host indexes, the parsed
 * chunk filters), kept between queries so a query reads a block's small columns from memory, not
 * by decompressing and decoding them again: what an inverted index gets from the page cache, a
 * column store gets from this. Bounded by bytes (W-TinyLFU), shared by every block store of the
 * process: {@value #HEAP_SHARE_DENOMINATOR}th of the maximum heap, at least 16 MiB. Blocks are
 * immutable, so an entry is never stale; a retired block's entries are dropped when it closes.
 * Callers must not change an array they get. Thread-safe.
 */
final class ColumnCache {

  private static final int HEAP_SHARE_DENOMINATOR = 8;
  static final ColumnCache SHARED = new ColumnCache(
      Math.max(16L << 20, Runtime.getRuntime().maxMemory() / HEAP_SHARE_DENOMINATOR));

  /** Loads a column when it is not cached. */
  @FunctionalInterface
  interface Loader<T> {
    T load() throws IOException;
  }

  private record Key(Block block, int column) {
  }

  private final Cache<Key, Object> cache;

  ColumnCache(long maxBytes) {
    cache = Caffeine.newBuilder().maximumWeight(maxBytes).weigher((Key k, Object v) -> weight(v)).build();
  }

  /** Column {@code column} of {@code block}, loaded once and then kept while it fits. */
  @SuppressWarnings("unchecked")
  <T> T get(Block block, int column, Loader<T> loader) throws IOException {
    try {
      return (T) cache.get(new Key(block, column), k -> {
        try {
          return loader.load();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Drops every column of {@code block} (it is being closed). */
  void invalidate(Block block, int columns) {
    for (int c = 0; c < columns; c++) {
      cache.invalidate(new Key(block, c));
    }
  }

  private static int weight(Object v) {
    long bytes = 64;
    if (v instanceof long[] a) {
      bytes += 8L * a.length;
    } else if (v instanceof int[] a) {
      bytes += 4L * a.length;
    } else if (v instanceof byte[] a) {
      bytes += a.length;
    } else if (v instanceof TokenFilter[] a) {
      for (TokenFilter f : a) {
        bytes += 32 + f.sizeBytes();
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
