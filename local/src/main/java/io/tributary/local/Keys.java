package io.tributary.local;

import io.tributary.local.files.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets of the local runtime: taken from settings when given, otherwise generated once and kept
 * under {@code <data>/keys/} (owner-only), so tokens and cursors stay valid across restarts.
 *
 * <p>A generated key is written put-if-absent (created owner-only, forced, linked into place, the
 * folder fsynced) and then read back: when {@code ./tributary token} and {@code ./tributary up}
 * create it at the same moment, exactly one key is kept and both use it.
 */
final class Keys {

  static final String JWT = "jwt-hs256";
  static final String CURSOR = "cursor";
  private static final int KEY_BYTES = 32;

  private Keys() {
  }

  /**
   * A key and where it came from.
   *
   * @param source {@code "setting NAME"} or the key file's path
   * @param created true when this call generated the key file
   */
  record Key(byte[] bytes, String source, boolean created) {
  }

  static byte[] load(String configured, Path dataDir, String name) throws IOException {
    return resolve(configured, null, dataDir, name).bytes();
  }

  /**
   * The configured key ({@code settingName} names its setting in messages), or the one kept under
   * the data folder, generated when there is none.
   */
  static Key resolve(String configured, String settingName, Path dataDir, String name) throws IOException {
    if (configured != null) {
      String what = settingName == null ? "the configured key for " + name : "setting " + settingName;
      byte[] k;
      try {
        k = Base64.getDecoder().decode(configured);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + " is not base64");
      }
      if (k.length < KEY_BYTES) {
        throw new IllegalArgumentException(what + " must be at least 32 bytes (base64 of 32 random bytes)");
      }
      return new Key(k, settingName == null ? "settings" : "setting " + settingName, false);
    }
    Path file = dataDir.resolve("keys").resolve(name + ".key");
    boolean created = false;
    if (!Files.exists(file)) {
      byte[] k = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(k);
      created = DurableFiles.writeIfAbsent(file,
          (Base64.getEncoder().encodeToString(k) + "\n").getBytes(StandardCharsets.US_ASCII));
    } else {
      // Written by a version that left it readable by others.
      DurableFiles.restrictToOwner(file);
    }
    // Whoever created it, the key is what the file holds.
    byte[] k;
    try {
      k = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IllegalArgumentException e) {
      throw new IOException("key file " + file + " is not base64; delete it to generate a new key"
          + " (tokens signed with the old one stop verifying)");
    }
    if (k.length < KEY_BYTES) {
      throw new IOException("key file " + file + " holds " + k.length + " bytes, fewer than 32; delete it to"
          + " generate a new key");
    }
    return new Key(k, file.toAbsolutePath().toString(), created);
  }
}
