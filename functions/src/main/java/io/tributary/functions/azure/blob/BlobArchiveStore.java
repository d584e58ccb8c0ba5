package io.tributary.functions.azure.blob;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.TenantId;
import io.tributary.retention.ArchiveTier;
import io.tributary.retention.ArchiveTiering;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The {@link ArchiveStore} on Azure Blob Storage: one block blob per segment, named
 * {@link SegmentKey#name()} in one container, exactly the paths the local archive folder uses.
 *
 * <p>Segments are written once: the upload carries {@code If-None-Match: *}, so the service refuses
 * it (409/412) when the blob exists, and the first content stays; the upload also carries the
 * content's MD5, which the service checks. A blob is durable when the upload returns. Listing
 * walks the hour folders of a short range ({@value #MAX_HOURS_BY_PREFIX} hours or fewer) one prefix
 * at a time and the tenant's whole folder otherwise. The archival run moves each tenant's blobs
 * hot → cool → cold by their age and deletes them after the tenant's {@code coldDays}
 * ({@link io.tributary.retention.RetentionService}): one account-wide lifecycle rule cannot express
 * per-tenant retention. Thread-safe.
 */
public final class BlobArchiveStore implements ArchiveStore, ArchiveTiering, io.tributary.retention.HeldTenants {

  /** Longer hour ranges are listed from the tenant's folder and filtered. */
  static final int MAX_HOURS_BY_PREFIX = 48;
  static final String CONTENT_TYPE = "application/zstd";

  private final BlobContainerClient container;
  private final Duration timeout;

  /**
   * @param container the archive container (it must exist, or {@code createContainer} creates it)
   * @param timeout the longest one call to the service may take
   */
  public BlobArchiveStore(BlobContainerClient container, Duration timeout, boolean createContainer)
      throws IOException {
    this.container = container;
    this.timeout = timeout;
    if (createContainer) {
      BlobPutIfAbsent.createContainer(container, "archive");
    }
  }

  @Override
  public boolean append(SegmentKey key, byte[] content) throws IOException {
    return BlobPutIfAbsent.upload(container, key.name(), content, CONTENT_TYPE, null, timeout, "archive segment");
  }

  @Override
  public List<SegmentKey> list(TenantId tenant, long fromHour, long toHour) throws IOException {
    List<SegmentKey> out = new ArrayList<>();
    if (fromHour > toHour) {
      return out;
    }
    try {
      if (toHour - fromHour < MAX_HOURS_BY_PREFIX) {
        for (long h = fromHour; h <= toHour; h++) {
          collect(SegmentKey.hourPrefix(tenant, h) + "/", fromHour, toHour, out);
        }
      } else {
        collect(tenant.value() + "/", fromHour, toHour, out);
      }
    } catch (BlobStorageException e) {
      throw new IOException("cannot list archive segments of " + tenant + ": " + e.getStatusCode() + " "
          + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot list archive segments of " + tenant + ": " + e.getMessage(), e);
    }
    Collections.sort(out);
    return out;
  }

  /**
   * The tenants with segments: the container's top-level virtual folders (one listing by
   * hierarchy, a page per 5,000 tenants, not a walk of the segments), as tenant ids.
   */
  @Override
  public List<TenantId> heldTenants() throws IOException {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    try {
      for (BlobItem item : container.listBlobsByHierarchy("/", new ListBlobsOptions(), timeout)) {
        if (Boolean.TRUE.equals(item.isPrefix())) {
          String name = item.getName().endsWith("/") ? item.getName().substring(0, item.getName().length() - 1)
              : item.getName();
          names.add(name);
        }
      }
    } catch (BlobStorageException e) {
      throw new IOException("cannot list the archive's tenants: " + e.getStatusCode() + " " + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot list the archive's tenants: " + e.getMessage(), e);
    }
    List<TenantId> out = new ArrayList<>();
    for (String n : names) {
      try {
        out.add(TenantId.of(n));
      } catch (IllegalArgumentException e) {
        // Not a tenant's folder (nothing else is written here, but the container is the operator's too).
      }
    }
    return out;
  }

  private void collect(String prefix, long fromHour, long toHour, List<SegmentKey> out) {
    for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), timeout)) {
      SegmentKey k = SegmentKey.parse(item.getName());
      if (k != null && k.hour() >= fromHour && k.hour() <= toHour) {
        out.add(k);
      }
    }
  }

  @Override
  public java.util.Map<SegmentKey, ArchiveTier> tiers(TenantId tenant, long fromHour, long toHour) throws IOException {
    java.util.Map<SegmentKey, ArchiveTier> out = new java.util.TreeMap<>();
    if (fromHour > toHour) {
      return out;
    }
    try {
      for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(tenant.value() + "/"), timeout)) {
        SegmentKey k = SegmentKey.parse(item.getName());
        if (k != null && k.hour() >= fromHour && k.hour() <= toHour) {
          AccessTier t = item.getProperties() == null ? null : item.getProperties().getAccessTier();
          out.put(k, t == null || AccessTier.HOT.equals(t) ? ArchiveTier.HOT : AccessTier.COOL.equals(t)
              ? ArchiveTier.COOL : ArchiveTier.COLD);
        }
      }
    } catch (BlobStorageException e) {
      throw new IOException("cannot list the tiers of " + tenant + "'s archive segments: " + e.getStatusCode() + " "
          + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot list the tiers of " + tenant + "'s archive segments: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public boolean setTier(SegmentKey key, ArchiveTier tier) throws IOException {
    AccessTier to = switch (tier) {
      case HOT -> AccessTier.HOT;
      case COOL -> AccessTier.COOL;
      case COLD -> AccessTier.COLD;
    };
    try {
      container.getBlobClient(key.name()).setAccessTierWithResponse(to, null, null, timeout, Context.NONE);
      return true;
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return false;
      }
      throw new IOException("cannot move archive segment " + key.name() + " to the " + tier + " tier: "
          + e.getStatusCode() + " " + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot move archive segment " + key.name() + " to the " + tier + " tier: "
          + e.getMessage(), e);
    }
  }

  @Override
  public boolean delete(SegmentKey key) throws IOException {
    try {
      return container.getBlobClient(key.name()).deleteIfExistsWithResponse(null, null, timeout, Context.NONE)
          .getValue();
    } catch (BlobStorageException e) {
      throw new IOException("cannot delete archive segment " + key.name() + ": " + e.getStatusCode() + " "
          + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot delete archive segment " + key.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> get(SegmentKey key) throws IOException {
    try {
      return Optional.of(container.getBlobClient(key.name()).downloadContentWithResponse(null, null, timeout,
          Context.NONE).getValue().toBytes());
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return Optional.empty();
      }
      throw new IOException("cannot read archive segment " + key.name() + ": " + e.getStatusCode() + " "
          + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot read archive segment " + key.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    // The container client holds no resources of its own; its HTTP client is shared.
  }
}
