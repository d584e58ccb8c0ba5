package io.tributary.functions.azure.blob;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.AppendBlobItem;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.AppendBlobCreateOptions;
import com.azure.storage.blob.specialized.AppendBlobClient;
import io.tributary.alert.delivery.DeliveryAttempt;
import io.tributary.alert.delivery.DeliveryAttemptJson;
import io.tributary.alert.delivery.DeliveryLog;
import io.tributary.alert.delivery.DeliveryOutcome;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link DeliveryLog} on Azure Blob Storage: append blobs of JSON lines (one
 * {@link DeliveryAttemptJson} object a line, one append block a record, durable when the append
 * returns). Each rule's attempts go to {@code attempts/<tenant>/<rule>/<seq>.jsonl}, each tenant's
 * dead letters also to {@code dead/<tenant>/<seq>.jsonl}. When a blob holds {@code keepPerRule}
 * records the stream rolls to the next {@code seq} and the one before the full blob is deleted, so
 * the newest {@code keepPerRule} (and at most twice that) are kept. Instances of the function app
 * may append to one blob at once (append blocks are atomic); one with a stale idea of the current
 * blob only makes that blob a little longer. Thread-safe.
 */
public final class BlobDeliveryLog implements DeliveryLog {

  /** An append blob takes at most 50,000 blocks. */
  static final int MAX_KEEP = 49_000;
  static final String CONTENT_TYPE = "application/x-ndjson";

  private final BlobContainerClient container;
  private final int keepPerRule;
  private final Duration timeout;
  /** The current blob of each stream (prefix → seq) as this instance last knew it. */
  private final Map<String, Long> current = new ConcurrentHashMap<>();

  public BlobDeliveryLog(BlobContainerClient container, int keepPerRule, Duration timeout, boolean createContainer)
      throws IOException {
    if (keepPerRule < 1 || keepPerRule > MAX_KEEP) {
      throw new IllegalArgumentException("keepPerRule must be 1 to " + MAX_KEEP);
    }
    this.container = container;
    this.keepPerRule = keepPerRule;
    this.timeout = timeout;
    if (createContainer) {
      BlobPutIfAbsent.createContainer(container, "delivery log");
    }
  }

  static String attemptsPrefix(TenantId tenant, String ruleId) {
    return "attempts/" + tenant.value() + "/" + URLEncoder.encode(ruleId, StandardCharsets.UTF_8) + "/";
  }

  static String deadPrefix(TenantId tenant) {
    return "dead/" + tenant.value() + "/";
  }

  static String blobName(String prefix, long seq) {
    return prefix + String.format("%012d", seq) + ".jsonl";
  }

  @Override
  public void record(DeliveryAttempt a) throws IOException {
    byte[] json = DeliveryAttemptJson.bytes(a);
    byte[] line = new byte[json.length + 1];
    System.arraycopy(json, 0, line, 0, json.length);
    line[json.length] = '\n';
    append(attemptsPrefix(a.tenant(), a.ruleId()), line);
    if (a.outcome() == DeliveryOutcome.DEAD_LETTER) {
      append(deadPrefix(a.tenant()), line);
    }
  }

  private void append(String prefix, byte[] line) throws IOException {
    try {
      long seq = current.computeIfAbsent(prefix, p -> newestSeq(p).orElse(0L));
      AppendBlobClient blob = container.getBlobClient(blobName(prefix, seq)).getAppendBlobClient();
      AppendBlobItem item;
      try {
        item = appendBlock(blob, line);
      } catch (BlobStorageException e) {
        if (e.getStatusCode() != 404) {
          throw e;
        }
        blob.createIfNotExistsWithResponse(new AppendBlobCreateOptions()
            .setHeaders(new BlobHttpHeaders().setContentType(CONTENT_TYPE)), timeout, Context.NONE);
        item = appendBlock(blob, line);
      }
      Integer blocks = item.getBlobCommittedBlockCount();
      if (blocks != null && blocks >= keepPerRule && current.replace(prefix, seq, seq + 1) && seq > 0) {
        container.getBlobClient(blobName(prefix, seq - 1)).deleteIfExistsWithResponse(null, null, timeout,
            Context.NONE);
      }
    } catch (BlobStorageException e) {
      throw new IOException("cannot record a delivery attempt in " + prefix + ": " + e.getStatusCode() + " "
          + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot record a delivery attempt in " + prefix + ": " + e.getMessage(), e);
    }
  }

  private AppendBlobItem appendBlock(AppendBlobClient blob, byte[] line) {
    return blob.appendBlockWithResponse(new ByteArrayInputStream(line), line.length, null, null, timeout,
        Context.NONE).getValue();
  }

  private java.util.Optional<Long> newestSeq(String prefix) {
    return blobs(prefix).stream().findFirst().map(BlobDeliveryLog::seqOf);
  }

  /** The stream's blob names, newest first. */
  private List<String> blobs(String prefix) {
    List<String> names = new ArrayList<>();
    for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), timeout)) {
      if (item.getName().endsWith(".jsonl")) {
        names.add(item.getName());
      }
    }
    names.sort(Comparator.reverseOrder());
    return names;
  }

  private static long seqOf(String name) {
    String file = name.substring(name.lastIndexOf('/') + 1);
    return Long.parseLong(file.substring(0, file.length() - ".jsonl".length()));
  }

  @Override
  public List<DeliveryAttempt> attempts(TenantId tenant, String ruleId, int limit) throws IOException {
    return newest(attemptsPrefix(tenant, ruleId), limit);
  }

  @Override
  public List<DeliveryAttempt> deadLetters(TenantId tenant, int limit) throws IOException {
    return newest(deadPrefix(tenant), limit);
  }

  /** The stream's last records, newest first, at most {@code limit} and {@code keepPerRule}. */
  private List<DeliveryAttempt> newest(String prefix, int limit) throws IOException {
    int want = Math.min(limit, keepPerRule);
    List<DeliveryAttempt> out = new ArrayList<>();
    try {
      for (String name : blobs(prefix)) {
        byte[] content;
        try {
          content = container.getBlobClient(name).downloadContentWithResponse(null, null, timeout, Context.NONE)
              .getValue().toBytes();
        } catch (BlobStorageException e) {
          if (e.getStatusCode() == 404 || BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
            continue; // rolled away since the listing
          }
          throw e;
        }
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
        for (int i = lines.length - 1; i >= 0 && out.size() < want; i--) {
          if (!lines[i].isBlank()) {
            out.add(DeliveryAttemptJson.read(Json.mapper().readTree(lines[i])));
          }
        }
        if (out.size() >= want) {
          break;
        }
      }
    } catch (BlobStorageException e) {
      throw new IOException("cannot read delivery attempts of " + prefix + ": " + e.getStatusCode() + " "
          + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot read delivery attempts of " + prefix + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void close() {
    // The container client holds no resources of its own; its HTTP client is shared.
  }
}
