package io.tributary.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher against real receivers on 127.0.0.1 (the only address these tests contact; the
 * guard is built with allowPrivate=true except where its refusal is the point).
 */
class AlertDispatcherTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final String SECRET = "0123456789abcdef-secret";
  /** Milliseconds instead of seconds, so that a full retry schedule fits in a test. */
  private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(40), 4,
      Duration.ofSeconds(2));

  private final InMemoryDeliveryLog log = new InMemoryDeliveryLog(10_000);
  private final HttpAlertSink sink = new HttpAlertSink(Duration.ofSeconds(5), Clock.systemUTC());
  private final List<AutoCloseable> closeLater = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeLater) {
      c.close();
    }
  }

  private AlertDispatcher dispatcher(RetryPolicy policy, Duration timeout, int perTenantLimit, boolean allowPrivate) {
    AlertDispatcher d = AlertDispatcher.builder(sink, log).guard(new TargetGuard(allowPrivate)).retryPolicy(policy)
        .timeout(timeout).perTenantLimit(perTenantLimit).build();
    closeLater.add(0, d);
    return d;
  }

  /** A dispatcher whose receivers answer: a timeout long enough that a loaded machine never makes one of them (the timeout tests set their own). */
  private AlertDispatcher dispatcher(RetryPolicy policy) {
    return dispatcher(policy, Duration.ofSeconds(10), 1_000, true);
  }

  private <T extends AutoCloseable> T closing(T c) {
    closeLater.add(c);
    return c;
  }

  private static NotifyTarget webhook(URI url) {
    return new NotifyTarget(NotifyTarget.WEBHOOK, url, SECRET);
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 4_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  private List<String> outcomes(String ruleId) throws IOException {
    List<String> out = new ArrayList<>();
    List<DeliveryAttempt> newestFirst = log.attempts(ACME, ruleId, 100);
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      DeliveryAttempt a = newestFirst.get(i);
      out.add(a.outcome().code() + ":" + (a.failure() != null ? a.failure() : a.status()));
    }
    return out;
  }

  private void awaitSettled(AlertDispatcher d) throws InterruptedException {
    await("every delivery is delivered or dead-lettered", () -> d.stats().unfinished() == 0
        && d.stats().dispatched() == d.stats().delivered() + d.stats().deadLettered());
  }

  @Test
  void aSignedDeliveryArrivesOnceAndTheReceiverVerifiesIt() throws Exception {
    Receiver r = closing(Receiver.answering(204));
    AlertDispatcher d = dispatcher(FAST);
    AlertNotification n = Notifications.firing(ACME, "r1", 3);
    d.dispatch(n, List.of(webhook(r.url())));
    awaitSettled(d);

    assertEquals(1, r.arrivals().size());
    Receiver.Arrival a = r.arrivals().get(0);
    assertArrayEquals(AlertNotification.body(n), a.body());
    assertTrue(Signatures.verify(SECRET, a.header(DeliveryHeaders.TIMESTAMP), a.body(),
        a.header(DeliveryHeaders.SIGNATURE), Clock.systemUTC(), Duration.ofMinutes(5)));
    assertEquals(n.deliveryId(), a.header(DeliveryHeaders.DELIVERY));
    assertEquals("application/json", a.header("Content-Type"));
    assertEquals("Tributary-Alerts/1", a.header("User-Agent"));
    assertEquals(List.of("delivered:204"), outcomes("r1"));
    DeliveryAttempt logged = log.attempts(ACME, "r1", 1).get(0);
    assertEquals("http://127.0.0.1:" + r.url().getPort() + "/hook", logged.target(), "the query string is cut");
  }

  @Test
  void aLogicAppTargetGetsTheSameBodyUnsigned() throws Exception {
    Receiver r = closing(Receiver.answering(202));
    AlertDispatcher d = dispatcher(FAST);
    AlertNotification n = Notifications.firing(ACME, "r1", 1);
    d.dispatch(n, List.of(new NotifyTarget(NotifyTarget.LOGIC_APP, r.url(), null)));
    awaitSettled(d);
    assertEquals(1, r.arrivals().size());
    assertArrayEquals(AlertNotification.body(n), r.arrivals().get(0).body());
    assertNull(r.arrivals().get(0).header(DeliveryHeaders.SIGNATURE));
    assertEquals(n.deliveryId(), r.arrivals().get(0).header(DeliveryHeaders.DELIVERY));
  }

  @Test
  void twoServerErrorsThenSuccessAreThreeAttemptsWithOneDeliveryId() throws Exception {
    Receiver r = closing(Receiver.answering(500, 500, 200));
    AlertDispatcher d = dispatcher(FAST);
    AlertNotification n = Notifications.firing(ACME, "r1", 2);
    d.dispatch(n, List.of(webhook(r.url())));
    awaitSettled(d);

    assertEquals(3, r.arrivals().size());
    for (Receiver.Arrival a : r.arrivals()) {
      assertEquals(n.deliveryId(), a.header(DeliveryHeaders.DELIVERY));
      assertTrue(Signatures.verify(SECRET, a.header(DeliveryHeaders.TIMESTAMP), a.body(),
          a.header(DeliveryHeaders.SIGNATURE), Clock.systemUTC(), Duration.ofMinutes(5)));
    }
    assertEquals(List.of("retrying:500", "retrying:500", "delivered:200"), outcomes("r1"));
    List<DeliveryAttempt> attempts = log.attempts(ACME, "r1", 10);
    assertEquals(List.of(3, 2, 1), attempts.stream().map(DeliveryAttempt::attempt).toList());
    assertTrue(attempts.get(1).nextAttemptAt() != null && attempts.get(0).nextAttemptAt() == null);
  }

  @Test
  void tooManyRequestsWaitsForRetryAfter() throws Exception {
    Receiver r = closing(new Receiver(new Receiver.Answer(429, Map.of("Retry-After", "1")), Receiver.Answer.of(200)));
    AlertDispatcher d = dispatcher(FAST);
    d.dispatch(Notifications.firing(ACME, "r1", 1), List.of(webhook(r.url())));
    awaitSettled(d);

    assertEquals(2, r.arrivals().size());
    long gapMs = (r.arrivals().get(1).atNanos() - r.arrivals().get(0).atNanos()) / 1_000_000;
    assertTrue(gapMs >= 950, "Retry-After: 1 means a second, not the 5-40 ms backoff; waited " + gapMs + " ms");
    DeliveryAttempt first = log.attempts(ACME, "r1", 10).get(1);
    assertEquals(429, first.status());
    long planned = Duration.between(first.at(), first.nextAttemptAt()).toMillis();
    assertTrue(planned >= 1000 && planned < 1500, "planned " + planned + " ms");
  }

  @Test
  void retryAfterIsCappedByThePolicy() throws Exception {
    Receiver r = closing(new Receiver(new Receiver.Answer(503, Map.of("Retry-After", "3600")), Receiver.Answer.of(200)));
    AlertDispatcher d = dispatcher(new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(40), 4,
        Duration.ofMillis(100)));
    d.dispatch(Notifications.firing(ACME, "r1", 1), List.of(webhook(r.url())));
    awaitSettled(d);
    assertEquals(List.of("retrying:503", "delivered:200"), outcomes("r1"));
  }

  @Test
  void aReceiverThatNeverAnswersTimesOutOnEveryAttemptThenIsDeadLettered() throws Exception {
    SilentReceiver r = closing(new SilentReceiver());
    AlertDispatcher d = dispatcher(new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), 3,
        Duration.ofSeconds(1)), Duration.ofMillis(150), 1_000, true);
    d.dispatch(Notifications.firing(ACME, "r1", 1), List.of(webhook(r.url())));
    awaitSettled(d);

    assertEquals(List.of("retrying:timeout", "retrying:timeout", "dead_letter:timeout"), outcomes("r1"));
    assertEquals(1, log.deadLetters(ACME, 10).size());
    assertTrue(log.attempts(ACME, "r1", 1).get(0).durationMillis() >= 140);
  }

  @Test
  void aClosedPortIsRefusedOnEveryAttemptThenDeadLettered() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    AlertDispatcher d = dispatcher(FAST);
    d.dispatch(Notifications.firing(ACME, "r1", 1), List.of(webhook(URI.create("http://127.0.0.1:" + port + "/"))));
    awaitSettled(d);
    assertEquals(List.of("retrying:refused", "retrying:refused", "retrying:refused", "dead_letter:refused"),
        outcomes("r1"));
  }

  @Test
  void aBadRequestIsDeadLetteredAtOnce() throws Exception {
    Receiver r = closing(Receiver.answering(400));
    AlertDispatcher d = dispatcher(FAST);
    d.dispatch(Notifications.firing(ACME, "r1", 1), List.of(webhook(r.url())));
    awaitSettled(d);
    assertEquals(1, r.arrivals().size());
    assertEquals(List.of("dead_letter:400"), outcomes("r1"));
    assertEquals(400, log.deadLetters(ACME, 1).get(0).status());
  }

  @Test
  void aRedirectIsNotFollowedButDeadLettered() throws Exception {
    Receiver target = closing(Receiver.answering(200));
    Receiver r = closing(new Receiver(new Receiver.Answer(302, Map.of("Location", target.url().toString()))));
    AlertDispatcher d = dispatcher(FAST);
    d.dispatch(Notifications.firing(ACME, "r1", 1), List.of(webhook(r.url())));
    awaitSettled(d);
    assertEquals(List.of("dead_letter:302"), outcomes("r1"));
    assertEquals(0, target.arrivals().size());
  }

  @Test
  void oneTenantsHungReceiverDoesNotDelayAnotherTenantsDeliveries() throws Exception {
    SilentReceiver hung = closing(new SilentReceiver());
    Receiver fine = closing(Receiver.answering(200));
    AlertDispatcher d = dispatcher(FAST, Duration.ofSeconds(3), 1_000, true);

    List<AlertNotification> acme = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      acme.add(Notifications.firing(ACME, "hung", 10));
    }
    List<NotifyTarget> hungTarget = List.of(webhook(hung.url()));
    long start = System.nanoTime();
    for (AlertNotification n : acme) {
      d.dispatch(n, hungTarget);
    }
    long dispatchMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(dispatchMs < 500, "dispatch only queues; 200 took " + dispatchMs + " ms");
    await("the hung receiver holds connections", () -> hung.accepted() >= 50);

    long sent = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      d.dispatch(Notifications.firing(GLOBEX, "fine", 1), List.of(webhook(fine.url())));
    }
    await("globex's deliveries are delivered", () -> d.stats().delivered() == 5);
    long tookMs = (System.nanoTime() - sent) / 1_000_000;
    assertTrue(tookMs < 1000, "globex waited " + tookMs + " ms behind acme's hung receiver");
    assertEquals(0, log.deadLetters(ACME, 1).size(), "acme's deliveries are still in flight");

    d.close();
    AlertDispatcher.Stats s = d.stats();
    assertEquals(205, s.dispatched());
    assertEquals(5, s.delivered());
    assertEquals(200, s.deadLettered());
    assertEquals(200, log.deadLetters(ACME, 1_000).size());
    assertTrue(log.deadLetters(ACME, 1_000).stream().allMatch(a -> "shutdown".equals(a.failure())));
  }

  @Test
  void beyondTheTenantsLimitDeliveriesGoStraightToTheDeadLetter() throws Exception {
    SilentReceiver hung = closing(new SilentReceiver());
    Receiver fine = closing(Receiver.answering(200));
    AlertDispatcher d = dispatcher(FAST, Duration.ofSeconds(3), 3, true);
    for (int i = 0; i < 5; i++) {
      d.dispatch(Notifications.firing(ACME, "hung", 1), List.of(webhook(hung.url())));
    }
    await("two overflow", () -> {
      try {
        return log.deadLetters(ACME, 10).size() == 2;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertTrue(log.deadLetters(ACME, 10).stream().allMatch(a -> "overflow".equals(a.failure()) && a.attempt() == 0));
    d.dispatch(Notifications.firing(GLOBEX, "fine", 1), List.of(webhook(fine.url())));
    await("globex is under its own limit", () -> fine.arrivals().size() == 1);
  }

  @Test
  void nothingIsLostWhateverTheReceiversAnswer() throws Exception {
    Receiver flaky = closing(Receiver.answering(500, 200, 503, 429, 200, 400, 200, 500, 500, 500, 500, 200));
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    AlertDispatcher d = dispatcher(FAST);
    List<AlertNotification> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      AlertNotification n = Notifications.firing(ACME, "r" + (i % 4), 1);
      sent.add(n);
      d.dispatch(n, List.of(webhook(flaky.url()),
          webhook(URI.create("http://127.0.0.1:" + closedPort + "/"))));
    }
    awaitSettled(d);

    AlertDispatcher.Stats s = d.stats();
    assertEquals(80, s.dispatched());
    assertEquals(80, s.delivered() + s.deadLettered());
    Map<String, Integer> endings = new HashMap<>();
    for (int rule = 0; rule < 4; rule++) {
      for (DeliveryAttempt a : log.attempts(ACME, "r" + rule, 10_000)) {
        if (a.outcome() != DeliveryOutcome.RETRYING) {
          endings.merge(a.deliveryId(), 1, Integer::sum);
        }
      }
    }
    for (AlertNotification n : sent) {
      assertEquals(2, endings.get(n.deliveryId()), "one ending per target of " + n.deliveryId());
    }
  }

  @Test
  void closingDeadLettersARetryStillWaitingAndAcceptsNoMore() throws Exception {
    Receiver r = closing(Receiver.answering(503));
    AlertDispatcher d = dispatcher(new RetryPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30), 8,
        Duration.ofSeconds(30)), Duration.ofMillis(500), 1_000, true);
    d.dispatch(Notifications.firing(ACME, "r1", 1), List.of(webhook(r.url())));
    await("the first attempt is recorded as retrying", () -> {
      try {
        return outcomes("r1").size() == 1;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    d.close();
    d.dispatch(Notifications.firing(ACME, "r1", 1), List.of(webhook(r.url())));
    assertEquals(List.of("retrying:503", "dead_letter:shutdown", "dead_letter:shutdown"), outcomes("r1"));
    assertEquals(1, r.arrivals().size());
    assertEquals(new AlertDispatcher.Stats(2, 0, 2, 0), d.stats());
  }

  @Test
  void withPrivateTargetsRefusedTheGuardStopsADeliveryTo127001() throws Exception {
    Receiver r = closing(Receiver.answering(200));
    AlertDispatcher d = dispatcher(FAST, Duration.ofMillis(500), 1_000, false);
    d.dispatch(Notifications.firing(ACME, "r1", 1), List.of(webhook(r.url())));
    awaitSettled(d);
    assertEquals(0, r.arrivals().size());
    assertEquals(List.of("dead_letter:not_allowed"), outcomes("r1"));
    assertTrue(log.deadLetters(ACME, 1).get(0).detail().contains("loopback"));
  }
}
