package io.tributary.export;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where export jobs keep their parts and results (a folder under the data dir locally, the
 * {@code exports} Blob container in Azure), by tenant, job and file name. A file is written whole
 * or not at all: a write that fails or is cut off by a crash leaves the earlier file (or none), so
 * an activity run again simply writes it again. Thread-safe.
 */
public interface ExportFiles {

  /** A file's bytes, written as they are produced. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes (or replaces) a job's file; durable and complete when this returns. */
  void write(TenantId tenant, String job, String name, Content content) throws IOException;

  /** Reads a job's file; {@link java.nio.file.NoSuchFileException} when there is none. */
  InputStream read(TenantId tenant, String job, String name) throws IOException;

  /** Removes a job's file; false when there was none. */
  boolean delete(TenantId tenant, String job, String name) throws IOException;

  /** Where a client fetches a job's file: a {@code file:} URI locally, a short-lived link in Azure. */
  String url(TenantId tenant, String job, String name) throws IOException;
}
