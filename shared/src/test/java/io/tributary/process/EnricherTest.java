package io.tributary.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.parse.LogLineParser;
import io.tributary.pattern.MinerRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EnricherTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final long INGESTED = Timestamps.ofInstant(Instant.parse("2024-06-15T12:00:00Z"));

  private final Enricher enricher = new Enricher(new LogLineParser(), new MinerRegistry());

  private static LogEvent text(String line) {
    return new LogEvent("01J00000000000000000000000", ACME, EventKind.TEXT, LogEvent.UNSET_TIME, INGESTED,
        Severity.INFO, null, "hdfs", "unknown", line, Map.of(), null, null, null, null);
  }

  private static LogEvent structured(String message, Map<String, Object> attributes) {
    return new LogEvent("01J00000000000000000000001", ACME, EventKind.STRUCTURED, LogEvent.UNSET_TIME, INGESTED,
        Severity.WARN, "warn", "hdfs", "web-1", message, attributes, null, null, null, null);
  }

  @Test
  void textEventCarriesWhatItsLineSaysAndItsPattern() {
    LogEvent e = enricher.enrich(text("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block"
        + " blk_38865049064139660 terminating"));
    assertEquals(Instant.parse("2008-11-09T20:36:15Z"), Timestamps.toInstant(e.timeNanos()));
    assertEquals(Severity.INFO, e.severity());
    assertEquals("INFO", e.severityText());
    assertEquals("dfs.DataNode$PacketResponder", e.attributes().get("component"));
    assertEquals("148", e.attributes().get("pid"));
    assertEquals("PacketResponder <*> for block blk_<*> terminating", e.template());
    assertNotNull(e.patternId());
    LogEvent other = enricher.enrich(text("081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for"
        + " block blk_-6952295868487656571 terminating"));
    assertEquals(e.patternId(), other.patternId());
  }

  @Test
  void textEventKeepsItsDefaultsWhereTheLineIsSilent() {
    LogEvent e = enricher.enrich(text("just words"));
    assertEquals(INGESTED, e.timeNanos());
    assertEquals(Severity.INFO, e.severity());
    assertEquals("unknown", e.host());
    assertEquals("just words", e.template());
    assertEquals("just words", e.message());
  }

  @Test
  void structuredEventGetsThePatternOfItsMessage() {
    LogEvent e = enricher.enrich(structured("Deleting block blk_1 file /mnt/hadoop/dfs/data/current/blk_1", Map.of("k", 1L)));
    assertEquals("Deleting block blk_<*> file <*>", e.template());
    assertEquals(INGESTED, e.timeNanos());
    assertEquals(Severity.WARN, e.severity());
    assertEquals(Map.of("k", 1L), e.attributes());
    LogEvent text = enricher.enrich(text("081109 204106 329 INFO dfs.FSDataset: Deleting block blk_2 file /mnt/x/blk_2"));
    assertEquals(e.patternId(), text.patternId());
  }

  @Test
  void structuredEventWithAPatternAndATimeIsLeftAlone() {
    LogEvent given = new LogEvent("01J00000000000000000000002", ACME, EventKind.STRUCTURED, INGESTED - 5, INGESTED,
        Severity.INFO, null, "api", "h", "m", Map.of(), null, null, "p1", "m");
    assertSame(given, enricher.enrich(given));
  }

  @Test
  void enrichesFromManyThreadsConsistently() throws Exception {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      events.add(text("2024-06-15 11:00:00,000 INFO [worker-" + (i % 7) + "] org.example.Job: job " + i
          + " finished in " + (i % 300) + " ms"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Set<String> ids = java.util.Collections.synchronizedSet(new HashSet<>());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (LogEvent e : events) {
            ids.add(enricher.enrich(e).patternId());
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(1, ids.size());
    assertEquals("job <*> finished in <*>", enricher.enrich(events.get(0)).template());
  }
}
