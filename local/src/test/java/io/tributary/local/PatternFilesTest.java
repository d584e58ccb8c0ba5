package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.pattern.MinerRegistry;
import io.tributary.testing.Loghub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
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

  @Test
  void aServiceNameLongerThanAFileNameCanBeIsSavedWithTheOtherStreams() throws Exception {
    MinerRegistry before = new MinerRegistry();
    String longName = "svc-" + "x".repeat(296);
    assertEquals(300, longName.getBytes(StandardCharsets.UTF_8).length);
    before.mine(TenantId.of("acme"), longName, "connection 17 opened from 10.0.0.1");
    for (int i = 0; i < 40; i++) {
      before.mine(TenantId.of("acme"), "service-" + i, "request " + i + " served in 12 ms");
    }
    PatternFiles.save(dir, before);
    MinerRegistry after = new MinerRegistry();
    PatternFiles.load(dir, after);
    assertEquals(41, after.minerCount());
    assertEquals(before.snapshotAll(), after.snapshotAll());
    try (var files = Files.walk(dir)) {
      for (Path f : files.toList()) {
        assertEquals(Files.isDirectory(f) ? "rwx------" : "rw-------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
      }
    }
  }

  @Test
  void oneStreamThatCannotBeSavedLosesNoOtherStream() throws Exception {
    MinerRegistry before = new MinerRegistry();
    for (int i = 0; i < 10; i++) {
      before.mine(TenantId.of("acme"), "service-" + i, "job " + i + " finished");
    }
    // Something in the way of one stream's file: its save fails.
    Files.createDirectories(dir.resolve("acme").resolve(PatternFiles.fileName("service-3")).resolve("occupied"));
    IOException e = assertThrows(IOException.class, () -> PatternFiles.save(dir, before));
    assertTrue(e.getMessage().startsWith("1 streams"), e.getMessage());
    MinerRegistry after = new MinerRegistry();
    PatternFiles.load(dir, after);
    assertEquals(9, after.minerCount());
  }

  @Test
  void stateSavedInTheEarlierLayoutIsReadAndReplaced() throws Exception {
    MinerRegistry before = new MinerRegistry();
    before.mine(TenantId.of("acme"), "billing", "card 1234 declined");
    Path tenantDir = dir.resolve("acme");
    Files.createDirectories(tenantDir);
    String old = Base64.getUrlEncoder().withoutPadding().encodeToString("billing".getBytes(StandardCharsets.UTF_8))
        + ".json";
    Files.write(tenantDir.resolve(old), io.tributary.json.Json.bytes(
        before.snapshot(TenantId.of("acme"), "billing").orElseThrow()));
    MinerRegistry restored = new MinerRegistry();
    PatternFiles.load(dir, restored);
    assertEquals(before.snapshotAll(), restored.snapshotAll());
    PatternFiles.save(dir, restored);
    try (var files = Files.list(tenantDir)) {
      assertEquals(java.util.List.of(PatternFiles.fileName("billing")),
          files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
