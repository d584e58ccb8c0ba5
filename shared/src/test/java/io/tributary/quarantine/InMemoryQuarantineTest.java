package io.tributary.quarantine;

import io.tributary.contract.QuarantineContract;
import io.tributary.testing.InMemoryQuarantine;

/** The in-memory quarantine the tests use keeps the same contract as the real ones. */
class InMemoryQuarantineTest extends QuarantineContract {

  @Override
  protected Quarantine quarantine() {
    return new InMemoryQuarantine();
  }
}
