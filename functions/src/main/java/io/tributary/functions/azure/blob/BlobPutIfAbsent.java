package io.tributary.functions.azure.blob;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;

/**
 * The one way the Blob adapters write a blob that is written once: a single upload with
 * {@code If-None-Match: *}, which the service refuses (409/412) when the blob exists, so the first
 * content stays, and with the content's MD5, which the service checks.
 */
final class BlobPutIfAbsent {

  private BlobPutIfAbsent() {
  }

  /**
   * Creates {@code container} unless it exists (the adapters' start-up when asked to create it).
   *
   * @param what what the container holds, for the error message ("archive", "quarantine")
   */
  static void createContainer(BlobContainerClient container, String what) throws IOException {
    try {
      container.createIfNotExists();
    } catch (BlobStorageException e) {
      throw new IOException("cannot create " + what + " container " + container.getBlobContainerName() + ": "
          + e.getErrorCode(), e);
    }
  }

  /**
   * Uploads {@code content} as {@code name} unless a blob of that name exists.
   *
   * @param metadata blob metadata, or null for none
   * @param what what the blob is, for error messages ("archive segment", "quarantined frame")
   * @return true when written, false when the blob was already there
   */
  static boolean upload(BlobContainerClient container, String name, byte[] content, String contentType,
      Map<String, String> metadata, Duration timeout, String what) throws IOException {
    BlockBlobSimpleUploadOptions options = new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(content))
        .setHeaders(new BlobHttpHeaders().setContentType(contentType).setContentMd5(md5(content)))
        .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
    if (metadata != null) {
      options.setMetadata(metadata);
    }
    try {
      container.getBlobClient(name).getBlockBlobClient().uploadWithResponse(options, timeout, Context.NONE);
      return true;
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 409 || e.getStatusCode() == 412
          || BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode())) {
        return false;
      }
      throw new IOException("cannot write " + what + " " + name + ": " + e.getStatusCode() + " " + e.getErrorCode(),
          e);
    } catch (RuntimeException e) {
      throw new IOException("cannot write " + what + " " + name + ": " + e.getMessage(), e);
    }
  }

  private static byte[] md5(byte[] content) {
    try {
      return MessageDigest.getInstance("MD5").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks MD5", e);
    }
  }
}
