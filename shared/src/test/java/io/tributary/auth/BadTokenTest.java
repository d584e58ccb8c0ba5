package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.tributary.event.TenantId;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad token against a verifier that takes both local HS256 tokens and an identity
 * provider's RS256/ES256 tokens, with the answer each gets. The table is docs/auth-bad-tokens.md:
 * this test fails when the two differ, and rewrites the file with {@code -Dgolden.write=true}.
 */
class BadTokenTest {

  private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final byte[] LOCAL_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final RSAKey K1 = IdpTokens.rsa("k1");
  private static final List<String> READ = List.of("logs.read");
  private static final Path DOC = Path.of("docs", "auth-bad-tokens.md");

  /**
   * One row: what the token is, the verifier it is sent to, the Authorization header, the answer,
   * and words of its detail that show it was refused for the reason the row is about.
   */
  private record Row(String token, Function<Verifiers, TokenVerifier> to, String header, int status, String code,
      String because) {
  }

  /** The verifiers a row may be sent to. */
  private record Verifiers(TokenVerifier both, TokenVerifier idpOnly, TokenVerifier unreachable) {
  }

  private static JWTClaimsSet.Builder idp() {
    return IdpTokens.claims(NOW.minusSeconds(60), "acme", READ);
  }

  private static String rs(JWTClaimsSet.Builder claims) {
    return "Bearer " + IdpTokens.sign(K1, claims.build());
  }

  private static JWTClaimsSet.Builder local() {
    return new JWTClaimsSet.Builder().issuer("tributary-local").audience("tributary").subject("local:acme")
        .issueTime(Date.from(NOW.minusSeconds(60))).expirationTime(Date.from(NOW.plusSeconds(3600)))
        .claim("tenant", "acme").claim("roles", READ);
  }

  private static List<Row> rows() throws Exception {
    List<Row> rows = new ArrayList<>();
    Function<Verifiers, TokenVerifier> both = Verifiers::both;
    rows.add(new Row("RS256 from the identity provider, all claims right (for contrast)", both, rs(idp()), 200, "-", ""));
    rows.add(new Row("HS256 from the local key, all claims right (for contrast)", both,
        "Bearer " + IdpTokens.hs256(LOCAL_KEY, null, local().build()), 200, "-", ""));
    rows.add(new Row("no Authorization header", both, null, 401, AuthReasons.MISSING_TOKEN, "send 'Authorization: Bearer"));
    rows.add(new Row("not `Bearer <token>` (another scheme)", both, "Digest username=\"acme\"", 401,
        AuthReasons.INVALID_TOKEN, "must be 'Bearer <token>'"));
    rows.add(new Row("`Basic` whose password is not a JWT (`user:pass`)", both, "Basic dXNlcjpwYXNz", 401,
        AuthReasons.INVALID_TOKEN, "not a JWT"));
    rows.add(new Row("`Basic` with no password (`acme:`)", both, "Basic YWNtZTo=", 401, AuthReasons.INVALID_TOKEN,
        "the token as the password"));
    rows.add(new Row("`Basic` with the token as the password, the user naming another tenant (`globex`)", both,
        "Basic " + java.util.Base64.getEncoder().encodeToString(("globex:" + IdpTokens.sign(K1, idp().build()))
            .getBytes(StandardCharsets.UTF_8)), 200, "-", ""));
    rows.add(new Row("`ApiKey <token>`", both, "ApiKey " + IdpTokens.sign(K1, idp().build()), 200, "-", ""));
    rows.add(new Row("not a JWT", both, "Bearer not.a.jwt", 401, AuthReasons.INVALID_TOKEN, "not a JWT"));
    rows.add(new Row("expired", both, rs(idp().issueTime(Date.from(NOW.minusSeconds(7200)))
        .notBeforeTime(Date.from(NOW.minusSeconds(7200))).expirationTime(Date.from(NOW.minusSeconds(3600)))),
        401, AuthReasons.TOKEN_EXPIRED, "expired"));
    rows.add(new Row("wrong audience", both, rs(idp().audience("api://someone-else")), 401, AuthReasons.INVALID_TOKEN, "aud claim rejected"));
    rows.add(new Row("wrong issuer", both, rs(idp().issuer("https://login.microsoftonline.com/another-directory/v2.0")),
        401, AuthReasons.INVALID_TOKEN, "iss claim value rejected"));
    rows.add(new Row("RS256 naming the local issuer (`tributary-local`)", both, rs(idp().issuer("tributary-local")),
        401, AuthReasons.INVALID_TOKEN, "iss claim value rejected"));
    rows.add(new Row("HS256 from the local key naming the identity provider's issuer", both,
        "Bearer " + IdpTokens.hs256(LOCAL_KEY, null, local().issuer(IdpTokens.ISSUER).build()), 401,
        AuthReasons.INVALID_TOKEN, "iss claim value rejected"));
    rows.add(new Row("`alg: none` (unsigned)", both,
        "Bearer " + new PlainJWT(new PlainHeader(), idp().build()).serialize(), 401, AuthReasons.INVALID_TOKEN, "not signed (alg 'none')"));
    String confused = "Bearer " + IdpTokens.hs256(K1.toRSAPublicKey().getEncoded(), "k1", idp().build());
    rows.add(new Row("HS256 signed with the identity provider's RSA public key as HMAC secret", both, confused,
        401, AuthReasons.INVALID_TOKEN, "signature does not verify"));
    rows.add(new Row("the same, where there is no local key (function app without TRIBUTARY_JWT_SECRET)",
        Verifiers::idpOnly, confused, 401, AuthReasons.INVALID_TOKEN, "HS256 tokens are not accepted here"));
    rows.add(new Row("RS512 signed with a published key (algorithm not accepted)", both,
        "Bearer " + IdpTokens.sign(K1, JWSAlgorithm.RS512, idp().build()), 401, AuthReasons.INVALID_TOKEN, "RS512 are not accepted"));
    String[] real = IdpTokens.sign(K1, idp().build()).split("\\.");
    String[] other = IdpTokens.sign(K1, idp().claim("tenant", "globex").build()).split("\\.");
    rows.add(new Row("tampered payload (signature of another payload)", both,
        "Bearer " + real[0] + "." + other[1] + "." + real[2], 401, AuthReasons.INVALID_TOKEN, "Invalid signature"));
    rows.add(new Row("unknown `kid` (not published, even after fetching the keys again)", both,
        "Bearer " + IdpTokens.sign(IdpTokens.rsa("k-unknown"), idp().build()), 401, AuthReasons.INVALID_TOKEN, "kid 'k-unknown'"));
    rows.add(new Row("no tenant claim", both, rs(idp().claim("tenant", null)), 401, AuthReasons.INVALID_TOKEN, "missing required claims: [tenant]"));
    rows.add(new Row("tenant claim not a tenant id", both, rs(idp().claim("tenant", "Acme Corp")), 401,
        AuthReasons.INVALID_TOKEN, "must be a tenant id"));
    rows.add(new Row("no roles claim (the call needs logs.read)", both, rs(idp().claim("roles", null)), 403,
        AuthReasons.MISSING_ROLE, "needs the role 'logs.read'"));
    rows.add(new Row("lifetime (exp - iat) longer than TRIBUTARY_JWT_MAX_LIFETIME_SECONDS", both,
        rs(idp().expirationTime(Date.from(NOW.plus(Duration.ofDays(2))))), 401, AuthReasons.TOKEN_LIFETIME_TOO_LONG, "longer than the 86400 s accepted"));
    rows.add(new Row("no `iat`", both, rs(idp().issueTime(null)), 401, AuthReasons.TOKEN_WITHOUT_ISSUE_TIME, "no 'iat' claim"));
    rows.add(new Row("`iat` in the future (beyond 60 s of clock skew)", both,
        rs(idp().issueTime(Date.from(NOW.plusSeconds(300)))), 401, AuthReasons.TOKEN_ISSUED_IN_FUTURE, "in the future"));
    rows.add(new Row("RS256, while the identity provider's keys cannot be fetched (with Retry-After)",
        Verifiers::unreachable, rs(idp()), 503, AuthReasons.IDENTITY_PROVIDER_UNAVAILABLE, "keys cannot be fetched"));
    return rows;
  }

  @Test
  void everyBadTokenGetsItsStatusAndCodeAndTheDocSaysSo() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    StringBuilder table = new StringBuilder();
    try (JwksServer idp = new JwksServer().publish(K1)) {
      List<String> audiences = List.of(IdpTokens.CLIENT_ID);
      Verifiers verifiers = new Verifiers(
          TokenVerifier.builder().local(LOCAL_KEY, "tributary-local", "tributary")
              .oidc(idp.url(), IdpTokens.ISSUER, audiences).clock(CLOCK).build(),
          TokenVerifier.builder().oidc(idp.url(), IdpTokens.ISSUER, audiences).clock(CLOCK).build(),
          TokenVerifier.builder().local(LOCAL_KEY, "tributary-local", "tributary")
              .oidc(URI.create("http://127.0.0.1:" + closedPort + "/keys").toURL(), IdpTokens.ISSUER, audiences)
              .clock(CLOCK).build());
      for (Row row : rows()) {
        int status = 200;
        String code = "-";
        try {
          Principal p = row.to().apply(verifiers).require(row.header(), Role.LOGS_READ);
          assertEquals(TenantId.of("acme"), p.tenant(), row.token());
        } catch (AuthException e) {
          status = e.problem().status();
          code = e.problem().code();
          assertTrue(e.problem().detail().contains(row.because()), row.token() + ": " + e.problem().detail());
          if (status == 503) {
            assertEquals(TokenVerifier.UNAVAILABLE_RETRY_AFTER_SECONDS, e.problem().extensions().get("retryAfterSeconds"));
          }
        }
        assertEquals(row.status() + " " + row.code(), status + " " + code, row.token());
        table.append("| ").append(row.token()).append(" | ").append(status).append(" | `").append(code)
            .append("` |\n");
      }
      assertTrue(idp.fetches() <= 2, "one fetch, and one more for the unknown kid: " + idp.fetches());
    }
    String doc = """
        # What a bad token is answered

        <!-- Written by shared/src/test/java/io/tributary/auth/BadTokenTest.java, which fails when this file differs.
             After changing the table there: mvn -o -q test -pl shared -Dtest=BadTokenTest -Dgolden.write=true -->

        Each row is one token sent to a Tributary that accepts both HS256 tokens signed with its local key and
        RS256/ES256 tokens of an identity provider (Entra ID shaped, checked against its JWKS), on a call that
        needs the role `logs.read`. Codes are `Problem.code` values (`AuthReasons`); they are never renamed.
        See [auth.md](auth.md) for the settings.

        | token | status | code |
        |---|---|---|
        """ + table;
    Path file = repoRoot().resolve(DOC);
    if ("true".equals(System.getProperty("golden.write"))) {
      Files.writeString(file, doc, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(file), file + " is missing; write it with -Dgolden.write=true");
    assertEquals(doc, Files.readString(file, StandardCharsets.UTF_8),
        DOC + " is stale; rewrite it with mvn -o -q test -pl shared -Dtest=BadTokenTest -Dgolden.write=true");
  }

  private static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("docs")) && Files.isDirectory(p.resolve("shared"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }
}
