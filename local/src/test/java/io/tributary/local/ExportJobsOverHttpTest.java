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
import java.util.List;
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
  void aCompletedJobsFileDownloadsOverHttpAndTheListShowsTheTenantsJobsNewestFirst() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT);
      String other = fx.token("other", Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT);
      byte[] hdfs = Files.readAllBytes(Loghub.dir().resolve("HDFS").resolve("HDFS_2k.log"));
      assertEquals(202, fx.ingestAs(acme, "text/plain", hdfs, "service=hdfs").statusCode());
      assertEquals(202, fx.ingestAs(other, "text/plain", hdfs, "service=hdfs").statusCode());
      fx.awaitProcessed();

      HttpResponse<String> csvStarted = call(fx, "POST", "exports", acme, "{\"format\":\"csv\",\"q\":\"PacketResponder\"}");
      JsonNode csv = awaitEnd(fx, csvStarted.headers().firstValue("Location").orElseThrow(), acme);
      HttpResponse<String> ndjsonStarted = call(fx, "POST", "exports", acme, "{\"q\":\"PacketResponder\"}");
      JsonNode ndjson = awaitEnd(fx, ndjsonStarted.headers().firstValue("Location").orElseThrow(), acme);
      HttpResponse<String> theirsStarted = call(fx, "POST", "exports", other, "{}");
      JsonNode theirs = awaitEnd(fx, theirsStarted.headers().firstValue("Location").orElseThrow(), other);
      assertEquals("completed", csv.path("state").asText(), csv.toString());
      assertEquals("completed", ndjson.path("state").asText(), ndjson.toString());

      String id = csv.path("id").asText();
      assertEquals("/api/exports/" + id + "/file", csv.path("result").path("download").asText(), csv.toString());
      assertTrue(csv.path("result").path("url").asText().startsWith("file:"), "the url is as it was: " + csv);
      HttpResponse<byte[]> file = fx.http.send(HttpRequest.newBuilder(fx.uri("exports/" + id + "/file"))
          .header("Authorization", "Bearer " + acme).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, file.statusCode());
      assertArrayEquals(Files.readAllBytes(Path.of(URI.create(csv.path("result").path("url").asText()))), file.body());
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body())),
          csv.path("result").path("sha256").asText());
      assertEquals("text/csv; charset=utf-8; header=present", file.headers().firstValue("Content-Type").orElseThrow());
      assertEquals("attachment; filename=\"tributary-acme-" + id + ".csv\"",
          file.headers().firstValue("Content-Disposition").orElseThrow());
      String[] lines = new String(file.body(), StandardCharsets.UTF_8).split("\r\n");
      assertTrue(lines[0].startsWith("id,timestamp,"), lines[0]);
      assertEquals(csv.path("result").path("events").asLong() + 1, lines.length, "a header and one row per event");
      for (int i = 1; i < lines.length; i++) {
        assertTrue(lines[i].contains("PacketResponder"), lines[i]);
      }
      HttpResponse<byte[]> nd = fx.http.send(HttpRequest.newBuilder(fx.uri("exports/" + ndjson.path("id").asText()
          + "/file")).header("Authorization", "Bearer " + acme).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals("application/x-ndjson", nd.headers().firstValue("Content-Type").orElseThrow());
      assertEquals(ndjson.path("result").path("bytes").asLong(), nd.body().length);

      HttpResponse<String> theirFile = call(fx, "GET", "exports/" + id + "/file", other, null);
      assertEquals(404, theirFile.statusCode(), theirFile.body());
      assertEquals("export_not_found", Json.mapper().readTree(theirFile.body()).path("code").asText());
      HttpResponse<String> unknown = call(fx, "GET", "exports/01NOSUCHJOB0000000000000000/file", acme, null);
      assertEquals(404, unknown.statusCode());
      assertEquals("export_not_found", Json.mapper().readTree(unknown.body()).path("code").asText());
      HttpResponse<String> noRole = call(fx, "GET", "exports/" + id + "/file", fx.token("acme", Role.LOGS_READ), null);
      assertEquals(403, noRole.statusCode());

      HttpResponse<String> listed = call(fx, "GET", "exports", acme, null);
      assertEquals(200, listed.statusCode(), listed.body());
      JsonNode jobs = Json.mapper().readTree(listed.body()).path("jobs");
      assertEquals(2, jobs.size(), listed.body());
      assertEquals(ndjson, jobs.get(0), "newest first, each as GET /api/exports/{id} answers it");
      assertEquals(csv, jobs.get(1));
      HttpResponse<String> one = call(fx, "GET", "exports?limit=1", acme, null);
      assertEquals(List.of(ndjson.path("id").asText()), ids(Json.mapper().readTree(one.body()).path("jobs")));
      HttpResponse<String> theirList = call(fx, "GET", "exports", other, null);
      assertEquals(List.of(theirs.path("id").asText()), ids(Json.mapper().readTree(theirList.body()).path("jobs")));
      HttpResponse<String> badLimit = call(fx, "GET", "exports?limit=0", acme, null);
      assertEquals(400, badLimit.statusCode());
      assertEquals("invalid_parameter", Json.mapper().readTree(badLimit.body()).path("code").asText());
    }
  }

  @Test
  void aCancelledJobHasNoFileToDownload() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT);
      for (String system : new String[] {"Android", "HDFS", "BGL", "Apache", "Spark"}) {
        byte[] body = Files.readAllBytes(Loghub.dir().resolve(system).resolve(system + "_2k.log"));
        assertEquals(202, fx.ingestAs(acme, "text/plain", body, "service=" + system.toLowerCase()).statusCode());
      }
      fx.awaitProcessed();
      // Cancelled before it ends: a job of 10,000 events seldom ends before the DELETE that follows its start.
      JsonNode cancelled = null;
      for (int attempt = 0; attempt < 10 && cancelled == null; attempt++) {
        HttpResponse<String> started = call(fx, "POST", "exports", acme, "{\"format\":\"json\"}");
        String location = started.headers().firstValue("Location").orElseThrow();
        if (call(fx, "DELETE", location.substring(5), acme, null).statusCode() == 204) {
          cancelled = awaitEnd(fx, location, acme);
        }
      }
      assertTrue(cancelled != null, "no job could be cancelled before it ended in 10 attempts");
      assertEquals("cancelled", cancelled.path("state").asText());
      HttpResponse<String> file = call(fx, "GET", "exports/" + cancelled.path("id").asText() + "/file", acme, null);
      assertEquals(409, file.statusCode(), file.body());
      JsonNode problem = Json.mapper().readTree(file.body());
      assertEquals("export_not_completed", problem.path("code").asText());
      assertTrue(problem.path("detail").asText().contains("cancelled"), problem.toString());
    }
  }

  private static List<String> ids(JsonNode jobs) {
    List<String> out = new java.util.ArrayList<>();
    jobs.forEach(j -> out.add(j.path("id").asText()));
    return out;
  }

  @Test
  void badRequestsAreA400SayingWhatToSend() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_READ, Role.LOGS_EXPORT);
      HttpResponse<String> destination = call(fx, "POST", "exports", acme, "{\"destination\":\"/etc\"}");
      assertEquals(400, destination.statusCode());
      assertEquals("invalid_destination", Json.mapper().readTree(destination.body()).path("code").asText(),
          "a path on the server is never a destination");
      HttpResponse<String> file = call(fx, "POST", "exports", acme, "{\"destination\":{\"url\":\"file:///etc/x\"}}");
      assertEquals(400, file.statusCode());
      assertEquals("destination.url", Json.mapper().readTree(file.body()).path("field").asText());
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
