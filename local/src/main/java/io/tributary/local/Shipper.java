package io.tributary.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.json.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * {@code tributary ingest}: sends log files to a running instance as gzip text batches, with a
 * progress line, retrying a batch that gets 503 or 429 after its Retry-After.
 */
final class Shipper {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final String token;
  private final int batchLines;
  private final PrintStream progress;
  private long accepted;
  private long rejected;

  Shipper(URI endpoint, String token, int batchLines, PrintStream progress) {
    this.endpoint = endpoint;
    this.token = token;
    this.batchLines = batchLines;
    this.progress = progress;
  }

  /** Sends every line of {@code files}; returns the number of events accepted. */
  long ship(List<Path> files) throws IOException, InterruptedException {
    for (Path f : files) {
      long size = Files.size(f);
      long sent = 0;
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        StringBuilder batch = new StringBuilder();
        int lines = 0;
        String line;
        while ((line = r.readLine()) != null) {
          batch.append(line).append('\n');
          sent += line.length() + 1;
          if (++lines == batchLines) {
            send(batch);
            batch.setLength(0);
            lines = 0;
            report(f, sent, size);
          }
        }
        if (lines > 0) {
          send(batch);
        }
        report(f, size, size);
        progress.println();
      }
    }
    progress.printf("accepted %d events, rejected %d%n", accepted, rejected);
    return accepted;
  }

  private void report(Path f, long done, long size) {
    int pct = size == 0 ? 100 : (int) Math.min(100, done * 100 / size);
    String bar = "#".repeat(pct / 4) + " ".repeat(25 - pct / 4);
    progress.printf("\r%s [%s] %3d%%  %d accepted", f.getFileName(), bar, pct, accepted);
  }

  private void send(CharSequence batch) throws IOException, InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(batch.length() / 4);
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(batch.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] body = out.toByteArray();
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint)
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "text/plain; charset=utf-8")
          .header("Content-Encoding", "gzip")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 202) {
        JsonNode receipt = Json.mapper().readTree(r.body());
        accepted += receipt.path("accepted").asLong();
        rejected += receipt.path("rejectedCount").asLong();
        return;
      }
      if ((r.statusCode() == 503 || r.statusCode() == 429) && attempt < 10) {
        long wait = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
        Thread.sleep(wait * 1000);
        continue;
      }
      throw new IOException("ingest answered " + r.statusCode() + ": " + r.body());
    }
  }
}
