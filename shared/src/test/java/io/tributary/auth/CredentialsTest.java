package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {

  private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnQiOiJhY21lIn0.c2ln";

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void takesTheTokenFromEveryFormShippersSend() throws AuthException {
    assertEquals(JWT, Credentials.token("Bearer " + JWT));
    assertEquals(JWT, Credentials.token("bearer   " + JWT + " "));
    assertEquals(JWT, Credentials.token("Basic " + b64("promtail:" + JWT)), "Basic: the password");
    assertEquals(JWT, Credentials.token("Basic " + b64(":" + JWT)), "an empty user name");
    assertEquals(JWT, Credentials.token("ApiKey " + JWT));
    assertEquals(JWT, Credentials.token("ApiKey " + b64("my-key-id:" + JWT)), "base64(id:key), the key the token");
  }

  @Test
  void refusesOtherSchemesAndCredentialsWithoutAToken() {
    assertEquals(AuthReasons.MISSING_TOKEN, code(null));
    assertEquals(AuthReasons.MISSING_TOKEN, code("  "));
    assertEquals(AuthReasons.INVALID_TOKEN, code("Digest username=\"x\""));
    assertEquals(AuthReasons.INVALID_TOKEN, code("Bearer"));
    assertEquals(AuthReasons.INVALID_TOKEN, code("Basic " + b64("acme:")), "no password");
    assertEquals(AuthReasons.INVALID_TOKEN, code("Basic " + b64("no-colon")));
    assertEquals(AuthReasons.INVALID_TOKEN, code("Basic %%%not-base64"));
  }

  private static String code(String header) {
    return assertThrows(AuthException.class, () -> Credentials.token(header)).problem().code();
  }
}
