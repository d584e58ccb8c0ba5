package io.tributary.local.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

  @TempDir
  Path dir;

  @Test
  void createsFilesOwnerOnlyInOwnerOnlyFolders() throws IOException {
    Path f = dir.resolve("a/b/c.key");
    DurableFiles.write(f, "secret".getBytes(StandardCharsets.UTF_8));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a"))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))));
    assertEquals(List.of(f.getFileName().toString()), names(f.getParent()));
  }

  @Test
  void replacesWholeAndLeavesNoTemporary() throws IOException {
    Path f = dir.resolve("x");
    DurableFiles.write(f, new byte[] {1, 2, 3});
    DurableFiles.write(f, new byte[] {4});
    assertArrayEquals(new byte[] {4}, Files.readAllBytes(f));
    assertEquals(List.of("x"), names(dir));
  }

  @Test
  void putIfAbsentKeepsTheFirstWriterEvenUnderARace() throws Exception {
    Path f = dir.resolve("key");
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      byte[] content = ("writer-" + i).getBytes(StandardCharsets.UTF_8);
      results.add(pool.submit(() -> {
        start.await();
        return DurableFiles.writeIfAbsent(f, content);
      }));
    }
    start.countDown();
    int winners = 0;
    String winner = null;
    for (int i = 0; i < writers; i++) {
      if (results.get(i).get()) {
        winners++;
        winner = "writer-" + i;
      }
    }
    pool.shutdown();
    assertEquals(1, winners);
    assertEquals(winner, Files.readString(f));
    assertEquals(List.of("key"), names(dir));
  }

  @Test
  void aFailedStreamingWriteChangesNothing() throws IOException {
    Path f = dir.resolve("segment");
    DurableFiles.write(f, new byte[] {9});
    assertThrows(IOException.class, () -> DurableFiles.write(f, out -> {
      out.write(new byte[1000]);
      throw new IOException("disk went away");
    }, true));
    assertArrayEquals(new byte[] {9}, Files.readAllBytes(f));
    assertEquals(List.of("segment"), names(dir));
  }

  @Test
  void removesTemporariesACrashLeft() throws IOException {
    Files.createDirectories(dir.resolve("p"));
    Files.write(dir.resolve("p/seg.1234.tmp"), new byte[] {1});
    Files.write(dir.resolve("p/seg"), new byte[] {1});
    assertEquals(1, DurableFiles.removeTemporaries(dir));
    assertEquals(List.of("seg"), names(dir.resolve("p")));
    assertFalse(DurableFiles.delete(dir.resolve("p/none")));
    assertTrue(DurableFiles.delete(dir.resolve("p/seg")));
  }

  @Test
  void aStreamedPutIfAbsentOfATakenNameWritesNothingAndKeepsTheFirst() throws IOException {
    Path f = dir.resolve("segment");
    assertTrue(DurableFiles.write(f, out -> {
      for (int i = 0; i < 100; i++) {
        out.write(new byte[1000]);
      }
    }, false));
    assertEquals(100_000, Files.size(f));
    boolean[] produced = new boolean[1];
    assertFalse(DurableFiles.write(f, out -> {
      produced[0] = true;
      out.write(1);
    }, false));
    assertFalse(produced[0], "nothing is produced for a name already taken");
    assertEquals(100_000, Files.size(f));
    assertEquals(List.of("segment"), names(dir));
  }

  @Test
  void lockFilesAndAppendableFilesAreOwnerOnly() throws IOException {
    try (var ch = DurableFiles.openOwnerOnly(dir.resolve("data/LOCK"))) {
      assertTrue(ch.isOpen());
    }
    try (var ch = DurableFiles.createAppendable(dir.resolve("data/p-0000/0.log"))) {
      assertTrue(ch.isOpen());
    }
    for (String f : List.of("data/LOCK", "data/p-0000/0.log")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))));
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))));
  }

  @Test
  void onlyOldTemporariesAreRemovedWhereAnotherProcessMayBeWriting() throws IOException {
    Path fresh = dir.resolve("key.1.tmp");
    Path old = dir.resolve("key.2.tmp");
    Files.write(fresh, new byte[] {1});
    Files.write(old, new byte[] {1});
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));
    assertEquals(1, DurableFiles.removeTemporaries(dir, java.time.Duration.ofMinutes(1)));
    assertTrue(Files.exists(fresh));
    assertFalse(Files.exists(old));
  }

  @Test
  void anExistingFolderIsRestrictedToItsOwner() throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    DurableFiles.restrictToOwner(data);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
