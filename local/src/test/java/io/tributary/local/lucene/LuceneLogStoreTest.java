package io.tributary.local.lucene;

import io.tributary.contract.LogStoreContract;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class LuceneLogStoreTest extends LogStoreContract {

  @TempDir
  Path dir;
  private LuceneLogStore store;

  @Override
  protected LogStore store() throws IOException {
    store = new LuceneLogStore(dir.resolve("store"));
    return store;
  }

  @AfterEach
  void close() throws IOException {
    if (store != null) {
      store.close();
    }
  }
}
