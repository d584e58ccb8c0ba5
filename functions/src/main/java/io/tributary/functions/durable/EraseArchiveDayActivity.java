package io.tributary.functions.durable;

import io.tributary.erasure.ArchiveErasure;
import io.tributary.erasure.ErasureService;
import io.tributary.event.TenantId;
import java.io.IOException;

/** Removes an erasure's matches from the archive segments of one ingest day (each rewritten without them). Idempotent. */
public final class EraseArchiveDayActivity {

  public static final String NAME = "EraseArchiveDay";

  private final ErasureService erasures;

  public EraseArchiveDayActivity(ErasureService erasures) {
    this.erasures = erasures;
  }

  public ErasureStepResult run(ErasureStep step) throws IOException {
    ArchiveErasure r = erasures.eraseArchive(TenantId.of(step.job().tenant()), ErasureActivities.query(step.job()),
        step.day());
    return new ErasureStepResult(r.events(), r.segmentsRewritten());
  }
}
