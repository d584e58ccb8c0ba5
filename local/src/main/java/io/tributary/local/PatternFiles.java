package io.tributary.local;

import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.pattern.MinerRegistry;
import io.tributary.pattern.MinerState;
import io.tributary.pattern.PatternMiner;
import io.tributary.pattern.StreamKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Keeps the pattern miners' state across restarts, so a line keeps its pattern id: one JSON file
 * per stream under {@code patterns/<tenant>/<service, base64url>.json}, written on a clean stop and
 * read at start. After a crash the miners start from the last clean stop.
 */
final class PatternFiles {

  private static final Logger LOG = Logger.getLogger(PatternFiles.class.getName());

  private PatternFiles() {
  }

  static void load(Path dir, MinerRegistry registry) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    int n = 0;
    try (Stream<Path> files = Files.walk(dir, 2)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        String tenant = f.getParent().getFileName().toString();
        if (!name.endsWith(".json") || !TenantId.isValid(tenant)) {
          continue;
        }
        String service = new String(Base64.getUrlDecoder().decode(name.substring(0, name.length() - 5)),
            StandardCharsets.UTF_8);
        try {
          MinerState state = PatternMiner.fromJson(Files.readAllBytes(f)).snapshot();
          registry.restore(TenantId.of(tenant), service, state);
          n++;
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.WARNING, "pattern state " + f + " is unreadable; that stream starts afresh", e);
        }
      }
    }
    LOG.info("restored the pattern miners of " + n + " streams");
  }

  static void save(Path dir, MinerRegistry registry) throws IOException {
    for (Map.Entry<StreamKey, MinerState> e : registry.snapshotAll().entrySet()) {
      Path tenantDir = dir.resolve(e.getKey().tenant().value());
      Files.createDirectories(tenantDir);
      String name = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(e.getKey().service().getBytes(StandardCharsets.UTF_8)) + ".json";
      Path tmp = tenantDir.resolve(name + ".tmp");
      Files.write(tmp, Json.bytes(e.getValue()));
      Files.move(tmp, tenantDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
