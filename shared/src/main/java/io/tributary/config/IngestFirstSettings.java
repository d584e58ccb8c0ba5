package io.tributary.config;

import java.time.Duration;

/**
 * Ingest first under saturation, in the local runtime when it both ingests and processes (issue
 * 19): while more ingest requests are being served than the cores serve at speed, processing waits a bounded
 * while before each batch and catches up when the burst ends (docs/DESIGN.md, backpressure).
 *
 * @param maxPause the longest a processing reader waits before a batch; zero turns it off
 * @param maxLagBytes a partition at least this far behind, in journal bytes, never waits
 * @param busyRequests ingest is saturated while at least this many ingest requests are being served
 *     (on a worker); 0 for four per core
 */
public record IngestFirstSettings(Duration maxPause, long maxLagBytes, int busyRequests) {

  public static final IngestFirstSettings OFF = new IngestFirstSettings(Duration.ZERO, 0, 0);

  public IngestFirstSettings {
    if (maxPause.isNegative() || maxLagBytes < 0 || busyRequests < 0) {
      throw new IllegalArgumentException("ingest-first pause, lag and busy requests must not be negative");
    }
  }

  public boolean on() {
    return !maxPause.isZero() && maxLagBytes > 0;
  }

  /** The saturation threshold on {@code cores} cores: {@link #busyRequests}, or four per core when 0. */
  public int busyRequestsOn(int cores) {
    return busyRequests > 0 ? busyRequests : 4 * Math.max(1, cores);
  }
}
