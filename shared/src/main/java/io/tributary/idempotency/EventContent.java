package io.tributary.idempotency;

import io.tributary.event.LogEvent;
import java.util.Map;

/**
 * A 64-bit fingerprint of what an event says — kind, time as sent, severity, service, host,
 * message, attributes, trace and span — leaving out its id and when it was ingested, so that a
 * client's retry of an event has the fingerprint of the original and a different event that
 * re-uses the id has another. Computed on events as processing decodes them, before enrichment.
 * Only compared, never persisted as a key: it may change between versions (a retry straddling an
 * upgrade then counts as a conflict, which is still dropped).
 */
public final class EventContent {

  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private EventContent() {
  }

  public static long hash(LogEvent e) {
    long h = OFFSET;
    h = mix(h, e.kind().code());
    h = mix(h, e.timeNanos());
    h = mix(h, e.severity() == null ? -1 : e.severity().code());
    h = text(h, e.severityText());
    h = text(h, e.service());
    h = text(h, e.host());
    h = text(h, e.message());
    for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
      h = text(h, a.getKey());
      Object v = a.getValue();
      h = mix(h, v == null ? 0 : v.getClass().getName().hashCode());
      h = text(h, String.valueOf(v));
    }
    h = text(h, e.traceId());
    h = text(h, e.spanId());
    return finish(h);
  }

  private static long text(long h, String s) {
    if (s == null) {
      return mix(h, -1);
    }
    h = mix(h, s.length());
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * PRIME;
    }
    return h;
  }

  private static long mix(long h, long v) {
    for (int i = 0; i < 8; i++) {
      h = (h ^ (v & 0xFF)) * PRIME;
      v >>>= 8;
    }
    return h;
  }

  /** A final avalanche (the murmur3 finaliser) so nearby inputs spread over all bits. */
  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
