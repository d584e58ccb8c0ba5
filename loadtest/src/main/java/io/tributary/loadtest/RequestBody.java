package io.tributary.loadtest;

/** A prepared ingest body: its bytes as sent, how many events it holds, and its raw size. */
record RequestBody(byte[] bytes, int events, int rawBytes) {
}
