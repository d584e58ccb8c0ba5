package io.tributary.functions.durable;

/** An archival run's custom status: tenants in the run, done so far (failed ones included), failed. */
public record ArchivalProgress(int tenants, int done, int failed, int percent) {
}
