package io.tributary.alert.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.EventJson;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * One alert to deliver: a rule started firing (per group) or resolved. {@link #body} is what every
 * target receives; its field names are a public contract (docs/alerts-delivery.md), never renamed.
 *
 * @param deliveryId unique per notification and the same on every retry and every target, so a
 *     receiver can de-duplicate on it ({@code X-Tributary-Delivery})
 * @param state {@link #FIRING} or {@link #RESOLVED}
 * @param group the groupBy value the condition fired for; null when the rule has no groupBy
 * @param samples at most {@link #MAX_SAMPLES} matching events (more are cut); never null
 * @param query a {@code POST /api/logs/query} body that reproduces the matches
 */
public record AlertNotification(
    String deliveryId,
    TenantId tenant,
    String ruleId,
    String ruleName,
    String state,
    String group,
    Instant windowStart,
    Instant windowEnd,
    long count,
    long threshold,
    List<LogEvent> samples,
    JsonNode query,
    Instant at) {

  public static final String FIRING = "firing";
  public static final String RESOLVED = "resolved";
  public static final int MAX_SAMPLES = 10;
  /** Written as {@code version}; raised only when a field changes meaning. */
  public static final int BODY_VERSION = 1;

  public AlertNotification {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(ruleName, "ruleName");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(at, "at");
    if (!FIRING.equals(state) && !RESOLVED.equals(state)) {
      throw new IllegalArgumentException("state must be firing or resolved: " + state);
    }
    samples = samples == null ? List.of()
        : List.copyOf(samples.size() > MAX_SAMPLES ? samples.subList(0, MAX_SAMPLES) : samples);
  }

  /**
   * The JSON body: {@code version, deliveryId, tenant, ruleId, ruleName, state, group, windowStart,
   * windowEnd, count, threshold, samples, query, at}; times are ISO-8601 UTC, samples are events as
   * the query API returns them ({@link EventJson}).
   */
  public static byte[] body(AlertNotification n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 512 * n.samples().size());
    try (JsonGenerator g = Json.factory().createGenerator(out)) {
      g.setCodec(Json.mapper());
      g.writeStartObject();
      g.writeNumberField("version", BODY_VERSION);
      g.writeStringField("deliveryId", n.deliveryId());
      g.writeStringField("tenant", n.tenant().value());
      g.writeStringField("ruleId", n.ruleId());
      g.writeStringField("ruleName", n.ruleName());
      g.writeStringField("state", n.state());
      g.writeStringField("group", n.group());
      g.writeStringField("windowStart", time(n.windowStart()));
      g.writeStringField("windowEnd", time(n.windowEnd()));
      g.writeNumberField("count", n.count());
      g.writeNumberField("threshold", n.threshold());
      g.writeArrayFieldStart("samples");
      for (LogEvent e : n.samples()) {
        EventJson.write(e, g);
      }
      g.writeEndArray();
      g.writeFieldName("query");
      if (n.query() == null) {
        g.writeStartObject();
        g.writeEndObject();
      } else {
        g.writeTree(n.query());
      }
      g.writeStringField("at", time(n.at()));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write an alert body", e);
    }
    return out.toByteArray();
  }

  private static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t);
  }
}
