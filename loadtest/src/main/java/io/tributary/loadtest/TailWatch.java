package io.tributary.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One live tail ({@code GET /api/logs/tail}, server-sent events) read line by line as the frames
 * come, for the e2e run: notes when each marker's event arrives (keyed by what {@code key} takes
 * from the event's JSON, e.g. the marker's tag). When the server drops the tail ({@code event:
 * dropped}) or the stream ends otherwise, it is opened again with {@code since=} the last id seen
 * (or the time the watch began, if none came yet), so that what came meanwhile is replayed from the
 * store; drops and reopenings are counted.
 */
final class TailWatch implements AutoCloseable {

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI tail;
  private final String token;
  private final Function<JsonNode, String> key;
  private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
  private final AtomicLong drops = new AtomicLong();
  private final AtomicLong reopens = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();
  private final long beganMillis = System.currentTimeMillis();
  private volatile boolean closed;
  private volatile HttpResponse<Stream<String>> current;
  private volatile String lastId;
  private Thread reader;

  /**
   * @param tail the tail's address with its filter, e.g. {@code .../api/logs/tail?q=marker}
   * @param key what identifies a marker in an event's JSON; null for events that are not markers
   */
  TailWatch(URI tail, String token, Function<JsonNode, String> key) {
    this.tail = tail;
    this.token = token;
    this.key = key;
  }

  /** Opens the tail and returns once the server answered 200 (the tail is subscribed), then reads on its own thread. */
  TailWatch start() throws IOException, InterruptedException {
    HttpResponse<Stream<String>> first = connect(null);
    if (first.statusCode() != 200) {
      String body = first.body().limit(20).reduce("", (a, b) -> a + b);
      first.body().close();
      throw new IOException("the tail answered " + first.statusCode() + ": " + body);
    }
    current = first;
    reader = new Thread(() -> read(first), "tail-watch");
    reader.setDaemon(true);
    reader.start();
    return this;
  }

  private HttpResponse<Stream<String>> connect(String since) throws IOException, InterruptedException {
    String sep = tail.getRawQuery() == null ? "?" : "&";
    URI uri = since == null ? tail
        : URI.create(tail + sep + "since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines());
  }

  private void read(HttpResponse<Stream<String>> first) {
    HttpResponse<Stream<String>> resp = first;
    while (!closed) {
      try {
        frames(resp.body());
      } catch (RuntimeException e) {
        // The stream broke (or was closed by close()): reopen below unless closing.
      } finally {
        resp.body().close();
      }
      resp = null;
      while (!closed && resp == null) {
        try {
          HttpResponse<Stream<String>> r = connect(lastId != null ? lastId : java.time.Instant.ofEpochMilli(beganMillis).toString());
          if (r.statusCode() == 200) {
            resp = r;
            current = r;
            reopens.incrementAndGet();
          } else {
            // A 429 while the server still counts the old tail: its place is freed at once, so retry soon.
            refusals.incrementAndGet();
            r.body().close();
            Thread.sleep(100);
          }
        } catch (IOException e) {
          sleepQuietly();
        } catch (InterruptedException e) {
          return;
        }
      }
      if (closed && resp != null) {
        resp.body().close();
      }
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads frames until the stream ends. */
  private void frames(Stream<String> lines) {
    String event = null;
    String id = null;
    String data = null;
    Iterator<String> it = lines.iterator();
    while (it.hasNext()) {
      String line = it.next();
      if (!line.isEmpty()) {
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
          data = line.substring(5).trim();
        }
        continue;
      }
      long now = System.nanoTime();
      if ("log".equals(event) && data != null) {
        try {
          String k = key.apply(Json.mapper().readTree(data));
          if (k != null) {
            arrivals.putIfAbsent(k, now);
          }
        } catch (IOException e) {
          // Not JSON: not a marker.
        }
        if (id != null) {
          lastId = id;
        }
      } else if ("dropped".equals(event)) {
        drops.incrementAndGet();
      }
      event = null;
      id = null;
      data = null;
    }
  }

  /** When (System.nanoTime) the marker {@code k} arrived on the tail, or null if it has not. */
  Long arrival(String k) {
    return arrivals.get(k);
  }

  /** {@code event: dropped} frames received. */
  long drops() {
    return drops.get();
  }

  /** Times the tail was opened again (after a drop or a broken stream). */
  long reopens() {
    return reopens.get();
  }

  /** Non-200 answers to a reopening (e.g. 429 while the old tail still held its place). */
  long refusals() {
    return refusals.get();
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    HttpResponse<Stream<String>> r = current;
    if (r != null) {
      r.body().close();
    }
    if (reader != null) {
      reader.interrupt();
      reader.join(5000);
    }
  }
}
