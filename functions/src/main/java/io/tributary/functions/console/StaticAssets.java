package io.tributary.functions.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The built web console (from {@code console/} at the top of the checkout, put on the functions'
 * classpath under {@code console/} by the Maven build): its page and the files of its bundle, with
 * the headers they are served with. Served by the local host at {@code /} and by the Console
 * function at {@code /api/console/}; the page names its files relative to itself, so it works at
 * both. Asset names carry a hash of their content, so browsers may keep them for good; the page is
 * revalidated every time. No token is needed: the files hold no data. Thread-safe.
 */
public final class StaticAssets {

  /** One file to send: its bytes and the headers that go with them. */
  public record File(byte[] body, Map<String, String> headers) {
  }

  private static final String ROOT = "console/";
  /** A file name of the bundle: no folder, no dot first, so no way out of {@code console/assets/}. */
  private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "html", "text/html; charset=utf-8",
      "svg", "image/svg+xml",
      "map", "application/json; charset=utf-8",
      "woff2", "font/woff2",
      "png", "image/png");
  /** The page may load its own script and styles and call its own origin's API, nothing else. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private final ClassLoader loader;
  private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

  public StaticAssets(ClassLoader loader) {
    this.loader = loader;
  }

  /** The page, {@code index.html}; empty when this build has no console. */
  public Optional<File> page() {
    return read("index.html").map(b -> file(b, "html", "no-cache"));
  }

  /** A file of the bundle by its name ({@code main-HASH.js}); empty when there is none such. */
  public Optional<File> asset(String name) {
    if (name == null || !ASSET.matcher(name).matches()) {
      return Optional.empty();
    }
    return read("assets/" + name).map(b -> file(b, extension(name), "public, max-age=31536000, immutable"));
  }

  /** What to tell a client asking for the page of a build without a console. */
  public static String notBuiltDetail() {
    return "this build has no console; build without -Dconsole.skip, with Node 20 or later and npm on the PATH";
  }

  private Optional<byte[]> read(String name) {
    return files.computeIfAbsent(name, n -> {
      try (InputStream in = loader.getResourceAsStream(ROOT + n)) {
        return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static File file(byte[] body, String extension, String cacheControl) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
    h.put("Cache-Control", cacheControl);
    h.put("X-Content-Type-Options", "nosniff");
    if (extension.equals("html")) {
      h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      h.put("Referrer-Policy", "no-referrer");
    }
    return new File(body, Map.copyOf(h));
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }
}
