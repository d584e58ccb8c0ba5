package io.tributary.local.quarantine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.contract.QuarantineContract;
import io.tributary.event.TenantId;
import io.tributary.quarantine.Quarantine;
import io.tributary.quarantine.QuarantineEntry;
import io.tributary.quarantine.QuarantineKey;
import io.tributary.quarantine.QuarantineReasons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quarantine folder: the contract every quarantine keeps, and its files. */
class DirectoryQuarantineTest extends QuarantineContract {

  @TempDir
  Path dir;

  @Override
  protected Quarantine quarantine() throws Exception {
    return new DirectoryQuarantine(dir.resolve("quarantine"));
  }

  @Test
  void framesAreOwnerOnlyFilesByPartitionAndOffsetAndLeftoverTemporariesGo() throws Exception {
    Quarantine q = quarantine();
    q.put(frame(3, 1234, TenantId.of("acme"), QuarantineReasons.CORRUPT_FRAME, "m", new byte[] {1, 2}));
    Path file = dir.resolve("quarantine/0003/00000000000000001234.tq");
    assertTrue(Files.isRegularFile(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    Path leftover = file.resolveSibling("00000000000000001300.tq.5a5a.tmp");
    Files.write(leftover, new byte[] {9});
    Quarantine reopened = quarantine();
    assertFalse(Files.exists(leftover));
    assertEquals(List.of(new QuarantineKey(3, 1234)), reopened.list().stream().map(QuarantineEntry::key).toList());
  }

  @Test
  void aDamagedFileIsLeftInPlaceAndTheOthersStillList() throws Exception {
    Quarantine q = quarantine();
    q.put(frame(0, 1, TenantId.of("acme"), QuarantineReasons.CORRUPT_FRAME, "m", new byte[] {1}));
    Path damaged = dir.resolve("quarantine/0000/00000000000000000002.tq");
    Files.write(damaged, new byte[] {'X', 'Y', 1});
    assertEquals(List.of(new QuarantineKey(0, 1)), q.list().stream().map(QuarantineEntry::key).toList());
    assertTrue(Files.exists(damaged));
  }
}
