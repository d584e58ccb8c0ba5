package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.local.testing.RuntimeFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the runtime keeps on disk is its owner's only: folders 0700, files 0600, none left half-written. */
class DataAtRestTest {

  @TempDir
  Path dir;

  @Test
  void everyFolderAndFileTheRuntimeWritesIsOwnerOnlyAndAnOpenDataFolderIsClosed() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x")); // as an earlier version made it
    try (RuntimeFixture fx = RuntimeFixture.start(data)) {
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        body.append("{\"message\":\"request ").append(i).append(" served\",\"service\":\"api\"}\n");
      }
      assertEquals(202, fx.ingest("application/x-ndjson", body.toString().getBytes(StandardCharsets.UTF_8), null)
          .statusCode());
      fx.awaitProcessed();
      assertEquals(200, fx.queryAll(Map.of()).size());
    }
    List<String> kinds = new ArrayList<>();
    try (Stream<Path> all = Files.walk(data)) {
      for (Path p : all.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode, data.relativize(p).toString());
        assertFalse(p.getFileName().toString().endsWith(".tmp"), "left half-written: " + p);
        if (!Files.isDirectory(p)) {
          kinds.add(data.relativize(p).getName(0).toString());
        }
      }
    }
    for (String kind : List.of("LOCK", "keys", "journal", "store", "archive", "patterns")) {
      assertTrue(kinds.contains(kind), "the test saw files of " + kind + ": " + kinds);
    }
  }
}
