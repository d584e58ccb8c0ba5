package io.tributary.functions.azure.search;

import java.time.Duration;

/**
 * How {@link AzureSearchIndex} sends documents.
 *
 * @param maxBatchDocuments most actions per indexing request (the service allows 1,000)
 * @param maxBatchBytes most JSON bytes per indexing request (the service allows 16 MB; a margin
 *     under it, since the size is counted before the SDK writes the body)
 * @param maxAttempts attempts per document (the first included) before {@code index} gives up
 *     and throws
 * @param minBackoff wait before the second attempt; doubled per attempt, with jitter
 * @param maxBackoff longest wait between attempts
 */
public record AzureSearchIndexOptions(int maxBatchDocuments, long maxBatchBytes, int maxAttempts,
    Duration minBackoff, Duration maxBackoff) {

  /** The service's limit on actions per request. */
  public static final int SERVICE_MAX_DOCUMENTS = 1000;
  /** The service's limit on the size of one request. */
  public static final long SERVICE_MAX_BYTES = 16L * 1024 * 1024;

  public AzureSearchIndexOptions {
    if (maxBatchDocuments < 1 || maxBatchDocuments > SERVICE_MAX_DOCUMENTS) {
      throw new IllegalArgumentException("maxBatchDocuments must be 1 to " + SERVICE_MAX_DOCUMENTS);
    }
    if (maxBatchBytes < 1024 || maxBatchBytes > SERVICE_MAX_BYTES) {
      throw new IllegalArgumentException("maxBatchBytes must be 1 KiB to 16 MiB");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  public static AzureSearchIndexOptions defaults() {
    // 15 MiB: 1 MiB for the envelope and what the SDK writes differently from our count.
    return new AzureSearchIndexOptions(SERVICE_MAX_DOCUMENTS, 15L * 1024 * 1024, 5, Duration.ofMillis(500),
        Duration.ofSeconds(30));
  }
}
