package io.tributary.local.configstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.configstore.ConfigStore;
import io.tributary.contract.ConfigStoreContract;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigStoreTest extends ConfigStoreContract {

  @TempDir
  Path dir;

  @Override
  protected ConfigStore open() throws Exception {
    return new FileConfigStore(dir.resolve("config"));
  }

  @Test
  void aTornLastRecordIsCutAndEverythingBeforeItKept() throws Exception {
    Instant t = Instant.parse("2026-11-29T10:00:00Z");
    try (ConfigStore s = open()) {
      s.append("tenant/acme", 0, List.of(event(ACME, "TenantCreated", t, "plan", "free")));
    }
    try (FileChannel ch = FileChannel.open(dir.resolve("config/events.log"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3, 4, '{'}), ch.size());
    }
    try (ConfigStore s = open()) {
      assertEquals(1, s.read("tenant/acme").size());
      assertEquals(2, s.append("tenant/acme", 1, List.of(event(ACME, "TenantUpdated", t, "plan", "standard"))));
    }
    try (ConfigStore s = open()) {
      assertEquals(2, s.read("tenant/acme").size());
    }
  }
}
