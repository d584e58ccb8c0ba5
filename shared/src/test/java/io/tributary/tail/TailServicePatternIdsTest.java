package io.tributary.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryParser;
import io.tributary.testing.ListLogStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A tail of {@code pattern:ID} follows the events of every id the pattern has had, as a query finds them. */
class TailServicePatternIdsTest {

  private static final TenantId ACME = TenantId.of("acme");

  private static LogEvent event(String id, String patternId) {
    return new LogEvent(id, ACME, EventKind.TEXT, 1, 1, null, null, "svc", "h", "user logged in", Map.of(), null,
        null, patternId, "user <*> logged in");
  }

  private static List<String> frames(TailStream s) {
    List<String> out = new ArrayList<>();
    byte[] f;
    while ((f = s.next(0)) != null) {
      out.add(new String(f, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void aTailOfTheNewIdFollowsEventsStoredUnderTheOldOne() throws Exception {
    TailHub hub = new TailHub(new TailSettings(5, 100, Duration.ofSeconds(15), Duration.ofSeconds(10),
        Duration.ofSeconds(5), 1000));
    TailService plain = new TailService(hub, new ListLogStore(), Clock.systemUTC(), System::nanoTime);
    TailService widened = plain.withPatternIds((t, id) -> id.equals("p-new") ? Set.of("p-new", "p-old") : Set.of(id));
    LogQuery q = LogQuery.all(100).withExpr(QueryParser.parse("pattern:p-new"));
    try (TailStream both = widened.open(ACME, q, null); TailStream asStored = plain.open(ACME, q, null)) {
      hub.publish(List.of(event("a", "p-old"), event("b", "p-new"), event("c", "p-other")));
      String w = String.join("", frames(both));
      String p = String.join("", frames(asStored));
      assertTrue(w.contains("id: a") && w.contains("id: b") && !w.contains("id: c"), w);
      assertTrue(!p.contains("id: a") && p.contains("id: b"), p);
      assertEquals(false, w.contains("p-other"));
    }
  }
}
