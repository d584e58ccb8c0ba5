package io.tributary.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TailHubTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId OTHER = TenantId.of("other");
  private static final LogFilter ALL = LogFilter.of(LogQuery.all(100));
  private static long seq;

  private static TailSettings settings(int maxStreams, int queue) {
    return new TailSettings(maxStreams, queue, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(5),
        1000);
  }

  static LogEvent event(TenantId tenant, String message) {
    long now = System.currentTimeMillis() * 1_000_000L + seq++;
    return new LogEvent(EventIds.next(System.currentTimeMillis()), tenant, EventKind.TEXT, now, now, Severity.INFO,
        null, "svc", "host", message, Map.of(), null, null, null, null);
  }

  private static List<LogEvent> drain(TailSubscription s) {
    List<LogEvent> out = new ArrayList<>();
    LogEvent e;
    while ((e = s.poll()) != null) {
      out.add(e);
    }
    return out;
  }

  @Test
  void aTailGetsItsTenantsMatchingEventsOnly() throws Exception {
    TailHub hub = new TailHub(settings(5, 100));
    TailSubscription errors = hub.subscribe(ACME, LogFilter.of(LogQuery.all(100).withExpr(QueryParser.parse("boom"))));
    TailSubscription everything = hub.subscribe(ACME, ALL);
    TailSubscription theirs = hub.subscribe(OTHER, ALL);
    LogEvent boom = event(ACME, "boom here");
    LogEvent calm = event(ACME, "all calm");
    LogEvent otherBoom = event(OTHER, "boom there");
    hub.publish(List.of(boom, calm, otherBoom));
    assertEquals(List.of(boom), drain(errors));
    assertEquals(List.of(boom, calm), drain(everything));
    assertEquals(List.of(otherBoom), drain(theirs));
  }

  @Test
  void aTenantHoldsAtMostItsCapAndAClosedTailFreesItsPlace() throws Exception {
    TailHub hub = new TailHub(settings(2, 10));
    TailSubscription a = hub.subscribe(ACME, ALL);
    hub.subscribe(ACME, ALL);
    TailException e = assertThrows(TailException.class, () -> hub.subscribe(ACME, ALL));
    assertEquals(429, e.problem().status());
    assertEquals(TailReasons.TOO_MANY_TAILS, e.problem().code());
    hub.subscribe(OTHER, ALL); // another tenant's cap is its own
    a.close();
    hub.subscribe(ACME, ALL);
    assertEquals(2, hub.tails(ACME));
  }

  @Test
  void aSlowReaderIsDroppedAndPublishingNeverWaits() throws Exception {
    TailHub hub = new TailHub(settings(5, 100));
    TailSubscription slow = hub.subscribe(ACME, ALL);
    TailSubscription keeping = hub.subscribe(ACME, ALL);
    List<LogEvent> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(event(ACME, "line " + i));
    }
    long worst = 0;
    for (int round = 0; round < 200; round++) {
      long t0 = System.nanoTime();
      hub.publish(batch);
      worst = Math.max(worst, System.nanoTime() - t0);
      drain(keeping);
    }
    assertEquals(TailReasons.SLOW_READER, slow.dropped());
    assertNull(keeping.dropped());
    assertEquals(1, hub.tails(ACME), "the dropped tail gave back its place");
    // 50 events to two tails: microseconds; a blocked publisher would take forever.
    assertTrue(worst < Duration.ofMillis(200).toNanos(), "slowest publish took " + worst / 1000 + " µs");
  }

  @Test
  void theStreamReplaysThenGoesLiveWithoutDuplicatesAndSaysWhyItWasDropped() throws Exception {
    TailHub hub = new TailHub(settings(5, 3));
    TailSubscription sub = hub.subscribe(ACME, ALL);
    LogEvent stored1 = event(ACME, "stored 1");
    LogEvent stored2 = event(ACME, "stored 2");
    // stored2 was both in the store's answer and published after the subscription began: once only.
    TailStream stream = new TailStream(sub, List.of(stored1, stored2), Duration.ofSeconds(1).toNanos(),
        Duration.ofSeconds(1).toNanos(), "2000-01-01T00:00:00Z", 0);
    LogEvent live = event(ACME, "live 3");
    hub.publish(List.of(stored2, live));
    List<String> frames = new ArrayList<>();
    byte[] f;
    while ((f = stream.next(1)) != null) {
      frames.add(new String(f, StandardCharsets.UTF_8));
    }
    assertEquals(4, frames.size(), frames.toString());
    assertTrue(frames.get(0).startsWith("retry: "));
    assertTrue(frames.get(1).startsWith("id: " + stored1.id() + "\nevent: log\ndata: {"), frames.get(1));
    assertTrue(frames.get(2).contains("stored 2"));
    assertTrue(frames.get(3).contains("live 3"));
    assertNull(stream.next(Duration.ofMillis(500).toNanos()), "no heartbeat before its time");
    assertEquals(": heartbeat\n\n", new String(stream.next(Duration.ofSeconds(2).toNanos()), StandardCharsets.UTF_8));

    hub.publish(List.of(event(ACME, "a"), event(ACME, "b"), event(ACME, "c"), event(ACME, "d")));
    assertEquals("event: dropped\ndata: {\"reason\":\"slow_reader\"}\n\n",
        new String(stream.next(Duration.ofSeconds(2).toNanos()), StandardCharsets.UTF_8));
    assertTrue(stream.finished());
    assertEquals(0, hub.tails(ACME));
  }

  @Test
  void theBufferedFormAnswersWithinItsWindowAndSaysWhereToResume() throws Exception {
    TailHub hub = new TailHub(settings(5, 100));
    TailStream quiet = new TailStream(hub.subscribe(ACME, ALL), List.of(), Duration.ofSeconds(15).toNanos(),
        Duration.ofSeconds(10).toNanos(), "2024-05-01T12:00:00Z", System.nanoTime());
    String body = new String(quiet.collect(Duration.ofMillis(100).toNanos(), System::nanoTime), StandardCharsets.UTF_8);
    assertEquals("retry: 1000\n\nid: 2024-05-01T12:00:00Z\n\n", body);
    assertEquals(0, hub.tails(ACME), "the buffered call let go of its tail");

    TailSubscription sub = hub.subscribe(ACME, ALL);
    TailStream busy = new TailStream(sub, List.of(), Duration.ofSeconds(15).toNanos(), Duration.ofSeconds(10).toNanos(),
        "x", System.nanoTime());
    LogEvent e = event(ACME, "came during the window");
    Thread publisher = new Thread(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException x) {
        return;
      }
      hub.publish(List.of(e));
    });
    publisher.start();
    String got = new String(busy.collect(Duration.ofMillis(500).toNanos(), System::nanoTime), StandardCharsets.UTF_8);
    publisher.join();
    assertTrue(got.contains("id: " + e.id() + "\nevent: log\n"), got);
    assertTrue(!got.contains("id: x"), got);
  }
}
