package io.tributary.ingest;

/**
 * Why one item of a request was not accepted.
 *
 * @param index 0-based position of the item: the line number for NDJSON and text bodies (blank
 *     lines counted), the element index for JSON arrays
 * @param code a stable reason code from {@link Reasons}
 * @param message what is wrong and what to change
 */
public record Rejection(int index, String code, String message) {
}
