package io.tributary.functions.azure.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.tributary.archive.SegmentKey;
import io.tributary.event.TenantId;
import io.tributary.retention.ArchiveTier;
import io.tributary.retention.RetentionReport;
import io.tributary.retention.RetentionService;
import io.tributary.tenancy.Retention;
import io.tributary.testing.ListLogStore;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Per-tenant access tiers of the Blob archive, with Mockito at the SDK boundary: the archival run
 * moves each segment to the tier of its age only when it is in another, and deletes those past the
 * tenant's cold days; the hot store (Cosmos DB, by TTL) is not touched.
 */
class BlobArchiveTieringTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final BlobContainerClient container = mock(BlobContainerClient.class);
  private final Map<String, BlobClient> blobs = new HashMap<>();
  private final List<BlobItem> items = new ArrayList<>();

  /** A segment of the ingest day {@code age} days before today, in {@code tier} (null: the account's default, inferred). */
  private SegmentKey segment(int age, AccessTier tier) {
    SegmentKey k = new SegmentKey(ACME, TODAY.minusDays(age).toEpochDay() * 24 + 5, 0, age, age);
    items.add(new BlobItem().setName(k.name()).setProperties(new BlobItemProperties().setAccessTier(tier)));
    return k;
  }

  @SuppressWarnings("unchecked")
  private BlobArchiveStore store() throws Exception {
    when(container.listBlobs(any(ListBlobsOptions.class), any(Duration.class))).thenAnswer(inv -> {
      String prefix = inv.getArgument(0, ListBlobsOptions.class).getPrefix();
      PagedIterable<BlobItem> page = mock(PagedIterable.class);
      when(page.iterator()).thenReturn(items.stream().filter(i -> i.getName().startsWith(prefix)).toList().iterator());
      return page;
    });
    when(container.getBlobClient(anyString())).thenAnswer(inv -> blobs.computeIfAbsent(inv.getArgument(0), n -> {
      BlobClient b = mock(BlobClient.class);
      Response<Boolean> deleted = mock(Response.class);
      when(deleted.getValue()).thenReturn(true);
      when(b.deleteIfExistsWithResponse(any(), any(), any(), any())).thenReturn(deleted);
      return b;
    }));
    return new BlobArchiveStore(container, TIMEOUT, false);
  }

  @Test
  void readsEachSegmentsTierAnInferredOneBeingHot() throws Exception {
    SegmentKey hot = segment(1, null);
    SegmentKey cool = segment(10, AccessTier.COOL);
    SegmentKey cold = segment(50, AccessTier.COLD);
    Map<SegmentKey, ArchiveTier> tiers = store().tiers(ACME, 0, Long.MAX_VALUE / 4);
    assertEquals(Map.of(hot, ArchiveTier.HOT, cool, ArchiveTier.COOL, cold, ArchiveTier.COLD), tiers);
  }

  @Test
  void theArchivalRunMovesSegmentsToTheTierOfTheirAgeAndDeletesThosePastColdDays() throws Exception {
    SegmentKey today = segment(0, AccessTier.HOT);
    SegmentKey sixDays = segment(6, null);
    SegmentKey eightDays = segment(8, AccessTier.HOT);
    SegmentKey tenDays = segment(10, AccessTier.COOL);
    SegmentKey fortyDays = segment(40, AccessTier.COOL);
    SegmentKey eightyNine = segment(89, AccessTier.COLD);
    SegmentKey ninetyOne = segment(91, AccessTier.COLD);
    BlobArchiveStore archive = store();

    RetentionReport r = new RetentionService(new ListLogStore(), archive).apply(ACME, new Retention(7, 90), TODAY);

    verify(blobs.get(eightDays.name())).setAccessTierWithResponse(eq(AccessTier.COOL), isNull(), isNull(), eq(TIMEOUT),
        eq(Context.NONE));
    verify(blobs.get(fortyDays.name())).setAccessTierWithResponse(eq(AccessTier.COLD), isNull(), isNull(),
        eq(TIMEOUT), eq(Context.NONE));
    for (SegmentKey unchanged : List.of(today, sixDays, tenDays, eightyNine)) {
      BlobClient b = blobs.get(unchanged.name());
      if (b != null) {
        verify(b, never()).setAccessTierWithResponse(any(AccessTier.class), any(), any(), any(), any());
      }
    }
    verify(blobs.get(ninetyOne.name())).deleteIfExistsWithResponse(any(), any(), eq(TIMEOUT), eq(Context.NONE));
    assertEquals(2, r.segmentsRetiered());
    assertEquals(1, r.segmentsDeleted());
    assertEquals(List.of(), r.daysDropped(), "the hot store is Cosmos DB's TTL's");
  }

  @Test
  void aSegmentGoneBeforeItsTierIsSetIsNotCounted() throws Exception {
    SegmentKey k = segment(20, AccessTier.HOT);
    BlobArchiveStore archive = store();
    BlobStorageException gone = mock(BlobStorageException.class);
    when(gone.getStatusCode()).thenReturn(404);
    BlobClient b = container.getBlobClient(k.name());
    when(b.setAccessTierWithResponse(any(AccessTier.class), any(), any(), any(), any())).thenThrow(gone);
    assertFalse(archive.setTier(k, ArchiveTier.COOL));
    ArgumentCaptor<AccessTier> tier = ArgumentCaptor.forClass(AccessTier.class);
    verify(b).setAccessTierWithResponse(tier.capture(), any(), any(), any(), any());
    assertEquals(AccessTier.COOL, tier.getValue());
  }
}
