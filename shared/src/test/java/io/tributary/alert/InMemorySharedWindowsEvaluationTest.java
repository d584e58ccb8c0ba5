package io.tributary.alert;

import io.tributary.contract.SharedWindowsEvaluationContract;

/** Two evaluators of one process sharing the in-process store. */
class InMemorySharedWindowsEvaluationTest extends SharedWindowsEvaluationContract {

  @Override
  protected AlertWindowStore store() {
    return new InMemoryAlertWindowStore(System::nanoTime);
  }
}
