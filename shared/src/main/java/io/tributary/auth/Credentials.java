package io.tributary.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The token in an {@code Authorization} header, in each form log shippers send it:
 * {@code Bearer <token>} (our clients, OpenTelemetry exporters, Vector), {@code Basic} with the
 * token as the password and any user name (Promtail, Grafana Alloy, Fluent Bit, Logstash), and
 * {@code ApiKey <token>} (Elasticsearch clients; also {@code ApiKey base64(id:token)}, the form
 * they build from an id and a key). Only the token is taken from the header: the tenant and the
 * roles come from verifying it, never from the user name, the key id or anything else sent.
 */
public final class Credentials {

  private Credentials() {
  }

  /**
   * The token an Authorization header carries.
   *
   * @throws AuthException 401 {@code missing_token} without a header, {@code invalid_token} for
   *     another scheme or a Basic or ApiKey value that holds no token
   */
  public static String token(String authorization) throws AuthException {
    if (authorization == null || authorization.isBlank()) {
      throw new AuthException(401, AuthReasons.MISSING_TOKEN,
          "send 'Authorization: Bearer <token>'; get a token with ./tributary token --tenant <name>");
    }
    String a = authorization.trim();
    int space = a.indexOf(' ');
    String scheme = space < 0 ? a : a.substring(0, space);
    String value = space < 0 ? "" : a.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Bearer") && !value.isEmpty()) {
      return value;
    }
    if (scheme.equalsIgnoreCase("Basic") && !value.isEmpty()) {
      String pair = decode(value);
      int colon = pair == null ? -1 : pair.indexOf(':');
      if (colon < 0 || colon == pair.length() - 1) {
        throw new AuthException(401, AuthReasons.INVALID_TOKEN, "Basic credentials must be base64(user:token), the"
            + " token as the password (the user name is not used)");
      }
      return pair.substring(colon + 1);
    }
    if (scheme.equalsIgnoreCase("ApiKey") && !value.isEmpty()) {
      // Elasticsearch clients send base64(id:key) when given an id and a key; the key is then the token.
      if (value.indexOf('.') < 0) {
        String pair = decode(value);
        int colon = pair == null ? -1 : pair.indexOf(':');
        if (colon >= 0 && colon < pair.length() - 1) {
          return pair.substring(colon + 1);
        }
      }
      return value;
    }
    throw new AuthException(401, AuthReasons.INVALID_TOKEN, "the Authorization header must be 'Bearer <token>'"
        + " (or 'Basic' with the token as the password, or 'ApiKey <token>')");
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
