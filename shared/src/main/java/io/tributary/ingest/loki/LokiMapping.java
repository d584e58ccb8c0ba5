package io.tributary.ingest.loki;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import io.tributary.ingest.BodyReading;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestLimits;
import io.tributary.ingest.Reasons;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Loki entry means as an event, for both encodings; the one place the mapping is written
 * (docs/ingest-formats.md):
 * <ul>
 *   <li>the line → message (an empty line {@code missing_message});
 *   <li>the timestamp → time, however old and in any order (Loki's users' first complaint is its
 *       out-of-order and too-old refusals); more than the limit ahead {@code timestamp_in_future};
 *   <li>the first label of {@link LokiLabels#service} the stream has → service, of
 *       {@link LokiLabels#host} → host (else the request's defaults; longer than
 *       {@code maxNameLength} {@code field_too_long});
 *   <li>{@code level}, {@code detected_level}, {@code severity} or {@code lvl} (structured metadata
 *       before labels) → severity and its text;
 *   <li>every other label, then the structured metadata (a later name replaces an earlier one) →
 *       attributes, at most {@code maxAttributes}, names of at most {@code maxNameLength}.
 * </ul>
 * A stream whose labels do not read rejects each of its entries ({@code invalid_labels}). At
 * ingest an entry that breaks a rule is rejected with the first rule it broke; a replay builds the
 * event in any case.
 */
final class LokiMapping {

  private LokiMapping() {
  }

  /** Judges (at ingest) and builds (when materializing) the event of entry {@code index}. */
  static void entry(BodyReading r, int index, int start, int end, StreamLabels stream, LokiEntry e) {
    IngestLimits limits = r.limits();
    String code = null;
    String message = null;
    if (end - start > limits.maxEventBytes()) {
      code = Reasons.EVENT_TOO_LARGE;
      message = "the entry is " + (end - start) + " bytes; the limit is " + limits.maxEventBytes() + " bytes per event";
    } else if (stream.error() != null) {
      code = Reasons.INVALID_LABELS;
      message = stream.error();
    } else if (e.errorCode != null) {
      code = e.errorCode;
      message = e.errorMessage;
    } else if (hasLoneSurrogate(stream, e)) {
      code = Reasons.INVALID_UTF8;
      message = "the entry holds a lone surrogate (an unpaired \\uD800-\\uDFFF escape), which is not text: send"
          + " valid UTF-8, with the surrogate paired or dropped";
    } else if (e.line == null || e.line.isEmpty()) {
      code = Reasons.MISSING_MESSAGE;
      message = "the entry's line is empty: put the log text in the line";
    } else if (e.timeNanos != LogEvent.UNSET_TIME && e.timeNanos > r.nowNanos() + limits.maxFutureNanos()) {
      code = Reasons.TIMESTAMP_IN_FUTURE;
      message = "the timestamp " + Timestamps.format(e.timeNanos) + " is more than "
          + (limits.maxFutureNanos() / 3_600_000_000_000L) + " h ahead of the server clock; check the sender's clock";
    }
    LokiLabels names = LokiLabels.current();
    Map<String, String> labels = stream.labels();
    String serviceLabel = first(labels, names.service());
    String hostLabel = first(labels, names.host());
    String levelLabel = null;
    String levelText = null;
    for (String[] kv : e.metadata) {
      if (levelLabel == null && LokiLabels.LEVEL.contains(kv[0]) && !kv[1].isEmpty()) {
        levelLabel = kv[0];
        levelText = kv[1];
      }
    }
    boolean levelFromMetadata = levelLabel != null;
    if (levelLabel == null) {
      levelLabel = first(labels, LokiLabels.LEVEL);
      levelText = levelLabel == null ? null : labels.get(levelLabel);
    }
    String service = serviceLabel == null ? null : labels.get(serviceLabel);
    String host = hostLabel == null ? null : labels.get(hostLabel);
    if (code == null) {
      for (String v : new String[] {service, host}) {
        if (v != null && v.length() > limits.maxNameLength()) {
          code = Reasons.FIELD_TOO_LONG;
          message = "the service or host label is " + v.length() + " characters; the limit is "
              + limits.maxNameLength();
        }
      }
    }
    if (code == null) {
      int count = labels.size() + e.metadata.size();
      if (count > limits.maxAttributes()) {
        code = Reasons.TOO_MANY_ATTRIBUTES;
        message = "the entry has " + count + " labels and structured metadata; the limit is "
            + limits.maxAttributes() + " attributes";
      }
    }
    if (code == null) {
      String longName = longName(labels.keySet(), limits.maxNameLength());
      for (String[] kv : e.metadata) {
        if (longName == null && (kv[0].isEmpty() || kv[0].length() > limits.maxNameLength())) {
          longName = kv[0];
        }
      }
      if (longName != null) {
        code = Reasons.FIELD_TOO_LONG;
        message = "attribute names are 1-" + limits.maxNameLength() + " characters; '"
            + (longName.length() > 64 ? longName.substring(0, 64) + "…" : longName) + "' is " + longName.length();
      }
    }
    if (r.judging() && code != null) {
      r.reject(index, code, message);
      return;
    }
    if (!r.materialize()) {
      r.accept(null, start, end);
      return;
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (Map.Entry<String, String> l : labels.entrySet()) {
      String k = l.getKey();
      if (!k.equals(serviceLabel) && !k.equals(hostLabel) && !(k.equals(levelLabel) && !levelFromMetadata)) {
        attributes.put(k, l.getValue());
      }
    }
    for (String[] kv : e.metadata) {
      if (!(levelFromMetadata && kv[0].equals(levelLabel))) {
        attributes.put(kv[0], kv[1]);
      }
    }
    EventDefaults defaults = r.defaults();
    Severity parsed = levelText == null ? null : Severity.parse(levelText);
    r.accept(new LogEvent(r.nextId(), r.tenant(), EventKind.STRUCTURED, e.timeNanos, r.nowNanos(),
        parsed != null ? parsed : defaults.severity(), levelText,
        service == null || service.isEmpty() ? defaults.service() : service,
        host == null || host.isEmpty() ? defaults.host() : host,
        e.line == null ? "" : e.line, attributes, null, null, null, null), start, end);
  }

  /** JSON escapes can spell a lone surrogate, which the store could not keep as text. */
  private static boolean hasLoneSurrogate(StreamLabels stream, LokiEntry e) {
    if (e.line != null && BodyReading.hasLoneSurrogate(e.line)) {
      return true;
    }
    for (String[] kv : e.metadata) {
      if (BodyReading.hasLoneSurrogate(kv[0]) || BodyReading.hasLoneSurrogate(kv[1])) {
        return true;
      }
    }
    for (Map.Entry<String, String> l : stream.labels().entrySet()) {
      if (BodyReading.hasLoneSurrogate(l.getKey()) || BodyReading.hasLoneSurrogate(l.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** The first of {@code names} with a non-empty value among {@code labels}, or null. */
  private static String first(Map<String, String> labels, List<String> names) {
    for (String n : names) {
      String v = labels.get(n);
      if (v != null && !v.isEmpty()) {
        return n;
      }
    }
    return null;
  }

  private static String longName(Iterable<String> names, int max) {
    for (String n : names) {
      if (n.length() > max) {
        return n;
      }
    }
    return null;
  }
}
