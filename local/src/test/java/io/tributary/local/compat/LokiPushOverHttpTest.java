package io.tributary.local.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.frame.ByteWriter;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * Loki's push API on the local runtime: loki4j's Logback appender in JSON mode (its protobuf mode:
 * {@link LokiProtobufClientTest}) sending old and out-of-order lines that come back by query; a
 * partly bad push answered 400 in plain text as Loki does, its valid entries kept; and bodies
 * that cannot be read (wrong snappy framing, truncated protobuf, bad label syntax) a 400, never
 * a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LokiPushOverHttpTest {

  @TempDir
  static Path dir;
  private RuntimeFixture fx;

  @BeforeAll
  void start() throws Exception {
    fx = RuntimeFixture.start(dir);
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  @Test
  void loki4jsJsonPushIsReadBackByQuery() throws Exception {
    List<String> lines = Loghub.lines("HDFS").subList(0, 300);
    // A year old, newest first: a default Loki refuses both; they are kept here.
    Instant base = Instant.now().minus(java.time.Duration.ofDays(365));
    Loki4jSender.send(fx, false, "hdfs-loki", "datanode-7", lines, base);
    Loki4jSender.assertReadBack(fx, "hdfs-loki", "datanode-7", lines, base);
  }

  private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
    return fx.http.send(HttpRequest.newBuilder(fx.uri("compat/loki/api/v1/push"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Authorization", "Bearer " + fx.token)
        .header("Content-Type", contentType).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPartlyBadPushIs400InPlainTextAndKeepsTheValidEntries() throws Exception {
    List<String> lines = Loghub.lines("Zookeeper").subList(0, 3);
    String ns = Long.toString(Instant.now().minusSeconds(60).toEpochMilli() * 1_000_000L);
    String body = "{\"streams\":[{\"stream\":{\"app\":\"zk-loki\",\"instance\":\"zk-2\"},\"values\":["
        + "[\"" + ns + "\"," + str(lines.get(0)) + ",{\"level\":\"warn\"}],"
        + "[\"yesterday\"," + str(lines.get(1)) + "],"
        + "[\"" + ns + "\"," + str(lines.get(2)) + "]]}]}";
    HttpResponse<String> r = post("application/json", body.getBytes(StandardCharsets.UTF_8));
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
    assertTrue(r.body().startsWith("1 of 3 entries were rejected; the other 2 are kept"), r.body());
    assertTrue(r.body().contains("entry 1: invalid_timestamp"), r.body());
    fx.awaitProcessed();
    List<JsonNode> kept = fx.queryAll(Map.of("services", List.of("zk-loki"), "order", "oldest"));
    assertEquals(List.of(lines.get(0), lines.get(2)), kept.stream().map(e -> e.path("message").asText()).sorted(
        (a, b) -> Integer.compare(lines.indexOf(a), lines.indexOf(b))).toList());
    assertEquals("zk-2", kept.get(0).path("host").asText());
    assertTrue(kept.stream().anyMatch(e -> e.path("severity").asText().equals("WARN")), kept.toString());
  }

  @Test
  void aPushWhoseEveryEntryIsValidIs204() throws Exception {
    String ns = Long.toString(Instant.now().minusSeconds(30).toEpochMilli() * 1_000_000L);
    String body = "{\"streams\":[{\"stream\":{\"job\":\"android-loki\"},\"values\":[[\"" + ns + "\","
        + str(Loghub.lines("Android").get(0)) + "]]}]}";
    HttpResponse<String> r = post("application/json", body.getBytes(StandardCharsets.UTF_8));
    assertEquals(204, r.statusCode(), r.body());
    assertEquals("", r.body());
    assertEquals(204, post("application/json", "{\"streams\":[]}".getBytes(StandardCharsets.UTF_8)).statusCode(),
        "a push of nothing, as Loki answers it");
  }

  /** A PushRequest of one stream with {@code labels} and an entry per line, uncompressed (written by hand). */
  static byte[] pushRequest(String labels, List<String> lines, long ns) {
    ByteWriter stream = new ByteWriter(1024);
    bytesField(stream, 1, labels.getBytes(StandardCharsets.UTF_8));
    for (String line : lines) {
      ByteWriter ts = new ByteWriter(16);
      ts.writeVarLong(1 << 3);
      ts.writeVarLong(ns / 1_000_000_000L);
      ByteWriter entry = new ByteWriter(line.length() + 32);
      bytesField(entry, 1, ts.toByteArray());
      bytesField(entry, 2, line.getBytes(StandardCharsets.UTF_8));
      bytesField(stream, 2, entry.toByteArray());
    }
    ByteWriter req = new ByteWriter(stream.size() + 8);
    bytesField(req, 1, stream.toByteArray());
    return req.toByteArray();
  }

  private static void bytesField(ByteWriter w, int number, byte[] b) {
    w.writeVarLong(number << 3 | 2);
    w.writeVarLong(b.length);
    w.writeBytes(b, 0, b.length);
  }

  @Test
  void bodiesThatCannotBeReadAre400NeverA500() throws Exception {
    List<String> lines = Loghub.lines("BGL").subList(0, 20);
    long ns = Instant.now().minusSeconds(120).toEpochMilli() * 1_000_000L;
    byte[] raw = pushRequest("{app=\"bgl-loki\"}", lines, ns);
    byte[] block = Snappy.compress(raw);
    // snappy's framing format (what `snappy -c` and some libraries write) instead of its block format
    byte[] framed = new byte[block.length + 18];
    System.arraycopy(new byte[] {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y', 1}, 0, framed, 0, 11);
    System.arraycopy(block, 0, framed, 18, block.length);
    Map<String, byte[]> bad = Map.of(
        "invalid_snappy", framed,
        "malformed_protobuf", Snappy.compress(Arrays.copyOf(raw, raw.length - 9)),
        "no_valid_events", Snappy.compress(pushRequest("{app=bgl-loki}", lines, ns)));
    for (Map.Entry<String, byte[]> b : bad.entrySet()) {
      HttpResponse<String> r = post("application/x-protobuf", b.getValue());
      assertEquals(400, r.statusCode(), b.getKey() + ": " + r.body());
      assertTrue(r.body().startsWith(b.getKey() + ": "), r.body());
    }
    HttpResponse<String> labels = post("application/x-protobuf", bad.get("no_valid_events"));
    assertTrue(labels.body().contains("invalid_labels"), "the bad label syntax is named: " + labels.body());
    HttpResponse<String> json = post("application/json", "{\"streams\":[{\"stream\":{},\"values\":[[".getBytes(
        StandardCharsets.UTF_8));
    assertEquals(400, json.statusCode());
    assertTrue(json.body().startsWith("malformed_json: "), json.body());
    assertEquals(204, post("application/x-protobuf", block).statusCode(), "the same push, well formed");
    fx.awaitProcessed();
    assertEquals(lines.size(), fx.queryAll(Map.of("services", List.of("bgl-loki"))).size(),
        "only the well-formed push was kept");
  }

  private static String str(String s) {
    return new String(Json.bytes(s), StandardCharsets.UTF_8);
  }
}
