package io.tributary.alert.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A real HTTP receiver on 127.0.0.1 (an ephemeral port) that answers from a script: each request
 * takes the next planned answer, the last one repeats. Records what arrived.
 */
final class Receiver implements AutoCloseable {

  /** One planned answer: a status and headers. */
  record Answer(int status, Map<String, String> headers) {
    static Answer of(int status) {
      return new Answer(status, Map.of());
    }
  }

  /** One request as it arrived. */
  record Arrival(long atNanos, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private final Deque<Answer> script;
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

  Receiver(Answer... answers) throws IOException {
    script = new ArrayDeque<>(List.of(answers.length == 0 ? new Answer[] {Answer.of(200)} : answers));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  static Receiver answering(int... statuses) throws IOException {
    Answer[] a = new Answer[statuses.length];
    for (int i = 0; i < statuses.length; i++) {
      a[i] = Answer.of(statuses[i]);
    }
    return new Receiver(a);
  }

  private void handle(HttpExchange x) throws IOException {
    byte[] body = x.getRequestBody().readAllBytes();
    arrivals.add(new Arrival(System.nanoTime(), Map.copyOf(x.getRequestHeaders()), body));
    Answer a;
    synchronized (script) {
      a = script.size() > 1 ? script.removeFirst() : script.peekFirst();
    }
    a.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
    x.sendResponseHeaders(a.status(), -1);
    x.close();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook?sig=abc");
  }

  List<Arrival> arrivals() {
    return arrivals;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
