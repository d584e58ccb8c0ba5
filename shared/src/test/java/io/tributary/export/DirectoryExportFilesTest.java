package io.tributary.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.contract.ExportFilesContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder of the local runtime's export jobs: the contract, and its {@code file:} links. */
class DirectoryExportFilesTest extends ExportFilesContract {

  @TempDir
  Path dir;

  @Override
  protected ExportFiles files() {
    return new DirectoryExportFiles(dir.resolve("files"));
  }

  @Test
  void theLinkIsTheFilesUri() throws Exception {
    ExportFiles files = files();
    files.write(ACME, "job1", "export.csv", out -> out.write('a'));
    assertEquals(dir.resolve("files/acme/job1/export.csv").toAbsolutePath().toUri().toString(),
        files.url(ACME, "job1", "export.csv"));
  }
}
