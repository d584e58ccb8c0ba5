package io.tributary.alert;

import io.tributary.contract.AlertWindowStoreContract;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The in-process store: "instances" share one, on a clock the tests move. */
class InMemoryAlertWindowStoreTest extends AlertWindowStoreContract {

  private final AtomicLong nanos = new AtomicLong();
  private final InMemoryAlertWindowStore store = new InMemoryAlertWindowStore(nanos::get);

  @Override
  protected AlertWindowStore store() {
    return store;
  }

  @Override
  protected void pass(Duration d) {
    nanos.addAndGet(d.toNanos());
  }
}
