package io.tributary.functions.azure.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobProperties;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.contract.ArchiveStoreContract;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.functions.testing.Azurite;
import io.tributary.testing.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Blob archive against Azurite: the contract every archive keeps, and the blob layout. */
class BlobArchiveStoreTest extends ArchiveStoreContract {

  @RegisterExtension
  static final Azurite AZURITE = new Azurite();

  private BlobContainerClient container;

  @Override
  protected ArchiveStore archive() throws Exception {
    container = AZURITE.newContainer("archive");
    return new BlobArchiveStore(container, Duration.ofSeconds(30), true);
  }

  @Test
  void segmentsAreBlobsNamedAsTheLocalArchiveNamesThemWithTheirChecksum() throws Exception {
    ArchiveStore a = archive();
    TenantId t = TenantId.of("acme");
    List<LogEvent> events = List.of(TestEvents.event(t, TestEvents.T0, "one"), TestEvents.event(t, TestEvents.T0, "two"));
    SegmentKey k = new SegmentKey(t, TestEvents.T0 / 3_600_000_000_000L, 7, 10, 12);
    assertTrue(a.append(k, ArchiveSegments.encode(events)));
    assertEquals("acme/2025/11/24/16/0007-00000000000000000010-00000000000000000012.tseg", k.name());
    BlobProperties p = container.getBlobClient(k.name()).getProperties();
    assertEquals(BlobArchiveStore.CONTENT_TYPE, p.getContentType());
    assertEquals(16, p.getContentMd5().length);
    assertEquals(events.stream().map(LogEvent::message).toList(),
        ArchiveSegments.decode(t, a.get(k).orElseThrow()).stream().map(LogEvent::message).toList());
  }

  @Test
  void listsLongRangesFromTheTenantFolderAndShortOnesByHour() throws Exception {
    ArchiveStore a = archive();
    TenantId t = TenantId.of("acme");
    long h0 = 490_000;
    List<SegmentKey> written = new ArrayList<>();
    for (int i = 0; i < 100; i += 7) {
      SegmentKey k = new SegmentKey(t, h0 + i, 0, i, i);
      a.append(k, new byte[] {(byte) i});
      written.add(k);
    }
    a.append(new SegmentKey(TenantId.of("acme2"), h0, 0, 1, 1), new byte[] {1});
    assertEquals(written, a.list(t, h0, h0 + 99), "a long range, filtered by hour");
    assertEquals(written.subList(1, 3), a.list(t, h0 + 7, h0 + 14), "a short range, hour by hour");
    assertEquals(List.of(), a.list(t, h0 + 1, h0 + 6));
  }

  @Test
  void concurrentWritersOfOneSegmentLeaveExactlyOneWinner() throws Exception {
    ArchiveStore a = archive();
    SegmentKey k = new SegmentKey(TenantId.of("acme"), 490_000, 1, 5, 9);
    int writers = 6;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        byte[] content = ("writer-" + w).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        results.add(pool.submit(() -> a.append(k, content)));
      }
      int winners = 0;
      String winner = null;
      for (int w = 0; w < writers; w++) {
        if (results.get(w).get()) {
          winners++;
          winner = "writer-" + w;
        }
      }
      assertEquals(1, winners);
      assertArrayEquals(winner.getBytes(java.nio.charset.StandardCharsets.UTF_8), a.get(k).orElseThrow());
    } finally {
      pool.shutdownNow();
    }
  }
}
