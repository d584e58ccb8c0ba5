package io.tributary.export;

import java.io.IOException;

/**
 * Where an export job copies its file when the caller names a destination: a blob container of
 * the caller's, given by a SAS URL that lets the job write into it (docs/export.md, "Destination").
 * Thread-safe.
 */
public interface ExportDestination {

  /**
   * Writes {@code content} as blob {@code name} in the container {@code containerSasUrl} names (under
   * its path), replacing a blob of that name: the blob is the earlier one or the whole new one,
   * never half, so an activity run twice writes the same blob again.
   *
   * @return the blob's URL without the SAS (nothing of the caller's signature)
   * @throws IOException the service refused (an expired or revoked SAS, no such container) or failed
   */
  String write(String containerSasUrl, String name, ExportFiles.Content content) throws IOException;
}
