package io.tributary.process;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.parse.LineParser;
import io.tributary.parse.LogLineParser;
import io.tributary.parse.ParsedLine;
import io.tributary.pattern.MinerRegistry;
import io.tributary.pattern.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Completes an event on its way into the store: the time, severity and fields a text line carries,
 * the ingest time for events that gave no time, and the pattern of what the event says (mined per
 * tenant and service: the body of a text line after its header, the message of a structured
 * event).
 *
 * <p>Parsing is deterministic: the same event gets the same fields every time. Patterns are mined
 * online, so reprocessing an event yields the same {@code patternId} once its pattern has settled
 * (the line was mined before, its template has not generalised since, and its cluster was not
 * evicted); an id that generalised away still resolves ({@link #equivalentPatternIds}). Thread-safe: one enricher may serve all partitions.
 */
public final class Enricher {

  private final LineParser parser;
  private final MinerRegistry patterns;

  /**
   * @param parser reads text lines
   * @param patterns the pattern miners, shared by everything that enriches the same streams
   */
  public Enricher(LineParser parser, MinerRegistry patterns) {
    this.parser = parser;
    this.patterns = patterns;
  }

  /** The standard enricher: {@link LogLineParser} and a {@link MinerRegistry} with its defaults. */
  public Enricher() {
    this(new LogLineParser(), new MinerRegistry());
  }

  public LogEvent enrich(LogEvent e) {
    if (e.kind() != EventKind.TEXT) {
      long time = e.timeNanos() == LogEvent.UNSET_TIME ? e.ingestedNanos() : e.timeNanos();
      Pattern pattern = e.patternId() == null ? mine(e, e.message()) : null;
      if (time == e.timeNanos() && pattern == null) {
        return e;
      }
      return new LogEvent(e.id(), e.tenant(), e.kind(), time, e.ingestedNanos(),
          e.severity(), e.severityText(), e.service(), e.host(), e.message(), e.attributes(), e.traceId(),
          e.spanId(), pattern != null ? pattern.id() : e.patternId(), pattern != null ? pattern.template() : e.template());
    }
    ParsedLine p = parser.parse(e.message(), e.ingestedNanos());
    long time = p.timeNanos() != LogEvent.UNSET_TIME ? p.timeNanos() : e.ingestedNanos();
    Map<String, Object> attrs = e.attributes();
    if (!p.attributes().isEmpty() || p.component() != null || p.pid() != null || p.thread() != null) {
      attrs = new LinkedHashMap<>(e.attributes());
      attrs.putAll(p.attributes());
      putIfSet(attrs, "component", p.component());
      putIfSet(attrs, "pid", p.pid());
      putIfSet(attrs, "thread", p.thread());
    }
    Pattern pattern = e.patternId() == null ? mine(e, p.body()) : null;
    return new LogEvent(e.id(), e.tenant(), e.kind(), time, e.ingestedNanos(),
        p.severity() != null ? p.severity() : e.severity(),
        p.severity() != null ? p.severityText() : e.severityText(),
        e.service(),
        p.host() != null ? p.host() : e.host(),
        e.message(), attrs, e.traceId(), e.spanId(),
        pattern != null ? pattern.id() : e.patternId(),
        pattern != null ? pattern.template() : e.template());
  }

  /**
   * Every id the pattern {@code patternId} has had in the tenant's streams (current and former, as
   * templates generalised), for queries that name a pattern; at least the id itself.
   */
  public Set<String> equivalentPatternIds(TenantId tenant, String patternId) {
    return patterns.equivalentIds(tenant, patternId);
  }

  /** The id the pattern {@code patternId} has now in the tenant's streams; itself when unknown. */
  public String currentPatternId(TenantId tenant, String patternId) {
    return patterns.currentId(tenant, patternId);
  }

  private Pattern mine(LogEvent e, String body) {
    if (e.tenant() == null || body == null) {
      return null;
    }
    return patterns.mine(e.tenant(), e.service(), body);
  }

  private static void putIfSet(Map<String, Object> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
