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
      // An export job writes its history, its parts and its file.
      String exporter = fx.token("default", io.tributary.auth.Role.LOGS_READ, io.tributary.auth.Role.LOGS_EXPORT);
      java.net.http.HttpResponse<String> job = fx.send(java.net.http.HttpRequest.newBuilder(fx.uri("exports"))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"format\":\"csv\"}"))
          .header("Authorization", "Bearer " + exporter));
      assertEquals(202, job.statusCode(), job.body());
      String status = job.headers().firstValue("Location").orElseThrow().substring("/api/".length());
      for (int i = 0; i < 600 && fx.send(java.net.http.HttpRequest.newBuilder(fx.uri(status))
          .header("Authorization", "Bearer " + exporter)).body().contains("\"running\""); i++) {
        Thread.sleep(50);
      }
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
    for (String kind : List.of("LOCK", "keys", "journal", "store", "archive", "patterns", "exports",
        "orchestrations")) {
      assertTrue(kinds.contains(kind), "the test saw files of " + kind + ": " + kinds);
    }
  }
}
