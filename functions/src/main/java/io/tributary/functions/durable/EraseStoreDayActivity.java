package io.tributary.functions.durable;

import io.tributary.erasure.ErasureService;
import io.tributary.event.TenantId;
import java.io.IOException;

/** Removes an erasure's matches from one day of the hot store (its blocks rewritten without them). Idempotent. */
public final class EraseStoreDayActivity {

  public static final String NAME = "EraseStoreDay";

  private final ErasureService erasures;
  private final java.util.function.Consumer<TenantId> changed;

  /** @param changed told of the tenant once events left its store (cached query answers are then stale) */
  public EraseStoreDayActivity(ErasureService erasures, java.util.function.Consumer<TenantId> changed) {
    this.erasures = erasures;
    this.changed = changed;
  }

  public ErasureStepResult run(ErasureStep step) throws IOException {
    TenantId tenant = TenantId.of(step.job().tenant());
    long removed = erasures.eraseStore(tenant, ErasureActivities.query(step.job()), step.day());
    // Also when nothing was removed: a first attempt cut by a crash may have removed them.
    changed.accept(tenant);
    return new ErasureStepResult(removed, 0);
  }
}
