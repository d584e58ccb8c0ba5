package io.tributary.parse;

import io.tributary.event.Severity;
import java.util.Map;

/**
 * What a parser recovered from one raw line. Every field may be absent (null, or
 * {@code LogEvent.UNSET_TIME} for the time); the line itself always stays the event's message.
 *
 * @param timeNanos event time, or {@code LogEvent.UNSET_TIME}
 * @param severity normalised level, or null
 * @param severityText the level as written (or the word it was inferred from), or null
 * @param component logger, class or program name, or null
 * @param host host name, or null
 * @param pid process id as written, or null
 * @param thread thread id or name, or null
 * @param attributes {@code key=value} and {@code key: value} pairs found in the line; never null
 * @param body the content after the header (timestamp, level, component, pids): what the line
 *     says, the part a pattern miner should mine; the whole line when no header was recognised,
 *     the {@code msg} value of a logfmt line, empty when the line is only a header; never null
 */
public record ParsedLine(
    long timeNanos,
    Severity severity,
    String severityText,
    String component,
    String host,
    String pid,
    String thread,
    Map<String, Object> attributes,
    String body) {

  public ParsedLine {
    attributes = attributes == null ? Map.of() : attributes;
    body = body == null ? "" : body;
  }
}
