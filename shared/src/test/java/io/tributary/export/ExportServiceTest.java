package io.tributary.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.SegmentKey;
import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import io.tributary.query.QueryException;
import io.tributary.testing.InMemoryArchiveStore;
import io.tributary.testing.ListLogStore;
import io.tributary.testing.Loghub;
import io.tributary.testing.Rfc4180;
import io.tributary.testing.MutableClock;
import io.tributary.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports over a store that holds the recent days and an archive that holds everything (and some
 * of it twice): each event once, by (time, id), one tenant's only.
 */
class ExportServiceTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId BRAVO = TenantId.of("bravo");
  private static final long DAY = Timestamps.NANOS_PER_DAY;
  private static final long HOUR = DAY / 24;
  /** Now: 30 days after T0. */
  private static final long NOW = TestEvents.T0 + 30 * DAY;

  @TempDir
  Path runs;

  private final ListLogStore store = new ListLogStore();
  private final InMemoryArchiveStore archive = new InMemoryArchiveStore();
  private final MutableClock clock = new MutableClock(Timestamps.toInstant(NOW));
  /** Every distinct event of acme, as it should come out. */
  private final List<LogEvent> acme = new ArrayList<>();
  private int offset;

  private ExportService service(int maxConcurrent) {
    return new ExportService(store, archive, clock, Duration.ofSeconds(10), System::nanoTime, t -> 7, runs,
        maxConcurrent);
  }

  private static LogEvent event(TenantId tenant, String line, long time, long ingested) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("n", time % 1000);
    return new LogEvent(EventIds.next(time / 1_000_000L), tenant, EventKind.TEXT, time, ingested, Severity.INFO, null,
        tenant.value() + "-svc", "host-1", line, attrs, null, null, null, null);
  }

  /** Archives {@code events} as one segment of the hour of their ingest (processing's layout). */
  private void archive(TenantId tenant, List<LogEvent> events) {
    long hour = Math.floorDiv(events.get(0).ingestedNanos(), HOUR);
    int first = offset;
    offset += events.size();
    archive.append(new SegmentKey(tenant, hour, 0, first, offset - 1), ArchiveSegments.encode(events));
  }

  @BeforeEach
  void seed() {
    List<String> hdfs = Loghub.lines("HDFS");
    List<String> ssh = Loghub.lines("OpenSSH");
    // Old: ingested 30..20 days ago, left the store, only in the archive (one hour's segment copied twice).
    for (int h = 0; h < 10; h++) {
      List<LogEvent> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        long t = TestEvents.T0 + h * DAY + i * 1_000_000_000L;
        batch.add(event(ACME, hdfs.get(h * 20 + i), t, t + 2_000_000L));
      }
      acme.addAll(batch);
      archive(ACME, batch);
      if (h == 3) {
        archive(ACME, batch); // a batch redelivered: the same events in a second segment
      }
      List<LogEvent> other = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long t = TestEvents.T0 + h * DAY + i * 1_000_000_000L + 500;
        other.add(event(BRAVO, ssh.get(h * 5 + i), t, t + 2_000_000L));
      }
      archive(BRAVO, other);
      store.upsert(other.subList(0, 2)); // some of B's old events are still in the store
    }
    // Overlap: ingested 7..6 days ago, in the store and the archive.
    List<LogEvent> overlap = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long t = NOW - 7 * DAY + i * HOUR / 2;
      overlap.add(event(ACME, hdfs.get(300 + i), t, t + 1_000_000L));
    }
    acme.addAll(overlap);
    archive(ACME, overlap);
    store.upsert(overlap);
    // Hot: ingested in the last day, in the store (and archived, an hour the export does not read).
    List<LogEvent> hot = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      long t = NOW - DAY + i * 60_000_000_000L;
      hot.add(event(ACME, hdfs.get(400 + i), t, t + 1_000_000L));
    }
    // Late: an old event time, ingested yesterday (sent late): only the store gives it in time order.
    hot.add(event(ACME, hdfs.get(450), TestEvents.T0 + 5 * DAY + 7, NOW - DAY));
    acme.addAll(hot);
    archive(ACME, hot);
    store.upsert(hot);
    acme.sort(Comparator.comparingLong(LogEvent::timeNanos).thenComparing(LogEvent::id));
  }

  private static byte[] drain(Export export) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (export) {
      byte[] chunk;
      while ((chunk = export.nextChunk()) != null) {
        out.write(chunk);
      }
    }
    return out.toByteArray();
  }

  private static List<String> ndjsonIds(byte[] body) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        ids.add(Json.mapper().readTree(line).path("id").asText());
      }
    }
    return ids;
  }

  private static ExportRequest request(String... params) throws QueryException {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      m.put(params[i], params[i + 1]);
    }
    return ExportRequest.of(m);
  }

  @Test
  void storeAndArchiveMergeIntoEachEventOnceInTimeOrder() throws Exception {
    byte[] body = drain(service(4).open(ACME, request("format", "ndjson")));
    List<String> expected = acme.stream().map(LogEvent::id).toList();
    assertEquals(expected, ndjsonIds(body));
    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
      JsonNode e = Json.mapper().readTree(line);
      assertTrue(e.path("service").asText().equals("acme-svc"), "acme's only: " + line);
    }
  }

  @Test
  void archiveRunsSpilledToFilesGiveTheSameExportAndAreDeletedAfter() throws Exception {
    byte[] inMemory = drain(service(4).open(ACME, request("format", "ndjson")));
    byte[] spilled = drain(service(4).withRunEvents(7).open(ACME, request("format", "ndjson")));
    assertEquals(new String(inMemory, StandardCharsets.UTF_8), new String(spilled, StandardCharsets.UTF_8));
    try (Stream<Path> left = Files.walk(runs)) {
      assertEquals(List.of(runs), left.toList(), "no run file or folder left behind");
    }
  }

  @Test
  void runsBeyondTheFanInAreMergedInStages() throws Exception {
    byte[] expected = drain(service(4).open(ACME, request("format", "ndjson")));
    // 200 archived events in runs of 2: over 64 run files, merged in two stages.
    byte[] staged = drain(service(4).withRunEvents(2).open(ACME, request("format", "ndjson")));
    assertEquals(new String(expected, StandardCharsets.UTF_8), new String(staged, StandardCharsets.UTF_8));
  }

  @Test
  void theQueryAndRangeApplyToArchivedEventsAsToStoredOnes() throws Exception {
    long from = TestEvents.T0 + 2 * DAY;
    long to = NOW - 6 * DAY;
    byte[] body = drain(service(4).open(ACME, request("from", Timestamps.format(from), "to", Timestamps.format(to),
        "q", "PacketResponder OR Verification", "format", "ndjson")));
    List<String> expected = acme.stream()
        .filter(e -> e.timeNanos() >= from && e.timeNanos() < to)
        .filter(e -> e.message().contains("PacketResponder") || e.message().contains("Verification"))
        .map(LogEvent::id).toList();
    assertFalse(expected.isEmpty());
    assertEquals(expected, ndjsonIds(body));
  }

  @Test
  void theOtherTenantGetsOnlyItsOwnFromBothSources() throws Exception {
    byte[] body = drain(service(4).open(BRAVO, request("format", "ndjson", "q", "PacketResponder")));
    assertEquals(List.of(), ndjsonIds(body), "none of A's words through B's export");
    List<String> all = ndjsonIds(drain(service(4).open(BRAVO, request())));
    assertEquals(50, all.size(), "B's 50 events, once each, though some are in the store and the archive");
    for (LogEvent e : acme) {
      assertFalse(all.contains(e.id()));
    }
  }

  @Test
  void jsonIsOneArrayAndCsvOneRecordPerEventInTheSameOrder() throws Exception {
    List<String> expected = acme.stream().map(LogEvent::id).toList();
    JsonNode array = Json.mapper().readTree(drain(service(4).open(ACME, request("format", "json"))));
    assertTrue(array.isArray());
    List<String> ids = new ArrayList<>();
    array.forEach(e -> ids.add(e.path("id").asText()));
    assertEquals(expected, ids);
    List<List<String>> rows = Rfc4180.parse(new String(drain(service(4).open(ACME, request("format", "csv",
        "fields", "message"))), StandardCharsets.UTF_8));
    assertEquals(List.of("id", "timestamp", "message"), rows.get(0));
    assertEquals(expected, rows.subList(1, rows.size()).stream().map(r -> r.get(0)).toList());
  }

  @Test
  void eventsIngestedAfterTheExportStartedAreNotInIt() throws Exception {
    Export export = service(4).open(ACME, request());
    store.upsert(List.of(event(ACME, "a later event", NOW - HOUR, NOW + 1_000_000L)));
    assertEquals(acme.size(), ndjsonIds(drain(export)).size());
  }

  @Test
  void chunksAreAtLeastTheChunkSizeButTheLast() throws Exception {
    List<LogEvent> many = new ArrayList<>();
    String line = Loghub.lines("HDFS").get(0);
    for (int i = 0; i < 5_000; i++) {
      many.add(event(ACME, line, NOW - 2 * HOUR + i, NOW - HOUR));
    }
    store.upsert(many);
    List<Integer> sizes = new ArrayList<>();
    try (Export export = service(4).open(ACME, request("format", "csv"))) {
      byte[] chunk;
      while ((chunk = export.nextChunk()) != null) {
        sizes.add(chunk.length);
      }
      assertEquals(acme.size() + many.size(), export.events());
      assertEquals(sizes.stream().mapToLong(Integer::longValue).sum(), export.bytes());
    }
    assertTrue(sizes.size() > 5, sizes.toString());
    for (int i = 0; i < sizes.size() - 1; i++) {
      assertTrue(sizes.get(i) >= Export.CHUNK_BYTES, sizes.toString());
    }
  }

  @Test
  void moreExportsThanAllowedAreRefusedBusyUntilOneCloses() throws Exception {
    ExportService one = service(1);
    Export first = one.open(ACME, request());
    QueryException busy = assertThrows(QueryException.class, () -> one.open(BRAVO, request()));
    assertEquals(503, busy.problem().status());
    assertEquals(ExportReasons.EXPORT_BUSY, busy.problem().code());
    first.close();
    one.open(BRAVO, request()).close();
  }

  @Test
  void badParametersAreRefusedWithTheirCodeAndWhatToSend() {
    QueryException format = assertThrows(QueryException.class, () -> request("format", "xml"));
    assertEquals(400, format.problem().status());
    assertEquals(ExportReasons.INVALID_FORMAT, format.problem().code());
    assertTrue(format.problem().detail().contains("csv, ndjson or json"), format.problem().detail());
    QueryException unknown = assertThrows(QueryException.class, () -> request("limit", "10"));
    assertEquals("unknown_field", unknown.problem().code());
    assertEquals("invalid_query", assertThrows(QueryException.class, () -> request("q", "(unclosed")).problem().code());
    assertEquals("invalid_field", assertThrows(QueryException.class,
        () -> request("from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z")).problem().code());
    assertEquals("invalid_field", assertThrows(QueryException.class, () -> request("fields", "nosuch")).problem()
        .code());
    assertEquals("invalid_field", assertThrows(QueryException.class, () -> request("from", "yesterday")).problem()
        .code());
  }

  @Test
  void theFileNameSaysTenantRangeAndFormat() throws Exception {
    try (Export e = service(4).open(ACME, request("from", "2026-01-02T03:04:05Z", "to", "2026-01-03T00:00:00Z",
        "format", "csv"))) {
      assertEquals("tributary-acme-20260102T030405Z-20260103T000000Z.csv", e.fileName());
    }
    try (Export e = service(4).open(ACME, request())) {
      assertEquals("tributary-acme-start-" + "20251224T160000Z" + ".ndjson", e.fileName());
    }
    assertEquals(Instant.parse("2025-12-24T16:00:00Z"), clock.instant());
  }
}
