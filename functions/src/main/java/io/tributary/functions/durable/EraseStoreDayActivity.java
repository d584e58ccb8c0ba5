package io.tributary.functions.durable;

import io.tributary.erasure.ErasureService;
import io.tributary.event.TenantId;
import java.io.IOException;

/** Removes an erasure's matches from one day of the hot store (its blocks rewritten without them). Idempotent. */
public final class EraseStoreDayActivity {

  public static final String NAME = "EraseStoreDay";

  private final ErasureService erasures;

  public EraseStoreDayActivity(ErasureService erasures) {
    this.erasures = erasures;
  }

  public ErasureStepResult run(ErasureStep step) throws IOException {
    return new ErasureStepResult(erasures.eraseStore(TenantId.of(step.job().tenant()),
        ErasureActivities.query(step.job()), step.day()), 0);
  }
}
