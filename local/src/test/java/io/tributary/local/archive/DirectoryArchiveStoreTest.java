package io.tributary.local.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.contract.ArchiveStoreContract;
import io.tributary.event.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryArchiveStoreTest extends ArchiveStoreContract {

  @TempDir
  Path dir;

  @Override
  protected ArchiveStore archive() throws Exception {
    return new DirectoryArchiveStore(dir.resolve("archive"));
  }

  @Test
  void segmentsLiveAtTheirBlobNamesAndLeftoverTemporariesAreRemoved() throws Exception {
    ArchiveStore a = archive();
    SegmentKey k = new SegmentKey(TenantId.of("acme"), 490_000, 2, 5, 9);
    a.append(k, new byte[] {1, 2, 3});
    Path file = dir.resolve("archive").resolve(k.name());
    assertEquals(3, Files.size(file));
    Path leftover = file.resolveSibling("half-written.tseg.tmp");
    Files.write(leftover, new byte[] {9});
    ArchiveStore reopened = archive();
    assertFalse(Files.exists(leftover));
    assertEquals(List.of(k), reopened.list(TenantId.of("acme"), 0, Long.MAX_VALUE / 4));
  }
}
