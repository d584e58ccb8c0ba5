package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.pattern.MinerRegistry;
import io.tributary.testing.Loghub;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternFilesTest {

  @TempDir
  Path dir;

  @Test
  void savedMinersAreRestoredWithEveryClusterAndServiceNamesOfAnyKind() throws Exception {
    MinerRegistry before = new MinerRegistry();
    for (String system : Loghub.SYSTEMS) {
      for (String line : Loghub.lines(system)) {
        before.mine(TenantId.of("acme"), system + " / ünïcødé", line);
      }
    }
    before.mine(TenantId.of("globex"), "", "a line without a service");
    PatternFiles.save(dir, before);
    try (var files = Files.walk(dir)) {
      assertEquals(9, files.filter(p -> p.toString().endsWith(".json")).count());
    }
    MinerRegistry after = new MinerRegistry();
    PatternFiles.load(dir, after);
    assertEquals(before.snapshotAll(), after.snapshotAll());
    assertTrue(after.minerCount() == 9);
  }
}
