package io.tributary.functions.durable;

/** The input of {@link RecordErasureActivity}: the erasure and what it removed. */
public record ErasureRecord(ErasureJob job, long storeEvents, long archiveEvents, long segmentsRewritten) {
}
