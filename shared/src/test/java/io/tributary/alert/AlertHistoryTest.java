package io.tributary.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.configstore.ConfigEvent;
import io.tributary.configstore.ConfigStore;
import io.tributary.configstore.NewConfigEvent;
import io.tributary.configstore.VersionConflictException;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.testing.InMemoryConfigStore;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Transitions kept in the configuration store by several instances, without reading the history on every one. */
class AlertHistoryTest {

  private static final TenantId ACME = TenantId.of("acme");

  /** Counts the reads of the store it wraps. */
  private static final class Counting implements ConfigStore {
    final ConfigStore inner;
    final AtomicInteger reads = new AtomicInteger();

    Counting(ConfigStore inner) {
      this.inner = inner;
    }

    @Override
    public long append(String stream, long expectedVersion, List<NewConfigEvent> events)
        throws IOException, VersionConflictException {
      return inner.append(stream, expectedVersion, events);
    }

    @Override
    public List<ConfigEvent> read(String stream) throws IOException {
      reads.incrementAndGet();
      return inner.read(stream);
    }

    @Override
    public List<String> streams(String prefix) throws IOException {
      return inner.streams(prefix);
    }

    @Override
    public List<ConfigEvent> history(TenantId tenant, Instant from, Instant to) throws IOException {
      return inner.history(tenant, from, to);
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }

  private static AlertTransition transition(int i, AlertTransition.State state) {
    Instant at = Instant.parse("2026-11-29T10:00:00Z").plusSeconds(i);
    return new AlertTransition("t" + i, ACME, "r1", "ssh", state, "LabSZ", at.minusSeconds(60), at, 5, 5, List.of(),
        Json.mapper().createObjectNode(), at, "5 matches in 1m, at least 5 fire");
  }

  @Test
  void twoInstancesRecordEveryTransitionInOrderAndReadTheStreamOnlyOnAConflict() throws Exception {
    InMemoryConfigStore shared = new InMemoryConfigStore();
    Counting a = new Counting(shared);
    Counting b = new Counting(shared);
    AlertHistory ha = new AlertHistory(a);
    AlertHistory hb = new AlertHistory(b);
    for (int i = 0; i < 10; i++) {
      ha.record(transition(i, i % 2 == 0 ? AlertTransition.State.FIRING : AlertTransition.State.RESOLVED));
    }
    assertEquals(1, a.reads.get(), "the stream is read once, for its version, then appended to at the version kept");
    hb.record(transition(10, AlertTransition.State.FIRING));
    ha.record(transition(11, AlertTransition.State.RESOLVED)); // a conflict: b appended meanwhile
    List<ObjectNode> all = ha.of(ACME, "r1", 100);
    assertEquals(12, all.size());
    for (int i = 0; i < 12; i++) {
      assertEquals("t" + (11 - i), all.get(i).path("id").asText(), "newest first, none lost");
    }
    assertEquals(false, ha.groupStates(ACME, "r1").get("LabSZ").firing());
  }
}
