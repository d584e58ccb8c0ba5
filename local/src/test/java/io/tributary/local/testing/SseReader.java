package io.tributary.local.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server-sent-events client over {@code java.net.http}'s streaming body: frames as they come
 * (a comment such as {@code : heartbeat} is a frame of its own, event "comment").
 */
public final class SseReader implements AutoCloseable {

  /** One frame: {@code event} ("message" by default; "comment" for a comment), its id and data. */
  public record Frame(String event, String id, String data) {
  }

  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final Thread reader;
  private volatile boolean ended;

  private SseReader(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens {@code uri} with {@code headers}; returns once the status line and headers came. */
  public static SseReader open(HttpClient http, URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
    headers.forEach(b::header);
    return new SseReader(http.send(b.build(), HttpResponse.BodyHandlers.ofLines()));
  }

  public int status() {
    return response.statusCode();
  }

  public HttpResponse<Stream<String>> response() {
    return response;
  }

  private void read() {
    String event = null;
    String id = null;
    StringBuilder data = null;
    try {
      for (String line : (Iterable<String>) response.body()::iterator) {
        if (line.isEmpty()) {
          if (event != null || id != null || data != null) {
            frames.add(new Frame(event == null ? "message" : event, id, data == null ? null : data.toString()));
          }
          event = null;
          id = null;
          data = null;
        } else if (line.startsWith(":")) {
          frames.add(new Frame("comment", null, line.substring(1).trim()));
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
        } else if (line.startsWith("retry: ")) {
          frames.add(new Frame("retry", null, line.substring(7)));
        }
      }
    } catch (RuntimeException e) {
      // The stream was closed under us.
    } finally {
      ended = true;
      frames.add(new Frame("end", null, null));
    }
  }

  /** The next frame within {@code timeout}, or null; an {@code end} frame once the body ended. */
  public Frame next(Duration timeout) throws InterruptedException {
    return frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The next frame of {@code event} within {@code timeout} (skipping others), or null. */
  public Frame next(String event, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = end - System.nanoTime();
      Frame f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
      if (f == null || f.event().equals(event) || f.event().equals("end")) {
        return f;
      }
    }
  }

  /** Every frame that came within {@code window}. */
  public List<Frame> during(Duration window) throws InterruptedException {
    List<Frame> out = new ArrayList<>();
    long end = System.nanoTime() + window.toNanos();
    long left;
    while ((left = end - System.nanoTime()) > 0) {
      Frame f = frames.poll(left, TimeUnit.NANOSECONDS);
      if (f != null) {
        out.add(f);
        if (f.event().equals("end")) {
          break;
        }
      }
    }
    return out;
  }

  public boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    response.body().close();
  }
}
