package io.tributary.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.tributary.ingest.IngestResult;
import io.tributary.ingest.Rejection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The platform's own metrics, on the OpenTelemetry API: whoever gives the {@link Meter} decides
 * where they go (the local runtime's {@code GET /metrics} in Prometheus text; in Azure the
 * Application Insights agent's SDK). Counters the services keep anyway (events processed, frames
 * quarantined, deliveries) are observed when the metrics are read; what only the moment knows (a
 * request's outcome and duration) is recorded as it happens. Names follow OpenTelemetry's
 * conventions ({@code tributary.*}, units as UCUM); a Prometheus reader turns
 * {@code tributary.ingest.events} with unit {@code {event}} into {@code tributary_ingest_events_total}.
 *
 * <p>Attributes are bounded: reason codes (a fixed list, {@code Reasons}), function names,
 * status classes, outcomes, partitions. Tenants are not an attribute (unbounded); per-tenant
 * figures are in the tenant API. Thread-safe.
 */
public final class PlatformMetrics {

  public static final String SCOPE = "io.tributary";
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
  static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("function");
  static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
  static final AttributeKey<Long> PARTITION = AttributeKey.longKey("partition");

  /** Where observed values come from; each may be null when that part does not run here. */
  public record Sources(LongSupplier processedEvents, LongSupplier quarantinedFrames, Supplier<long[]> partitionLags,
      Supplier<long[]> deliveries) {
    // deliveries: {delivered, dead letters, unfinished}
  }

  private final Meter meter;
  private final LongCounter ingestEvents;
  private final LongCounter ingestRequests;
  private final DoubleHistogram requestDuration;
  private final ConcurrentHashMap<String, Attributes> attributes = new ConcurrentHashMap<>();

  public PlatformMetrics(Meter meter) {
    this.meter = meter;
    this.ingestEvents = meter.counterBuilder("tributary.ingest.events").setUnit("{event}")
        .setDescription("Events ingest answered for: outcome accepted (durable before the 202) or rejected, with the"
            + " reason code of each rejected one").build();
    this.ingestRequests = meter.counterBuilder("tributary.ingest.requests").setUnit("{request}")
        .setDescription("Ingest requests by outcome: accepted (202), or refused whole with the reason code").build();
    this.requestDuration = meter.histogramBuilder("tributary.http.server.duration").setUnit("s")
        .setDescription("Time from a request's last byte to its answer, by function and status class")
        .setExplicitBucketBoundariesAdvice(List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5,
            5.0, 10.0)).build();
  }

  /** Records what one ingest request's answer was: its accepted and rejected events, or its refusal. */
  public void ingested(IngestResult result) {
    if (result instanceof IngestResult.Accepted a) {
      ingestRequests.add(1, attrs(OUTCOME, "accepted"));
      ingestEvents.add(a.receipt().accepted(), attrs(OUTCOME, "accepted"));
      long listed = 0;
      for (Rejection r : a.receipt().rejected()) {
        ingestEvents.add(1, rejected(r.code()));
        listed++;
      }
      if (a.receipt().rejectedCount() > listed) {
        ingestEvents.add(a.receipt().rejectedCount() - listed, rejected("unlisted"));
      }
    } else if (result instanceof IngestResult.Refused r) {
      ingestRequests.add(1, attributes.computeIfAbsent("refused\n" + r.problem().code(),
          k -> Attributes.of(OUTCOME, "refused", REASON, r.problem().code())));
    }
  }

  /** Records a request's duration: {@code function} its name, {@code status} the HTTP status. */
  public void request(String function, int status, long nanos) {
    requestDuration.record(nanos / 1e9, attributes.computeIfAbsent(function + "\n" + (status / 100),
        k -> Attributes.of(FUNCTION, function, STATUS, (status / 100) + "xx")));
  }

  /** Observes the services' own counters when the metrics are read. */
  public void observe(Sources s) {
    if (s.processedEvents() != null) {
      meter.counterBuilder("tributary.process.events").setUnit("{event}")
          .setDescription("Events processing stored (enriched, written to the store and the archive)")
          .buildWithCallback(m -> m.record(s.processedEvents().getAsLong()));
    }
    if (s.quarantinedFrames() != null) {
      meter.counterBuilder("tributary.process.quarantined").setUnit("{frame}")
          .setDescription("Frames processing could not store and put in the quarantine")
          .buildWithCallback(m -> m.record(s.quarantinedFrames().getAsLong()));
    }
    if (s.partitionLags() != null) {
      meter.gaugeBuilder("tributary.process.lag").ofLongs().setUnit("{offset}")
          .setDescription("How far processing is behind on each event-log partition, in the log's offsets: bytes"
              + " of the local journal, events (frames) of Event Hubs and Kafka")
          .buildWithCallback(m -> {
            long[] lags = s.partitionLags().get();
            for (int p = 0; lags != null && p < lags.length; p++) {
              m.record(lags[p], Attributes.of(PARTITION, (long) p));
            }
          });
    }
    if (s.deliveries() != null) {
      meter.counterBuilder("tributary.alert.deliveries").setUnit("{delivery}")
          .setDescription("Alert notifications that ended, by outcome: delivered or dead_letter")
          .buildWithCallback(m -> {
            long[] d = s.deliveries().get();
            m.record(d[0], attrs(OUTCOME, "delivered"));
            m.record(d[1], attrs(OUTCOME, "dead_letter"));
          });
      meter.gaugeBuilder("tributary.alert.deliveries.unfinished").ofLongs().setUnit("{delivery}")
          .setDescription("Alert notifications in flight or waiting for a retry")
          .buildWithCallback(m -> m.record(s.deliveries().get()[2]));
    }
  }

  /**
   * Observes the full-text index's feed (the Index function on the change feed; Azure only): its
   * {@code counts} are {indexed, rejected for good, left out by the policy or as copies}.
   */
  public void observeSearchIndexing(Supplier<long[]> counts) {
    meter.counterBuilder("tributary.search.indexed").setUnit("{event}")
        .setDescription("Stored events the search feed handled, by outcome: indexed, rejected (the index refused"
            + " them for good) or skipped (not picked by the indexing policy, or a copy of an id)")
        .buildWithCallback(m -> {
          long[] c = counts.get();
          m.record(c[0], attrs(OUTCOME, "indexed"));
          m.record(c[1], attrs(OUTCOME, "rejected"));
          m.record(c[2], attrs(OUTCOME, "skipped"));
        });
  }

  /**
   * Observes the alert evaluation: {@code events} is how many stored events were evaluated against
   * their tenant's rules (told by processing locally, by the AlertEvaluate function on the change
   * feed in Azure).
   */
  public void observeAlertEvaluation(LongSupplier events) {
    meter.counterBuilder("tributary.alert.evaluated").setUnit("{event}")
        .setDescription("Stored events evaluated against their tenant's alert rules")
        .buildWithCallback(m -> m.record(events.getAsLong()));
  }

  private Attributes rejected(String code) {
    return attributes.computeIfAbsent("rejected\n" + code, k -> Attributes.of(OUTCOME, "rejected", REASON, code));
  }

  private Attributes attrs(AttributeKey<String> key, String value) {
    return attributes.computeIfAbsent(key.getKey() + "\n" + value, k -> Attributes.of(key, value));
  }
}
