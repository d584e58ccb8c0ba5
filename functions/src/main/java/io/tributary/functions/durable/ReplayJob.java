package io.tributary.functions.durable;

import java.util.Map;

/**
 * The input of a {@link ReplayOrchestrator}: what to replay, fixed when it is started.
 *
 * @param job the replay's id (also the orchestration's instance id)
 * @param tenant the caller's tenant
 * @param params {@code q}, {@code from}, {@code to} as the request gave them
 * @param nowNanos the request's time: the archive is read up to its ingest hour
 */
public record ReplayJob(String job, String tenant, Map<String, String> params, long nowNanos) {

  public ReplayJob {
    params = Map.copyOf(params);
  }
}
