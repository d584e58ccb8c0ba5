package io.tributary.configstore;

import io.tributary.contract.ConfigStoreContract;
import io.tributary.testing.InMemoryConfigStore;

/** The in-memory store the core's tests use keeps the same contract as the real ones. */
class InMemoryConfigStoreTest extends ConfigStoreContract {

  private final InMemoryConfigStore store = new InMemoryConfigStore();

  @Override
  protected ConfigStore open() {
    return new ConfigStore() {
      @Override
      public long append(String stream, long expectedVersion, java.util.List<NewConfigEvent> events)
          throws VersionConflictException {
        return store.append(stream, expectedVersion, events);
      }

      @Override
      public java.util.List<ConfigEvent> read(String stream) {
        return store.read(stream);
      }

      @Override
      public java.util.List<String> streams(String prefix) {
        return store.streams(prefix);
      }

      @Override
      public java.util.List<ConfigEvent> history(io.tributary.event.TenantId tenant, java.time.Instant from,
          java.time.Instant to) {
        return store.history(tenant, from, to);
      }

      @Override
      public void close() {
      }
    };
  }
}
