package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export jobs over HTTP on the local runtime: {@code POST /api/exports} → 202 + {@code Location};
 * {@code GET} shows state, progress and, once completed, a file equal byte for byte to the
 * streaming export of the same filters, with its SHA-256; another tenant's job is a 404; a
 * finished job cannot be cancelled; a destination or a bad format is a 400 saying what to send.
 */
class ExportJobsOverHttpTest {

  @TempDir
  Path dir;

  private static HttpResponse<String> call(RuntimeFixture fx, String method, String path, String bearer, String body)
      throws Exception {
    return fx.send(HttpRequest.newBuilder(fx.uri(path)).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json"));
  }

  private static JsonNode awaitEnd(RuntimeFixture fx, String location, String bearer) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      HttpResponse<String> r = call(fx, "GET", location.substring("/api/".length()), bearer, null);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode s = Json.mapper().readTree(r.body());
      if (!s.path("state").asText().equals("running")) {
        return s;
      }
      assertTrue(System.nanoTime() < deadline, "the job did not end within 60 s: " + r.body());
      Thread.sleep(50);
    }
  }

  @Test
  void aJobsFileIsTheStreamingExportByteForByteAndOnlyItsTenantSeesIt() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT);
      String other = fx.token("other", Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT);
      for (String system : new String[] {"Android", "HDFS"}) {
        byte[] body = Files.readAllBytes(Loghub.dir().resolve(system).resolve(system + "_2k.log"));
        assertEquals(202, fx.ingestAs(acme, "text/plain", body, "service=" + system.toLowerCase()).statusCode());
      }
      fx.awaitProcessed();

      HttpResponse<String> started = call(fx, "POST", "exports", acme,
          "{\"format\":\"csv\",\"q\":\"-PacketResponder\",\"service\":[\"android\",\"hdfs\"]}");
      assertEquals(202, started.statusCode(), started.body());
      String location = started.headers().firstValue("Location").orElseThrow();
      JsonNode first = Json.mapper().readTree(started.body());
      assertEquals("/api/exports/" + first.path("id").asText(), location);
      JsonNode done = awaitEnd(fx, location, acme);
      assertEquals("completed", done.path("state").asText(), done.toString());
      assertEquals(100, done.path("progress").path("percent").asInt());

      HttpResponse<byte[]> streamed = fx.http.send(HttpRequest.newBuilder(fx.uri("logs/export?format=csv&q="
          + URLEncoder.encode("-PacketResponder", StandardCharsets.UTF_8) + "&service=android,hdfs"))
          .header("Authorization", "Bearer " + acme).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, streamed.statusCode());
      byte[] file = Files.readAllBytes(Path.of(URI.create(done.path("result").path("url").asText())));
      assertArrayEquals(streamed.body(), file);
      assertEquals(file.length, done.path("result").path("bytes").asLong());
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)),
          done.path("result").path("sha256").asText());
      long rows = new String(file, StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).count();
      assertTrue(done.path("result").path("events").asLong() > 2000, done.toString());
      assertTrue(rows > done.path("result").path("events").asLong(), "a header and the rows");

      HttpResponse<String> theirs = call(fx, "GET", location.substring(5), other, null);
      assertEquals(404, theirs.statusCode());
      assertEquals("export_not_found", Json.mapper().readTree(theirs.body()).path("code").asText());
      HttpResponse<String> cancelTheirs = call(fx, "DELETE", location.substring(5), other, null);
      assertEquals(404, cancelTheirs.statusCode());
      HttpResponse<String> cancelEnded = call(fx, "DELETE", location.substring(5), acme, null);
      assertEquals(409, cancelEnded.statusCode());
      assertEquals("export_ended", Json.mapper().readTree(cancelEnded.body()).path("code").asText());
      assertEquals("completed", awaitEnd(fx, location, acme).path("state").asText());
    }
  }

  @Test
  void badRequestsAreA400SayingWhatToSend() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_READ, Role.LOGS_EXPORT);
      HttpResponse<String> destination = call(fx, "POST", "exports", acme, "{\"destination\":\"/etc\"}");
      assertEquals(400, destination.statusCode());
      assertEquals("destination_unsupported", Json.mapper().readTree(destination.body()).path("code").asText());
      HttpResponse<String> format = call(fx, "POST", "exports", acme, "{\"format\":\"xlsx\"}");
      assertEquals(400, format.statusCode());
      assertEquals("invalid_format", Json.mapper().readTree(format.body()).path("code").asText());
      HttpResponse<String> unknown = call(fx, "GET", "exports/01NOSUCHJOB", acme, null);
      assertEquals(404, unknown.statusCode());
      HttpResponse<String> noRole = call(fx, "POST", "exports", fx.token("acme", Role.LOGS_READ), "{}");
      assertEquals(403, noRole.statusCode());
    }
  }
}
