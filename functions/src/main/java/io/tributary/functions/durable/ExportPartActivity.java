package io.tributary.functions.durable;

import io.tributary.event.TenantId;
import io.tributary.export.Export;
import io.tributary.export.ExportFiles;
import io.tributary.export.ExportReasons;
import io.tributary.export.ExportRequest;
import io.tributary.export.ExportService;
import io.tributary.query.Position;
import io.tributary.query.QueryException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes one part of an export job: the job's events after the part before's last, at most
 * {@link ExportJob#partEvents()} of them, as the streaming export writes them, to the job's file
 * {@code part-NNNNN}. Idempotent: run again (after a crash, or a retry), it writes the same bytes
 * over the same name, since the job's snapshot and the part's start are fixed.
 */
public final class ExportPartActivity {

  public static final String NAME = "ExportPart";

  private final ExportService exports;
  private final ExportFiles files;

  public ExportPartActivity(ExportService exports, ExportFiles files) {
    this.exports = exports;
    this.files = files;
  }

  /** The file name of part {@code index}. */
  static String partName(int index) {
    return String.format("part-%05d", index);
  }

  public ExportPartResult run(ExportPart part) throws IOException, QueryException, InterruptedException {
    ExportJob job = part.job();
    TenantId tenant = TenantId.of(job.tenant());
    ExportRequest request = ExportRequest.of(job.params());
    Position after = part.afterId() == null ? null : new Position(part.afterTime(), part.afterId());
    Export export = openWaiting(tenant, request, job, after, part);
    ExportPartResult[] result = new ExportPartResult[1];
    try (export) {
      files.write(tenant, job.job(), partName(part.index()), out -> {
        byte[] chunk;
        while ((chunk = export.nextChunk()) != null) {
          out.write(chunk);
        }
        Position last = export.last();
        result[0] = new ExportPartResult(part.index(), export.events(), export.bytes(), export.stoppedAtMax(),
            export.firstTime(), last == null ? part.afterTime() : last.timeNanos(),
            last == null ? part.afterId() : last.id(), part.columns() != null ? part.columns() : export.columns());
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (PAUSE_MILLIS > 0) {
      // Test-only: the SIGKILL test's child says so and waits, so that the kill lands between parts.
      LOG.info("export part written: " + job.job() + " part " + part.index());
      Thread.sleep(PAUSE_MILLIS);
    }
    return result[0];
  }

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(
      ExportPartActivity.class.getName());
  /** Test-only ({@code tributary.test.export.partPauseMillis}): a wait after each part is written. */
  private static final long PAUSE_MILLIS = Long.getLong("tributary.test.export.partPauseMillis", 0);

  /** Opens the part, waiting (up to a minute) while the instance runs its most exports. */
  private Export openWaiting(TenantId tenant, ExportRequest request, ExportJob job, Position after, ExportPart part)
      throws QueryException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return exports.openPart(tenant, request, job.asOfNanos(), after, job.partEvents(), part.columns());
      } catch (QueryException e) {
        if (!ExportReasons.EXPORT_BUSY.equals(e.problem().code()) || attempt >= 60) {
          throw e;
        }
        Thread.sleep(1_000);
      }
    }
  }
}
