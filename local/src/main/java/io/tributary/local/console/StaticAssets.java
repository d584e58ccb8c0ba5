package io.tributary.local.console;

import io.tributary.http.Problem;
import io.tributary.http.ProblemHeaders;
import io.tributary.json.Json;
import io.tributary.local.host.HostResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The built console (from {@code local/src/main/console}, put on the classpath under
 * {@code console/} by the Maven build): {@code GET /} is its page, {@code GET /assets/NAME} its
 * script and styles. Asset names carry a hash of their content, so browsers may keep them for good;
 * the page is revalidated every time. No token is needed: the files hold no data. Thread-safe.
 */
public final class StaticAssets {

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
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private final ClassLoader loader;
  private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

  public StaticAssets(ClassLoader loader) {
    this.loader = loader;
  }

  /** The answer to a GET of {@code path}, or null when the path is not the console's. */
  public HostResponse get(String path) {
    if (path.equals("/") || path.equals("/index.html")) {
      return read("index.html").map(b -> ok(b, "html", "no-cache")).orElseGet(StaticAssets::notBuilt);
    }
    if (path.startsWith("/assets/")) {
      String name = path.substring("/assets/".length());
      if (!ASSET.matcher(name).matches()) {
        return null;
      }
      return read("assets/" + name).map(b -> ok(b, extension(name), "public, max-age=31536000, immutable"))
          .orElse(null);
    }
    return null;
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

  private static HostResponse ok(byte[] body, String extension, String cacheControl) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
    h.put("Cache-Control", cacheControl);
    h.put("X-Content-Type-Options", "nosniff");
    if (extension.equals("html")) {
      h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      h.put("Referrer-Policy", "no-referrer");
    }
    return new HostResponse(200, h, body);
  }

  private static HostResponse notBuilt() {
    Problem p = Problem.of(404, ConsoleReasons.CONSOLE_NOT_BUILT, "this build has no console; build without"
        + " -Dconsole.skip (mvn -pl local -am package) with Node 20 or later on the PATH");
    return new HostResponse(404, ProblemHeaders.of(p), Json.bytes(p.body()));
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }
}
