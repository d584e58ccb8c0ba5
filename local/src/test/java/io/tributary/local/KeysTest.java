package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {

  @TempDir
  Path dir;

  @Test
  void creatorsRacingForTheKeyAllKeepTheOneKeyOnDisk() throws Exception {
    for (int round = 0; round < 20; round++) {
      Path data = dir.resolve("data-" + round);
      int creators = 8;
      ExecutorService pool = Executors.newFixedThreadPool(creators);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Keys.Key>> keys = new ArrayList<>();
      for (int i = 0; i < creators; i++) {
        keys.add(pool.submit(() -> {
          start.await();
          return Keys.resolve(null, null, data, Keys.JWT);
        }));
      }
      start.countDown();
      List<Keys.Key> got = new ArrayList<>();
      for (Future<Keys.Key> f : keys) {
        got.add(f.get());
      }
      int created = 0;
      byte[] onDisk = Base64.getDecoder().decode(Files.readString(data.resolve("keys/jwt-hs256.key")).trim());
      for (Keys.Key k : got) {
        assertArrayEquals(onDisk, k.bytes(), "every creator uses the key the file holds");
        created += k.created() ? 1 : 0;
      }
      pool.shutdown();
      assertEquals(1, created, "exactly one creator made the key");
      try (var files = Files.list(data.resolve("keys"))) {
        assertEquals(List.of("jwt-hs256.key"), files.map(p -> p.getFileName().toString()).toList());
      }
    }
  }

  @Test
  void aGeneratedKeyIsOwnerOnlyFromTheStartAndSaysWhereItIs() throws Exception {
    Keys.Key k = Keys.resolve(null, null, dir, Keys.CURSOR);
    Path file = dir.resolve("keys/cursor.key");
    assertTrue(k.created());
    assertEquals(file.toAbsolutePath().toString(), k.source());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    Keys.Key again = Keys.resolve(null, null, dir, Keys.CURSOR);
    assertFalse(again.created());
    assertArrayEquals(k.bytes(), again.bytes());
  }

  @Test
  void aKeyFileLeftReadableByAnEarlierVersionIsTightened() throws Exception {
    Path file = dir.resolve("keys/jwt-hs256.key");
    Files.createDirectories(file.getParent());
    Files.writeString(file, Base64.getEncoder().encodeToString(new byte[32]) + "\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Keys.resolve(null, null, dir, Keys.JWT);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void aConfiguredKeyIsUsedAsItIsAndNamesItsSetting() throws Exception {
    String secret = Base64.getEncoder().encodeToString(new byte[40]);
    Keys.Key k = Keys.resolve(secret, "TRIBUTARY_JWT_SECRET", dir, Keys.JWT);
    assertEquals("setting TRIBUTARY_JWT_SECRET", k.source());
    assertFalse(k.created());
    assertFalse(Files.exists(dir.resolve("keys")));
    assertThrows(IllegalArgumentException.class,
        () -> Keys.resolve(Base64.getEncoder().encodeToString(new byte[8]), "TRIBUTARY_JWT_SECRET", dir, Keys.JWT));
  }
}
