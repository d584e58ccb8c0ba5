package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.RetryContext;
import io.tributary.auth.TokenVerifier;
import io.tributary.config.Settings;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.ProcessFunction;
import io.tributary.ingest.IngestGate;
import io.tributary.local.archive.DirectoryArchiveStore;
import io.tributary.local.blocks.BlockStore;
import io.tributary.local.quarantine.DirectoryQuarantine;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.local.testing.TestFrames;
import io.tributary.process.Enricher;
import io.tributary.quarantine.QuarantineEntry;
import io.tributary.quarantine.QuarantineKey;
import io.tributary.quarantine.QuarantineReasons;
import io.tributary.query.LogQuery;
import io.tributary.store.LogStore;
import io.tributary.local.host.EventHubTriggerHost;
import io.tributary.local.host.FunctionCatalog;
import io.tributary.local.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Process function in Azure: the host retries a failing batch (maxRetryCount -1, so it never
 * checkpoints past one that threw) and tells each attempt its retry count; from the processing
 * attempts setting on, or on the last attempt of a finite policy, the function quarantines the
 * frames that still fail (to the quarantine, Blob in Azure) and returns, so the host's checkpoint
 * after it loses nothing. The host boundary (ExecutionContext, RetryContext) is mocked.
 */
class ProcessFunctionQuarantineTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final String PARTITION = "{\"PartitionId\":\"3\"}";

  @TempDir
  Path dir;
  private BlockStore blocks;
  private DirectoryQuarantine quarantine;
  private Journal journal;
  private FunctionApp app;
  private ProcessFunction process;

  @BeforeEach
  void open() throws Exception {
    Map<String, String> env = RuntimeFixture.settings(dir);
    env.put(Settings.PROCESS_ATTEMPTS.name(), "2");
    Settings s = Settings.from(env);
    blocks = new BlockStore(dir.resolve("store"), false);
    LogStore refusesPoison = new LogStore() {
      @Override
      public void upsert(List<LogEvent> events) throws IOException {
        for (LogEvent e : events) {
          if (e.message().startsWith("poison")) {
            throw new IOException("Cosmos refused the item (simulated)");
          }
        }
        blocks.upsert(events);
      }

      @Override
      public List<LogEvent> query(TenantId tenant, LogQuery query) throws IOException {
        return blocks.query(tenant, query);
      }

      @Override
      public void close() throws IOException {
        blocks.close();
      }
    };
    quarantine = new DirectoryQuarantine(dir.resolve("quarantine"));
    io.tributary.local.idempotency.FileClientIdLedger ids = new io.tributary.local.idempotency.FileClientIdLedger(
        dir.resolve("ids"), java.time.Clock.systemUTC(), java.time.Duration.ofHours(24), 1_000_000);
    DirectoryArchiveStore archive = new DirectoryArchiveStore(dir.resolve("archive"));
    journal = new Journal(dir.resolve("journal"), 4, 1 << 20);
    app = FunctionApp.assemble(s, TokenVerifier.hs256(new byte[32], "i", "a", "tenant"), journal,
        refusesPoison, archive, ids, quarantine, new byte[32], IngestGate.OPEN, new Enricher(),
        new io.tributary.testing.InMemoryConfigStore(), new io.tributary.limits.InProcessRateLimiter(), new ArrayList<>(List.of(journal, refusesPoison, archive, ids, quarantine)));
    process = new ProcessFunction(app);
  }

  @AfterEach
  void close() throws Exception {
    app.close();
  }

  private static ExecutionContext attempt(int retryCount, int maxRetryCount) {
    ExecutionContext context = mock(ExecutionContext.class);
    when(context.getLogger()).thenReturn(Logger.getLogger("test"));
    when(context.getInvocationId()).thenReturn("inv-" + retryCount);
    if (retryCount >= 0) {
      RetryContext retry = mock(RetryContext.class);
      when(retry.getRetrycount()).thenReturn(retryCount);
      when(retry.getMaxretrycount()).thenReturn(maxRetryCount);
      when(context.getRetryContext()).thenReturn(retry);
    }
    return context;
  }

  private List<byte[]> batch;

  /**
   * The same three frames at every delivery, as the host redelivers the bytes it read (a frame
   * built again would be another delivery, whose client ids the first one already holds).
   */
  private List<byte[]> frames() {
    if (batch == null) {
      batch = List.of(TestFrames.withIds(ACME, "fine ", "f1"), TestFrames.withIds(ACME, "poison ", "p1"),
          TestFrames.withIds(ACME, "fine ", "f2"));
    }
    return batch;
  }

  private static final String PROPS = "[{\"SequenceNumber\":40},{\"SequenceNumber\":41},{\"SequenceNumber\":42}]";

  private List<String> storedIds() throws IOException {
    return blocks.query(ACME, LogQuery.all(100)).stream().map(LogEvent::id).sorted().toList();
  }

  @Test
  void beforeTheAttemptsSettingAFailingBatchThrowsSoTheHostRetriesIt() throws Exception {
    assertThrows(IOException.class, () -> process.run(frames(), PROPS, PARTITION, attempt(0, -1)));
    assertThrows(IOException.class, () -> process.run(frames(), PROPS, PARTITION, attempt(1, -1)));
    assertTrue(quarantine.list().isEmpty());
  }

  @Test
  void afterTwoFailedAttemptsThePoisonIsQuarantinedAndTheCallReturns() throws Exception {
    assertDoesNotThrow(() -> process.run(frames(), PROPS, PARTITION, attempt(2, -1)));
    assertEquals(List.of("f1", "f2"), storedIds());
    List<QuarantineEntry> held = quarantine.list();
    assertEquals(List.of(new QuarantineKey(3, 41)), held.stream().map(QuarantineEntry::key).toList());
    assertEquals(QuarantineReasons.STORE_FAILED, held.get(0).reason());
    assertEquals(3, held.get(0).attempts());
    assertEquals(ACME, held.get(0).tenant());
  }

  @Test
  void onTheLastAttemptOfAFinitePolicyItQuarantinesWhateverTheSetting() throws Exception {
    assertThrows(IOException.class, () -> process.run(frames(), PROPS, PARTITION, attempt(0, 1)));
    assertDoesNotThrow(() -> process.run(frames(), PROPS, PARTITION, attempt(1, 1)),
        "after this attempt the host checkpoints: it must not throw");
    assertEquals(List.of("f1", "f2"), storedIds());
    assertEquals(1, quarantine.list().size());
    assertEquals(3, quarantine.list().get(0).attempts());
  }

  @Test
  void withoutARetryPolicyAFailingBatchThrows() {
    assertThrows(IOException.class, () -> process.run(frames(), PROPS, PARTITION, attempt(-1, -1)));
  }

  @Test
  void aFrameThatDoesNotDecodeIsQuarantinedOnTheFirstAttempt() throws Exception {
    List<byte[]> frames = List.of(TestFrames.withIds(ACME, "fine ", "f1"), TestFrames.garbage());
    process.run(frames, "[{\"SequenceNumber\":7},{\"SequenceNumber\":8}]", PARTITION, attempt(0, -1));
    assertEquals(List.of("f1"), storedIds());
    assertEquals(QuarantineReasons.CORRUPT_FRAME, quarantine.list().get(0).reason());
    assertEquals(new QuarantineKey(3, 8), quarantine.list().get(0).key());
    assertEquals(1, app.processor().quarantinedFrames());
  }

  @Test
  void drivenByTheLocalHostAPoisonBatchHoldsItsPartitionOnlyUntilItIsQuarantined() throws Exception {
    journal.publish(ACME, List.of(TestFrames.withIds(ACME, "fine ", "f1"))).get();
    journal.publish(ACME, List.of(TestFrames.withIds(ACME, "poison ", "p1"))).get();
    journal.publish(ACME, List.of(TestFrames.withIds(ACME, "fine ", "f2"))).get();
    int partition = journal.partitionFor(ACME);
    EventHubTriggerHost host = new EventHubTriggerHost(journal, FunctionCatalog.scan(FunctionApp.class).stream()
        .filter(f -> f.name().equals("Process")).toList(), c -> process,
        v -> LocalRuntime.resolve(v, Map.of(Settings.PROCESS_GROUP.name(), "process")), 1 << 20);
    long t0 = System.nanoTime();
    host.start();
    try {
      while (journal.committedOffset("process", partition) < journal.endOffset(partition)) {
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "the partition stalled");
        Thread.sleep(20);
      }
    } finally {
      host.close();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(List.of("f1", "f2"), storedIds());
    assertEquals(1, quarantine.list().size());
    assertEquals(QuarantineReasons.STORE_FAILED, quarantine.list().get(0).reason());
    assertTrue(seconds < 10, "held about the backoff of two attempts (1 s + 2 s), not more: " + seconds + " s");
  }
}
