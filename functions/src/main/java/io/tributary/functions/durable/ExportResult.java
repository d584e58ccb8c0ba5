package io.tributary.functions.durable;

/** A finished export job: where its file is, and its events, bytes and SHA-256 (hex). */
public record ExportResult(String url, long events, long bytes, String sha256) {
}
