package io.tributary.functions.durable;

import java.util.Map;

/**
 * The input of an {@link ExportOrchestrator}: what to export, fixed when the job is started so
 * that every part reads the same events whenever it runs.
 *
 * @param job the job's id (also the orchestration's instance id)
 * @param tenant the caller's tenant
 * @param params the export's parameters, as {@code GET /api/logs/export} takes them
 * @param asOfNanos the snapshot: only events ingested at or before it
 * @param fromNanos the range's start as the request reads it ({@code Long.MIN_VALUE} when open), for progress
 * @param toNanos the range's end ({@code asOfNanos} when open), for progress
 * @param partEvents most events in one part; the job's CSV columns are those the streaming export
 *     chooses when this is at least the CSV look-ahead (1,000 events: the first part chooses them)
 * @param destination the caller's blob container SAS URL the file is copied into
 *     ({@link ExportDestinationUrl}, checked at the edge), or null (jobs before it had none)
 */
public record ExportJob(String job, String tenant, Map<String, String> params, long asOfNanos, long fromNanos,
    long toNanos, long partEvents, String destination) {

  /** Events per part unless a job says otherwise: a part is one activity, a unit of retry. */
  public static final long PART_EVENTS = 1_000_000;

  /**
   * The events per part of new jobs: {@link #PART_EVENTS}, or for the SIGKILL test's child runtime
   * {@code tributary.test.export.partEvents} (at least the CSV look-ahead of 1,000 events).
   */
  public static long partEventsOfNewJobs() {
    return Math.max(1_000, Long.getLong("tributary.test.export.partEvents", PART_EVENTS));
  }

  @com.fasterxml.jackson.annotation.JsonCreator
  public ExportJob {
    params = Map.copyOf(params);
  }

  /** A job without a destination: its file stays where the runtime keeps export files. */
  public ExportJob(String job, String tenant, Map<String, String> params, long asOfNanos, long fromNanos,
      long toNanos, long partEvents) {
    this(job, tenant, params, asOfNanos, fromNanos, toNanos, partEvents, null);
  }
}
