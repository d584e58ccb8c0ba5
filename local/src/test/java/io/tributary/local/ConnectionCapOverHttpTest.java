package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.Settings;
import io.tributary.local.testing.RawHttp;
import io.tributary.local.testing.RuntimeFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Past the connection cap a new connection is answered 503 and closed; a freed slot is served again. */
class ConnectionCapOverHttpTest {

  private static final int CAP = 4;

  @TempDir
  Path dir;

  @Test
  void pastTheCapANewConnectionIs503AndClosedUntilASlotFrees() throws Exception {
    Map<String, String> s = RuntimeFixture.settings(dir);
    s.put(Settings.HTTP_MAX_CONNECTIONS.name(), Integer.toString(CAP));
    try (RuntimeFixture fx = RuntimeFixture.start(s)) {
      int port = fx.runtime.port();
      List<RawHttp> held = new ArrayList<>();
      try {
        for (int i = 0; i < CAP; i++) {
          held.add(RawHttp.open(port));
        }
        awaitOpen(fx, CAP);
        try (RawHttp extra = RawHttp.open(port)) {
          RawHttp.Response r = extra.read();
          assertEquals(503, r.status(), r.text());
          assertEquals("too_many_connections", r.code());
          assertEquals("1", r.headers().get("retry-after"));
          assertTrue(extra.closedWithin(Duration.ofSeconds(5)));
        }
        held.remove(0).close();
        awaitOpen(fx, CAP - 1);
        try (RawHttp again = RawHttp.open(port)) {
          again.send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
          assertEquals(200, again.read().status());
        }
      } finally {
        for (RawHttp c : held) {
          c.close();
        }
      }
    }
  }

  private static void awaitOpen(RuntimeFixture fx, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (fx.runtime.httpServer().openConnections() != n) {
      assertTrue(System.nanoTime() < deadline, "open connections: " + fx.runtime.httpServer().openConnections());
      Thread.sleep(10);
    }
  }
}
