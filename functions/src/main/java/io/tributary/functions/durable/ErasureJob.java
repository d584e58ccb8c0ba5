package io.tributary.functions.durable;

import java.util.Map;

/**
 * The input of an {@link ErasureOrchestrator}: what to erase, who asked, fixed when it is started.
 *
 * @param job the erasure's id (also the orchestration's instance id)
 * @param tenant the caller's tenant: only its events are erased
 * @param params {@code q}, {@code from}, {@code to} as the request gave them
 * @param requestedBy the subject of the caller's token
 * @param requestedAt when it was asked (ISO-8601)
 * @param nowNanos the request's time: the archive is searched up to its ingest hour
 */
public record ErasureJob(String job, String tenant, Map<String, String> params, String requestedBy, String requestedAt,
    long nowNanos) {

  public ErasureJob {
    params = Map.copyOf(params);
  }
}
