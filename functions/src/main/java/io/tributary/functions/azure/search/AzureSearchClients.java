package io.tributary.functions.azure.search;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.search.documents.SearchClient;
import com.azure.search.documents.SearchClientBuilder;
import com.azure.search.documents.indexes.SearchIndexClient;
import com.azure.search.documents.indexes.SearchIndexClientBuilder;
import java.time.Duration;

/**
 * The SDK clients of one search service, authenticated with the app's identity (role Search Index
 * Data Contributor on the service, and Search Service Contributor to create the index). The SDK's
 * own retries are off: {@link AzureSearchIndex} retries only what failed.
 */
public final class AzureSearchClients {

  private AzureSearchClients() {
  }

  private static RetryOptions noRetries() {
    return new RetryOptions(new FixedDelayOptions(0, Duration.ZERO));
  }

  /** The documents client; {@code http} null for the SDK's default HTTP client. */
  public static SearchClient documents(String endpoint, String indexName, TokenCredential credential,
      HttpClient http) {
    SearchClientBuilder b = new SearchClientBuilder().endpoint(endpoint).indexName(indexName).credential(credential)
        .retryOptions(noRetries());
    if (http != null) {
      b.httpClient(http);
    }
    return b.buildClient();
  }

  /** The index-management client; {@code http} null for the SDK's default HTTP client. */
  public static SearchIndexClient indexes(String endpoint, TokenCredential credential, HttpClient http) {
    SearchIndexClientBuilder b = new SearchIndexClientBuilder().endpoint(endpoint).credential(credential)
        .retryOptions(noRetries());
    if (http != null) {
      b.httpClient(http);
    }
    return b.buildClient();
  }
}
