package io.tributary.retention;

import io.tributary.archive.SegmentKey;
import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.Map;

/**
 * An archive whose segments have access tiers (Blob Storage), set per segment because one
 * account-wide lifecycle rule cannot express each tenant's retention. Thread-safe.
 */
public interface ArchiveTiering {

  /** The tier of each of {@code tenant}'s segments of the ingest hours {@code [fromHour, toHour]}. */
  Map<SegmentKey, ArchiveTier> tiers(TenantId tenant, long fromHour, long toHour) throws IOException;

  /** Moves a segment to {@code tier}; false when there is no such segment (any more). */
  boolean setTier(SegmentKey key, ArchiveTier tier) throws IOException;
}
