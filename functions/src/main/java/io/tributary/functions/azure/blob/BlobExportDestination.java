package io.tributary.functions.azure.blob;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import io.tributary.export.ExportDestination;
import io.tributary.export.ExportFiles;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The {@link ExportDestination} of a caller's blob container, reached with the container SAS URL
 * the caller gave (no credential of ours): the file is written as staged 4 MiB blocks committed
 * after the last byte, as the export container's files are ({@link BlobExportFiles#writeWhole}).
 * The blob is named {@code <path of the URL>/<name>}. Works against Azurite on 127.0.0.1 as
 * against Azure. Thread-safe.
 */
public final class BlobExportDestination implements ExportDestination {

  private final Duration timeout;

  /** @param timeout the longest one call to the service may take */
  public BlobExportDestination(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public String write(String containerSasUrl, String name, ExportFiles.Content content) throws IOException {
    BlobContainerClient container;
    try {
      container = new BlobContainerClientBuilder().endpoint(containerSasUrl).buildClient();
    } catch (RuntimeException e) {
      throw new IOException("the destination is not a blob container URL: " + e.getMessage(), e);
    }
    var blob = container.getBlobClient(name).getBlockBlobClient();
    try {
      BlobExportFiles.writeWhole(blob, content, BlobExportFiles.contentType(name), timeout);
    } catch (BlobStorageException e) {
      throw refused(e);
    } catch (IOException e) {
      if (e.getCause() instanceof BlobStorageException b) {
        throw refused(b);
      }
      throw e;
    }
    return unsigned(containerSasUrl) + "/" + name;
  }

  private static IOException refused(BlobStorageException e) {
    return new IOException("the destination refused the export file (" + e.getStatusCode() + " " + e.getErrorCode()
        + "): check that its SAS is valid, not expired and allows writing", e);
  }

  /** The container's URL without its query (the SAS). */
  static String unsigned(String containerSasUrl) {
    URI u = URI.create(containerSasUrl);
    String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
    return u.getScheme() + "://" + u.getRawAuthority() + path;
  }
}
