package io.tributary.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets of the local runtime: taken from settings when given, otherwise generated once and kept
 * under {@code <data>/keys/} (mode 600), so tokens and cursors stay valid across restarts.
 */
final class Keys {

  static final String JWT = "jwt-hs256";
  static final String CURSOR = "cursor";

  private Keys() {
  }

  static byte[] load(String configured, Path dataDir, String name) throws IOException {
    if (configured != null) {
      byte[] k;
      try {
        k = Base64.getDecoder().decode(configured);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the configured key for " + name + " is not base64");
      }
      if (k.length < 32) {
        throw new IllegalArgumentException("the configured key for " + name + " must be at least 32 bytes (base64 of 32 random bytes)");
      }
      return k;
    }
    Path dir = dataDir.resolve("keys");
    Path file = dir.resolve(name + ".key");
    if (Files.exists(file)) {
      return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }
    Files.createDirectories(dir);
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    Path tmp = dir.resolve(name + ".key.tmp");
    Files.writeString(tmp, Base64.getEncoder().encodeToString(k) + "\n", StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the default permissions.
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return k;
  }
}
