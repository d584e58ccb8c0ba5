package io.tributary.archive;

import io.tributary.event.TenantId;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of one archive segment. Segments are grouped by tenant and by the hour the events were
 * ingested, and named by the event-log coordinates of the frames they hold, so that archiving the
 * same frames twice names the same segment:
 * {@code acme/2026/11/25/07/0003-00000000000000001024-00000000000000009876.tseg}.
 *
 * <p>A segment rewritten by an erasure (docs/retention.md) keeps its coordinates and gets the next
 * <b>revision</b>, {@code …-00000000000000009876.r1.tseg}: of segments with the same coordinates the
 * highest revision is the one read ({@link ArchiveCompactor#visible}), so the rewrite is in force
 * as soon as it is written, before the segment it replaces is deleted. Revision 0 has no suffix:
 * every name written before revisions existed is revision 0.
 *
 * @param hour hours since the epoch (UTC) of the frames' ingest time
 * @param firstOffset offset of the first frame in the segment
 * @param lastOffset offset of the last frame in the segment
 * @param revision 0 as written by processing or compaction; one more for each rewrite
 */
public record SegmentKey(TenantId tenant, long hour, int partition, long firstOffset, long lastOffset, int revision)
    implements Comparable<SegmentKey> {

  public static final String SUFFIX = ".tseg";
  private static final Pattern NAME = Pattern.compile(
      "([a-z0-9][a-z0-9_-]{0,62})/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/(\\d{4})-(\\d{20})-(\\d{20})(?:\\.r([1-9]\\d{0,8}))?"
      + "\\.tseg");

  public SegmentKey {
    if (firstOffset > lastOffset || partition < 0 || partition > 9999 || revision < 0) {
      throw new IllegalArgumentException("bad segment coordinates " + partition + " " + firstOffset + "-" + lastOffset
          + " r" + revision);
    }
  }

  /** A segment as processing and compaction write it: revision 0. */
  public SegmentKey(TenantId tenant, long hour, int partition, long firstOffset, long lastOffset) {
    this(tenant, hour, partition, firstOffset, lastOffset, 0);
  }

  /** The key of this segment's rewrite: the same coordinates, the next revision. */
  public SegmentKey nextRevision() {
    return new SegmentKey(tenant, hour, partition, firstOffset, lastOffset, revision + 1);
  }

  /** The tenant's folder plus the hour's folders: {@code acme/2026/11/25/07}. */
  public static String hourPrefix(TenantId tenant, long hour) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(hour * 3600, 0, ZoneOffset.UTC);
    return String.format("%s/%04d/%02d/%02d/%02d", tenant.value(), t.getYear(), t.getMonthValue(),
        t.getDayOfMonth(), t.getHour());
  }

  public String name() {
    return String.format("%s/%04d-%020d-%020d%s%s", hourPrefix(tenant, hour), partition, firstOffset, lastOffset,
        revision == 0 ? "" : ".r" + revision, SUFFIX);
  }

  /** The key a {@link #name()} came from, or null when {@code name} is not a segment name. */
  public static SegmentKey parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      return null;
    }
    LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), 0);
    long hour = t.toEpochSecond(ZoneOffset.UTC) / 3600;
    return new SegmentKey(TenantId.of(m.group(1)), hour, Integer.parseInt(m.group(6)),
        Long.parseLong(m.group(7)), Long.parseLong(m.group(8)), m.group(9) == null ? 0 : Integer.parseInt(m.group(9)));
  }

  @Override
  public int compareTo(SegmentKey o) {
    return name().compareTo(o.name());
  }
}
