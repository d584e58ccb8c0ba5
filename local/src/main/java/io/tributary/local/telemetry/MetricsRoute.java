package io.tributary.local.telemetry;

import io.tributary.local.host.HostResponse;
import io.tributary.local.host.HostRoutes;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /metrics} on the local host: the platform's metrics in the Prometheus text format, for
 * a Prometheus (or any OpenMetrics-compatible agent) to scrape. No token, as scrapers send none; it
 * holds counts by reason code and partition, nothing of any tenant. The runtime listens on
 * 127.0.0.1 unless told otherwise.
 */
public final class MetricsRoute implements HostRoutes {

  public static final String PATH = "/metrics";

  private final PrometheusExposition exposition;

  public MetricsRoute(PrometheusExposition exposition) {
    this.exposition = exposition;
  }

  @Override
  public HostResponse answer(Request r) {
    if (!r.path().equals(PATH) || !(r.method().equals("GET") || r.method().equals("HEAD"))) {
      return null;
    }
    return new HostResponse(200, Map.of("Content-Type", PrometheusExposition.CONTENT_TYPE, "Cache-Control", "no-store"),
        exposition.scrape().getBytes(StandardCharsets.UTF_8));
  }
}
