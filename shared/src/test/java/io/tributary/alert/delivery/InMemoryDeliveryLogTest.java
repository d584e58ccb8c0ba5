package io.tributary.alert.delivery;

import io.tributary.contract.DeliveryLogContract;

/** The in-memory log keeps the contract the durable ones keep; reopening gives the same log back. */
class InMemoryDeliveryLogTest extends DeliveryLogContract {

  private InMemoryDeliveryLog log;

  @Override
  protected DeliveryLog open(int keepPerRule) {
    if (log == null) {
      log = new InMemoryDeliveryLog(keepPerRule);
    }
    return log;
  }
}
