package io.tributary.functions.durable;

/** An export job's progress, its orchestration's custom status: events and bytes written, percent of the time range. */
public record ExportProgress(long events, long bytes, int percent) {
}
