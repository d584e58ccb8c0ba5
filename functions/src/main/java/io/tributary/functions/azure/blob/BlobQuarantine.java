package io.tributary.functions.azure.blob;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.tributary.event.TenantId;
import io.tributary.frame.CorruptFrameException;
import io.tributary.quarantine.Quarantine;
import io.tributary.quarantine.QuarantineEntry;
import io.tributary.quarantine.QuarantineFormat;
import io.tributary.quarantine.QuarantineKey;
import io.tributary.quarantine.QuarantinedFrame;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link Quarantine} on Azure Blob Storage: one block blob per frame in its own container
 * (default {@code quarantine}, beside the archive's), named {@code PPPP/OOOOOOOOOOOOOOOOOOOO.tq}
 * (partition, offset) and holding the {@link QuarantineFormat} record, as the local folder does.
 *
 * <p>Frames are written once: the upload carries {@code If-None-Match: *}, so the service refuses a
 * second one (409/412) and the first stays, and the content's MD5, which the service checks. The
 * entry is also written as blob metadata (the message percent-encoded, as metadata is ASCII), so
 * listing reads no blob content. No lifecycle rule deletes these blobs: only a replay removes one.
 * Thread-safe.
 */
public final class BlobQuarantine implements Quarantine {

  private static final Logger LOG = Logger.getLogger(BlobQuarantine.class.getName());
  static final String CONTENT_TYPE = "application/vnd.tributary.quarantine";
  private static final String SUFFIX = ".tq";

  private final BlobContainerClient container;
  private final Duration timeout;

  /**
   * @param container the quarantine container (it must exist, or {@code createContainer} creates it)
   * @param timeout the longest one call to the service may take
   */
  public BlobQuarantine(BlobContainerClient container, Duration timeout, boolean createContainer) throws IOException {
    this.container = container;
    this.timeout = timeout;
    if (createContainer) {
      BlobPutIfAbsent.createContainer(container, "quarantine");
    }
  }

  static String name(QuarantineKey key) {
    return String.format("%04d/%020d%s", key.partition(), key.offset(), SUFFIX);
  }

  @Override
  public boolean put(QuarantinedFrame frame) throws IOException {
    return BlobPutIfAbsent.upload(container, name(frame.key()), QuarantineFormat.encode(frame), CONTENT_TYPE,
        metadata(frame.entry()), timeout, "quarantined frame");
  }

  @Override
  public List<QuarantineEntry> list() throws IOException {
    List<QuarantineEntry> out = new ArrayList<>();
    try {
      ListBlobsOptions options = new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveMetadata(true));
      for (BlobItem item : container.listBlobs(options, timeout)) {
        if (!item.getName().endsWith(SUFFIX)) {
          continue;
        }
        QuarantineEntry e = entry(item.getMetadata());
        if (e == null) {
          // Written without metadata (by hand, or an older writer): read the record itself.
          try {
            e = QuarantineFormat.decode(container.getBlobClient(item.getName()).downloadContent().toBytes()).entry();
          } catch (CorruptFrameException x) {
            LOG.log(Level.WARNING, "quarantine blob " + item.getName() + " does not read (" + x.getMessage()
                + "); left in place");
            continue;
          }
        }
        out.add(e);
      }
    } catch (BlobStorageException e) {
      throw new IOException("cannot list quarantined frames: " + e.getStatusCode() + " " + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot list quarantined frames: " + e.getMessage(), e);
    }
    out.sort((a, b) -> a.key().compareTo(b.key()));
    return out;
  }

  @Override
  public Optional<QuarantinedFrame> get(QuarantineKey key) throws IOException {
    String name = name(key);
    try {
      return Optional.of(QuarantineFormat.decode(container.getBlobClient(name)
          .downloadContentWithResponse(null, null, timeout, Context.NONE).getValue().toBytes()));
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return Optional.empty();
      }
      throw new IOException("cannot read quarantined frame " + name + ": " + e.getStatusCode() + " "
          + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot read quarantined frame " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean remove(QuarantineKey key) throws IOException {
    String name = name(key);
    try {
      return container.getBlobClient(name).deleteIfExistsWithResponse(null, null, timeout, Context.NONE).getValue();
    } catch (BlobStorageException e) {
      throw new IOException("cannot remove quarantined frame " + name + ": " + e.getStatusCode() + " "
          + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot remove quarantined frame " + name + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> metadata(QuarantineEntry e) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("partition", Integer.toString(e.key().partition()));
    m.put("offset", Long.toString(e.key().offset()));
    if (e.tenant() != null) {
      m.put("tenant", e.tenant().value());
    }
    m.put("reason", e.reason());
    m.put("message", URLEncoder.encode(e.message(), StandardCharsets.UTF_8));
    m.put("attempts", Integer.toString(e.attempts()));
    m.put("quarantinedat", e.quarantinedAt().toString());
    m.put("events", Integer.toString(e.events()));
    m.put("framebytes", Integer.toString(e.frameBytes()));
    return m;
  }

  /** The entry the metadata holds, or null when it lacks any of it. */
  private static QuarantineEntry entry(Map<String, String> m) {
    if (m == null || !m.containsKey("partition") || !m.containsKey("reason") || !m.containsKey("framebytes")) {
      return null;
    }
    try {
      String tenant = m.get("tenant");
      return new QuarantineEntry(new QuarantineKey(Integer.parseInt(m.get("partition")), Long.parseLong(m.get("offset"))),
          tenant != null && TenantId.isValid(tenant) ? TenantId.of(tenant) : null,
          m.get("reason"),
          URLDecoder.decode(m.getOrDefault("message", ""), StandardCharsets.UTF_8),
          Integer.parseInt(m.get("attempts")),
          Instant.parse(m.get("quarantinedat")),
          Integer.parseInt(m.get("events")),
          Integer.parseInt(m.get("framebytes")));
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    // The container client holds no resources of its own; its HTTP client is shared.
  }
}
