package io.tributary.local;

import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.local.files.DurableFiles;
import io.tributary.pattern.MinerRegistry;
import io.tributary.pattern.MinerState;
import io.tributary.pattern.PatternMiner;
import io.tributary.pattern.StreamKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps the pattern miners' state across restarts, so a line keeps its pattern id: one JSON file
 * per stream under {@code patterns/<tenant>/<hash of the service>.json}, holding the service name
 * and the miner's state, written on a clean stop (each through {@link DurableFiles}) and read at
 * start. After a crash the miners start from the last clean stop.
 *
 * <p>File names are a hash (SHA-256, 128 bits in hex) because a service name may be longer than a
 * file name can be. One stream's file failing to save never stops the others. Files of the
 * earlier layout (the service name base64url-encoded as the file name, the bare state inside) are
 * still read, and replaced at the next save.
 */
final class PatternFiles {

  private static final Logger LOG = Logger.getLogger(PatternFiles.class.getName());
  private static final Pattern HASHED = Pattern.compile("[0-9a-f]{32}\\.json");
  private static final int VERSION = 1;

  private PatternFiles() {
  }

  /** What a stream's file holds. */
  record Saved(int version, String service, MinerState miner) {
  }

  /** The file name of a stream's state. */
  static String fileName(String service) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(service.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16) + ".json";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void load(Path dir, MinerRegistry registry) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    DurableFiles.removeTemporaries(dir); // saves a crash cut short
    int n = 0;
    try (Stream<Path> files = Files.walk(dir, 2)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        String tenant = f.getParent().getFileName().toString();
        if (!name.endsWith(".json") || !TenantId.isValid(tenant) || !Files.isRegularFile(f)) {
          continue;
        }
        try {
          String service;
          MinerState state;
          if (HASHED.matcher(name).matches()) {
            Saved saved = Json.mapper().readValue(Files.readAllBytes(f), Saved.class);
            service = saved.service();
            if (saved.version() != VERSION || service == null || !fileName(service).equals(name)) {
              throw new IOException("not the state of the stream its name says");
            }
            state = PatternMiner.restore(saved.miner()).snapshot();
          } else {
            service = new String(Base64.getUrlDecoder().decode(name.substring(0, name.length() - 5)),
                StandardCharsets.UTF_8);
            state = PatternMiner.fromJson(Files.readAllBytes(f)).snapshot();
          }
          registry.restore(TenantId.of(tenant), service, state);
          n++;
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.WARNING, "pattern state " + f + " is unreadable; that stream starts afresh", e);
        }
      }
    }
    LOG.info("restored the pattern miners of " + n + " streams");
  }

  /**
   * Saves every stream's state. A stream whose file cannot be written is logged and skipped; the
   * others are saved all the same. Throws after the rest are saved when any failed.
   */
  static void save(Path dir, MinerRegistry registry) throws IOException {
    IOException failed = null;
    int failures = 0;
    for (Map.Entry<StreamKey, MinerState> e : registry.snapshotAll().entrySet()) {
      String service = e.getKey().service();
      Path tenantDir = dir.resolve(e.getKey().tenant().value());
      try {
        DurableFiles.write(tenantDir.resolve(fileName(service)), Json.bytes(new Saved(VERSION, service, e.getValue())));
        deleteEarlierLayout(tenantDir, service);
      } catch (IOException | RuntimeException x) {
        failures++;
        LOG.log(Level.WARNING, "cannot save the pattern state of " + e.getKey().tenant().value() + "/" + service
            + "; that stream will start afresh", x);
        if (failed == null) {
          failed = new IOException("the pattern state of some streams was not saved");
        }
        failed.addSuppressed(x);
      }
    }
    if (failed != null) {
      throw new IOException(failures + " streams' pattern state was not saved; the others were", failed);
    }
  }

  /** Removes a stream's file of the earlier layout, which would otherwise be read again. */
  private static void deleteEarlierLayout(Path tenantDir, String service) {
    String old = Base64.getUrlEncoder().withoutPadding().encodeToString(service.getBytes(StandardCharsets.UTF_8))
        + ".json";
    if (old.length() > 255) {
      return; // could never have been written
    }
    try {
      DurableFiles.delete(tenantDir.resolve(old));
    } catch (IOException e) {
      LOG.log(Level.FINE, "cannot remove " + old, e);
    }
  }
}
