package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.auth.Principal;
import io.tributary.auth.Role;
import io.tributary.auth.TokenVerifier;
import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./tributary token} and how {@code ./tributary ingest} finds its token. */
class CommandLineTest {

  @TempDir
  Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Settings settings(Map<String, String> extra) {
    Map<String, String> m = new HashMap<>(extra);
    m.put(Settings.DATA_DIR.name(), dir.resolve("data").toString());
    return Settings.from(m);
  }

  private int token(Settings s, String... args) throws Exception {
    return Main.token(Main.flags(args, 0), s, Instant.now(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Principal verify(Settings s, String token) throws Exception {
    byte[] key = Keys.load(s.jwtSecret(), s.dataDir(), Keys.JWT);
    return TokenVerifier.hs256(key, s.jwtIssuer(), s.jwtAudience(), s.tenantClaim()).verify("Bearer " + token);
  }

  @Test
  void aTokenByDefaultMayWriteAndReadLogsAndNothingMore() throws Exception {
    Settings s = settings(Map.of());
    assertEquals(0, token(s, "--tenant", "acme"));
    Principal p = verify(s, out.toString(StandardCharsets.UTF_8).trim());
    assertEquals(Set.of(Role.LOGS_WRITE, Role.LOGS_READ), p.roles());
    assertFalse(p.has(Role.TENANTS_ADMIN));
  }

  @Test
  void theTokenCommandSaysWhichKeySignedAndWarnsWhenItJustCreatedIt() throws Exception {
    Settings s = settings(Map.of());
    assertEquals(0, token(s, "--tenant", "acme"));
    Path keyFile = dir.resolve("data/keys/jwt-hs256.key").toAbsolutePath();
    assertTrue(stderr().contains("signed with the key in " + keyFile), stderr());
    assertTrue(stderr().contains("warning: that key did not exist and was created just now"), stderr());
    err.reset();
    assertEquals(0, token(s, "--tenant", "acme"));
    assertTrue(stderr().contains("signed with the key in " + keyFile), stderr());
    assertFalse(stderr().contains("warning"), stderr());
  }

  @Test
  void aConfiguredSecretIsNamedAndNoKeyFileIsMade() throws Exception {
    Settings s = settings(Map.of(Settings.JWT_SECRET.name(), Base64.getEncoder().encodeToString(new byte[32])));
    assertEquals(0, token(s, "--tenant", "acme", "--roles", "logs.read"));
    assertTrue(stderr().contains("signed with the key of setting TRIBUTARY_JWT_SECRET"), stderr());
    assertFalse(Files.exists(dir.resolve("data/keys")));
    assertEquals(Set.of(Role.LOGS_READ), verify(s, out.toString(StandardCharsets.UTF_8).trim()).roles());
  }

  @Test
  void aTtlLongerThanTokensMayLiveIsRefusedByTheCommand() throws Exception {
    Settings s = settings(Map.of());
    assertEquals(2, token(s, "--tenant", "acme", "--ttl", "2d"));
    assertTrue(stderr().contains("longer than tokens may live"), stderr());
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void ingestTakesItsTokenFromTheEnvironmentOrAFileAndNeverFromTheCommandLine() throws Exception {
    Settings s = settings(Map.of());
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals("from-env", Main.ingestToken(Main.flags(new String[] {"--tenant", "acme"}, 0),
        Map.of(Main.TOKEN_ENV, "from-env\n"), s, "acme", Instant.now(), e));
    Path file = dir.resolve("token.txt");
    Files.writeString(file, "from-file\n");
    assertEquals("from-file", Main.ingestToken(Main.flags(new String[] {"--token-file", file.toString()}, 0),
        Map.of(), s, "acme", Instant.now(), e));
    assertNull(Main.ingestToken(Main.flags(new String[] {"--token", "visible-in-ps"}, 0),
        Map.of(), s, "acme", Instant.now(), e));
    assertTrue(stderr().contains(Main.TOKEN_ENV), stderr());
    // Neither given: one minted from the local key, for writing only.
    String minted = Main.ingestToken(Map.of(), Map.of(), s, "acme", Instant.now(), e);
    Principal p = verify(s, minted);
    assertEquals(TenantId.of("acme"), p.tenant());
    assertEquals(Set.of(Role.LOGS_WRITE), p.roles());
  }
}
