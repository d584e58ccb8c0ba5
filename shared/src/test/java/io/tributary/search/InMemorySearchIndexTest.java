package io.tributary.search;

import io.tributary.contract.SearchIndexContract;

class InMemorySearchIndexTest extends SearchIndexContract {

  @Override
  protected SearchIndex index() {
    return new InMemorySearchIndex();
  }
}
