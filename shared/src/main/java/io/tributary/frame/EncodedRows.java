package io.tributary.frame;

import io.tributary.event.LogEvent;

/**
 * The {@link EventCodec} bytes of a batch's events, encoded once, in the order they were added, for
 * every writer that stores events in that form (the block store's rows, the archive's row
 * segments): encoding reads every string of an event, and doing it once, right after the event was
 * built and while it is still in the processor's cache, is what makes it cheap. Not thread-safe.
 */
public final class EncodedRows {

  private final ByteWriter data;
  private int[] ends = new int[1024];
  private int count;

  public EncodedRows(int capacityBytes) {
    data = new ByteWriter(capacityBytes);
  }

  /** Appends {@code e}'s row; it is row {@link #count()} − 1 afterwards. */
  public void add(LogEvent e) {
    EventCodec.write(e, data);
    if (count == ends.length) {
      ends = java.util.Arrays.copyOf(ends, count * 2);
    }
    ends[count++] = data.size();
  }

  public int count() {
    return count;
  }

  /** The buffer holding every row; row {@code i} is {@code [start(i), end(i))}. */
  public byte[] array() {
    return data.array();
  }

  public int start(int row) {
    return row == 0 ? 0 : ends[row - 1];
  }

  public int end(int row) {
    if (row >= count) {
      throw new IndexOutOfBoundsException("row " + row + " of " + count);
    }
    return ends[row];
  }

  /** Drops the rows from {@code rows} on (those of a frame that failed half-way), keeping the others. */
  public void truncate(int rows) {
    if (rows < 0 || rows > count) {
      throw new IndexOutOfBoundsException("truncate to " + rows + " of " + count);
    }
    int keep = start(rows);
    data.reset();
    data.advance(keep);
    count = rows;
  }

  /** Empties it for the next batch, keeping its buffers. */
  public void clear() {
    data.reset();
    count = 0;
  }
}
