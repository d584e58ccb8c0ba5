package io.tributary.local;

import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The start-up warm-up of the HTTP ingest path (issue 19): while {@link ProcessingWarmup} warms
 * processing, a throwaway instance of the runtime (ingest role only, its own data folder under
 * {@code java.io.tmpdir}, its own signing key, a free port on 127.0.0.1) is sent real ingest
 * requests over loopback — gzip NDJSON, NDJSON and text bodies from the bundled sample, each with a
 * bearer token — so that what the first requests of the real instance run (Netty's pipeline, the
 * connection and its body framing, the router, token verification, admission, judging, framing,
 * the journal's append) has been compiled by the JIT before its port opens.
 *
 * <p>Measured before it (docs/benchmarks.md, "Issue 19: the HTTP path warmed too"): in the 20 s
 * after a start and a 6 s load warm-up, the JIT's compiler threads still took a third of a core,
 * most of it C2 compiling the HTTP and token path; after a minute of load it took a tenth.
 *
 * <p>Nothing of it is kept or seen: the throwaway instance shares no file, key, port, tenant or
 * meter with the real one, logs only warnings, and its folder is deleted after; it runs before the
 * real instance is built, so the real instance's settings are the ones in force after.
 */
final class HttpWarmup {

  private static final Logger LOG = Logger.getLogger(HttpWarmup.class.getName());
  static final TenantId TENANT = TenantId.of("warmup");
  /** Requests sent whatever the budget, so each kind of body reaches the instance at least a few times. */
  static final int MIN_REQUESTS = 12;

  /**
   * What it did.
   *
   * @param requests requests answered 202
   * @param events events in them
   * @param millis how long it ran
   * @param skipped why it did not run, or null when it ran
   */
  record Report(long requests, long events, long millis, String skipped) {

    static Report skipped(String why) {
      return new Report(0, 0, 0, why);
    }

    boolean ran() {
      return skipped == null;
    }

    String describe() {
      return ran() ? "warmed the HTTP ingest path: " + requests + " requests (" + events
          + " events) answered 202 by a throwaway instance in " + millis + " ms"
          : "no warm-up of the HTTP ingest path: " + skipped;
    }
  }

  /** A warm-up running on its own thread beside the processing warm-up. */
  static final class Running {
    private final Thread thread;
    private final AtomicReference<Report> report = new AtomicReference<>();

    private Running(Settings s, Duration budget, Path tempParent) {
      thread = new Thread(() -> {
        Report r;
        try {
          r = run(s, budget, tempParent);
        } catch (Exception | LinkageError e) {
          LOG.log(java.util.logging.Level.WARNING, "the HTTP warm-up failed; starting without it", e);
          r = Report.skipped("failed: " + e);
        }
        report.set(r);
      }, "tributary-http-warmup");
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits for it to end (it is bounded by its budget) and gives its report. */
    Report await() throws InterruptedException {
      thread.join();
      return report.get();
    }
  }

  private HttpWarmup() {
  }

  /** Why {@code s} gets no HTTP warm-up, or null when it does. */
  static String notApplicable(Settings s) {
    if (s.warmup().isZero()) {
      return "off (" + Settings.WARMUP_SECONDS.name() + "=0)";
    }
    if (!s.runs("ingest")) {
      return "ingest is off (" + Settings.ROLES.name() + ")";
    }
    return null;
  }

  /** Starts the warm-up of {@code s}'s HTTP ingest path on its own thread for {@code s.warmup()}. */
  static Running start(Settings s) {
    return new Running(s, s.warmup(), Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * Runs a throwaway ingest-only instance in a temporary folder under {@code tempParent} and sends
   * it ingest requests from a few connections for about {@code budget}, then stops it and removes
   * the folder.
   */
  static Report run(Settings s, Duration budget, Path tempParent) throws Exception {
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    Path dir = Files.createTempDirectory(tempParent, "tributary-http-warmup-");
    try {
      LocalRuntime rt = LocalRuntime.start(throwaway(s, dir), true);
      try {
        String token = rt.tokenIssuer().issue(TENANT, Instant.now(), Duration.ofHours(1));
        List<Request> requests = requests(rt.baseUri().getPath() + "logs/ingest", token, s);
        int connections = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
        AtomicLong answered = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicReference<String> refused = new AtomicReference<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
          int first = c;
          Thread t = new Thread(() -> send(rt.port(), requests, first, connections, deadline, answered, events,
              refused),
              "tributary-http-warmup-client-" + c);
          t.setDaemon(true);
          t.start();
          clients.add(t);
        }
        for (Thread t : clients) {
          t.join();
        }
        if (refused.get() != null) {
          LOG.warning("HTTP warm-up stopped early: " + refused.get());
        }
        return new Report(answered.get(), events.get(), (System.nanoTime() - start) / 1_000_000, null);
      } finally {
        rt.close();
      }
    } finally {
      ProcessingWarmup.delete(dir);
    }
  }

  /**
   * The throwaway instance's settings: ingest only, its own folder, a free loopback port, no
   * warm-up of its own, any tenant admitted without limits; the real instance's ingest limits,
   * workers and partitions, so the same code paths run.
   */
  static Settings throwaway(Settings s, Path dir) {
    Map<String, String> v = new HashMap<>();
    v.put(Settings.DATA_DIR.name(), dir.toString());
    v.put(Settings.HTTP_HOST.name(), "127.0.0.1");
    v.put(Settings.HTTP_PORT.name(), "0");
    v.put(Settings.ROLES.name(), "ingest");
    v.put(Settings.WARMUP_SECONDS.name(), "0");
    v.put(Settings.UNREGISTERED_TENANT_PLAN.name(), "unlimited");
    v.put(Settings.MIN_FREE_DISK_BYTES.name(), "0");
    v.put(Settings.WORKER_THREADS.name(), Integer.toString(s.workerThreads()));
    v.put(Settings.PARTITIONS.name(), Integer.toString(s.partitions()));
    v.put(Settings.MAX_BODY_BYTES.name(), Integer.toString(s.limits().maxBodyBytes()));
    v.put(Settings.MAX_DECODED_BYTES.name(), Integer.toString(s.limits().maxDecodedBytes()));
    v.put(Settings.MAX_EVENTS.name(), Integer.toString(s.limits().maxEvents()));
    v.put(Settings.MAX_EVENT_BYTES.name(), Integer.toString(s.limits().maxEventBytes()));
    v.put(Settings.MAX_EXPANSION.name(), Integer.toString(s.limits().maxExpansion()));
    return Settings.from(v);
  }

  /** A prepared request, head and body, and the events in it. */
  record Request(byte[] bytes, int events) {
  }

  /** Events in most warm-up bodies: many small requests take the per-request code past the JIT's thresholds. */
  static final int SMALL_BODY_EVENTS = 2;

  /**
   * The prepared requests, whole (head and body), from the bundled sample: gzip NDJSON (the
   * shippers' usual body), NDJSON and text, in turn. One in sixteen carries
   * {@link ProcessingWarmup#EVENTS_PER_BODY} events, the others {@link #SMALL_BODY_EVENTS}: C2
   * compiles a method after some thousands of calls, so the code run once per request (Netty's
   * pipeline, the router, token verification) needs many requests, and the code run once per event
   * many events.
   */
  static List<Request> requests(String path, String token, Settings s) throws IOException {
    List<String[]> sample = ProcessingWarmup.sample();
    Random r = new Random(19);
    long now = System.currentTimeMillis();
    List<Request> out = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      int events = i % 16 == 0 ? ProcessingWarmup.EVENTS_PER_BODY : SMALL_BODY_EVENTS;
      byte[] body;
      String type;
      String encoding = null;
      switch (i % 3) {
        case 0 -> {
          body = ProcessingWarmup.gzip(ProcessingWarmup.ndjsonBody(sample, r, now, events));
          type = "application/x-ndjson";
          encoding = "gzip";
        }
        case 1 -> {
          body = ProcessingWarmup.ndjsonBody(sample, r, now, events);
          type = "application/x-ndjson";
        }
        default -> {
          body = ProcessingWarmup.textBody(sample, r, events);
          type = "text/plain";
        }
      }
      if (body.length > s.limits().maxBodyBytes()) {
        continue;
      }
      String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: " + type + (encoding == null ? "" : "\r\nContent-Encoding: " + encoding)
          + "\r\nContent-Length: " + body.length + "\r\n\r\n";
      byte[] h = head.getBytes(StandardCharsets.US_ASCII);
      byte[] whole = new byte[h.length + body.length];
      System.arraycopy(h, 0, whole, 0, h.length);
      System.arraycopy(body, 0, whole, h.length, body.length);
      out.add(new Request(whole, events));
    }
    return out;
  }

  /**
   * One client connection: sends requests {@code first}, {@code first + step}, ... round the list
   * until the deadline (and at least its share of {@link #MIN_REQUESTS}), reading each answer; stops
   * all clients at the first answer that is not 202.
   */
  private static void send(int port, List<Request> requests, int first, int step, long deadline,
      AtomicLong answered, AtomicLong events, AtomicReference<String> refused) {
    if (requests.isEmpty()) {
      refused.compareAndSet(null, "the sample's bodies are over the body limit");
      return;
    }
    int minimum = (MIN_REQUESTS + step - 1) / step;
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
      for (int i = first, sent = 0; refused.get() == null && (sent < minimum || System.nanoTime() < deadline);
          i += step, sent++) {
        Request request = requests.get(i % requests.size());
        out.write(request.bytes());
        out.flush();
        int status = readStatus(in);
        if (status != 202) {
          refused.compareAndSet(null, "the throwaway instance answered " + status);
          return;
        }
        answered.incrementAndGet();
        events.addAndGet(request.events());
      }
    } catch (IOException e) {
      refused.compareAndSet(null, "a warm-up connection failed: " + e);
    }
  }

  /** Reads one response, skipping its body, and gives its status. */
  static int readStatus(InputStream in) throws IOException {
    String status = line(in);
    if (status.length() < 12 || !status.startsWith("HTTP/1.1 ")) {
      throw new IOException("not an HTTP/1.1 response: " + status);
    }
    int length = 0;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(h.substring(colon + 1).trim());
      }
    }
    in.skipNBytes(length);
    return Integer.parseInt(status.substring(9, 12));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the throwaway instance closed the connection");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }
}
