package io.tributary.ingest;

import java.nio.charset.StandardCharsets;

/**
 * One generated ingest request and the settings it meets: what the property tests and
 * {@code loadtest/run fuzz-ingest} feed to {@link IngestReplayCheck}.
 *
 * @param shape how the body is laid out (ndjson, json-array, json-events, json-lines, text)
 * @param raw the body before Content-Encoding
 * @param sent the body as sent
 * @param frameBound the FrameCodec's frame bound (small ones reach the items layouts cheaply)
 */
public record IngestCase(String shape, String contentType, String contentEncoding, byte[] raw, byte[] sent,
    EventDefaults defaults, IngestLimits limits, int frameBound) {

  /** Enough to reproduce a failure: the settings and the body, escaped. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append("shape=").append(shape).append(" contentType=").append(contentType)
        .append(" encoding=").append(contentEncoding).append(" sent=").append(sent.length).append(" bytes")
        .append(" raw=").append(raw.length).append(" bytes frameBound=").append(frameBound)
        .append("\n  defaults=").append(defaults).append("\n  limits=").append(limits).append("\n  body=\"");
    String s = new String(raw, StandardCharsets.ISO_8859_1);
    int n = Math.min(s.length(), 6000);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        b.append("\\n");
      } else if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c >= 0x7F) {
        b.append(String.format("\\x%02X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(n < s.length() ? "…\"" : "\"").toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
