package io.tributary.functions.azure.blob;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.tributary.event.TenantId;
import io.tributary.export.ExportFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@link ExportFiles} in a Blob container (the deployed app's {@code exports} container, beside the
 * archive): block blobs {@code <tenant>/<job>/<name>}. A file is written as staged blocks of up to
 * {@link #BLOCK_BYTES} and becomes visible only when its block list is committed, after the last
 * byte, so a write that fails or is cut off leaves the earlier blob (or none) — the uncommitted
 * blocks are dropped by the service. The link to a file ({@link #url}) is a read-only SAS of that
 * one blob, valid from a few minutes ago until {@code linkTtl} from now:
 * <ul>
 *   <li>{@link Signing#USER_DELEGATION} (the deployed app, signed in with its identity): a <b>user
 *   delegation SAS</b>, signed with a user delegation key the service issues to the identity for
 *   the same span (the identity needs {@code generateUserDelegationKey}, part of Storage Blob Data
 *   Contributor); the account keys are not used (the archive account has shared keys off);
 *   <li>{@link Signing#ACCOUNT_KEY} (a connection string: Azurite, development): a service SAS
 *   signed with the account key, the same parameters.
 * </ul>
 * Thread-safe, as the Blob clients are.
 */
public final class BlobExportFiles implements ExportFiles {

  /** How a file's link is signed. */
  public enum Signing {
    USER_DELEGATION, ACCOUNT_KEY
  }

  /** A staged block's size: 4 MiB, so a 1 GB export is 250 blocks (a blob may have 50,000). */
  static final int BLOCK_BYTES = 4 << 20;
  /** How far back a link's validity starts, for clocks a little behind the service's. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final BlobServiceClient service;
  private final BlobContainerClient container;
  private final Signing signing;
  private final Duration linkTtl;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param service the client of the container's account (it issues user delegation keys)
   * @param container the export container (it must exist, or {@code createContainer} creates it)
   * @param linkTtl how long a link is valid
   * @param timeout the longest one call to the service may take
   */
  public BlobExportFiles(BlobServiceClient service, BlobContainerClient container, Signing signing, Duration linkTtl,
      Duration timeout, Clock clock, boolean createContainer) throws IOException {
    this.service = service;
    this.container = container;
    this.signing = signing;
    this.linkTtl = linkTtl;
    this.timeout = timeout;
    this.clock = clock;
    if (createContainer) {
      BlobPutIfAbsent.createContainer(container, "export files");
    }
  }

  /** The blob of a job's file. */
  static String blobName(TenantId tenant, String job, String name) {
    return tenant.value() + "/" + check(job) + "/" + check(name);
  }

  private static String check(String name) {
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException("not a file name: " + name);
    }
    return name;
  }

  private BlobClient blob(TenantId tenant, String job, String name) {
    return container.getBlobClient(blobName(tenant, job, name));
  }

  @Override
  public void write(TenantId tenant, String job, String name, Content content) throws IOException {
    writeWhole(blob(tenant, job, name).getBlockBlobClient(), content, contentType(name), timeout);
  }

  /**
   * Writes {@code content} to {@code blob} as staged blocks committed only after the last byte:
   * the blob is the earlier one or the whole new one, never half (what the export container and an
   * export's destination both need).
   */
  static void writeWhole(BlockBlobClient blob, Content content, String contentType, Duration timeout)
      throws IOException {
    List<String> blocks = new ArrayList<>();
    try (Staging out = new Staging(blob, blocks, timeout)) {
      content.writeTo(out);
      out.stageRest();
    }
    try {
      blob.commitBlockListWithResponse(blocks, new BlobHttpHeaders().setContentType(contentType), null, null,
          null, timeout, Context.NONE);
    } catch (BlobStorageException e) {
      throw new IOException("cannot commit export file " + blob.getBlobName() + ": " + e.getErrorCode(), e);
    }
  }

  static String contentType(String name) {
    return name.endsWith(".csv") ? "text/csv; charset=utf-8" : name.endsWith(".ndjson") ? "application/x-ndjson"
        : name.endsWith(".json") ? "application/json" : "application/octet-stream";
  }

  /** Stages what is written as blocks of {@link #BLOCK_BYTES}; commits nothing. */
  private static final class Staging extends OutputStream {
    private final BlockBlobClient blob;
    private final List<String> blocks;
    private final Duration timeout;
    private final byte[] buffer = new byte[BLOCK_BYTES];
    private int filled;

    Staging(BlockBlobClient blob, List<String> blocks, Duration timeout) {
      this.blob = blob;
      this.blocks = blocks;
      this.timeout = timeout;
    }

    @Override
    public void write(int b) throws IOException {
      if (filled == buffer.length) {
        stage();
      }
      buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (filled == buffer.length) {
          stage();
        }
        int n = Math.min(len, buffer.length - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
      }
    }

    /** Stages what is left (a file of no bytes commits an empty list: an empty blob). */
    void stageRest() throws IOException {
      if (filled > 0) {
        stage();
      }
    }

    private void stage() throws IOException {
      // Block ids of one blob have one length: the index, zero-padded.
      String id = Base64.getEncoder().encodeToString(String.format("%08d", blocks.size())
          .getBytes(StandardCharsets.US_ASCII));
      try {
        blob.stageBlockWithResponse(new com.azure.storage.blob.options.BlockBlobStageBlockOptions(id,
            com.azure.core.util.BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, filled))), timeout, Context.NONE);
      } catch (BlobStorageException e) {
        throw new IOException("cannot stage block " + blocks.size() + " of " + blob.getBlobName() + ": "
            + e.getErrorCode(), e);
      }
      blocks.add(id);
      filled = 0;
    }
  }

  @Override
  public InputStream read(TenantId tenant, String job, String name) throws IOException {
    BlobClient blob = blob(tenant, job, name);
    try {
      return blob.openInputStream();
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        throw new NoSuchFileException(blob.getBlobName());
      }
      throw new IOException("cannot read export file " + blob.getBlobName() + ": " + e.getErrorCode(), e);
    }
  }

  @Override
  public boolean delete(TenantId tenant, String job, String name) throws IOException {
    BlobClient blob = blob(tenant, job, name);
    try {
      return blob.deleteIfExistsWithResponse(null, null, timeout, Context.NONE).getValue();
    } catch (BlobStorageException e) {
      throw new IOException("cannot delete export file " + blob.getBlobName() + ": " + e.getErrorCode(), e);
    }
  }

  @Override
  public String url(TenantId tenant, String job, String name) throws IOException {
    BlobClient blob = blob(tenant, job, name);
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    BlobServiceSasSignatureValues values = signatureValues(now);
    try {
      String sas = switch (signing) {
        case USER_DELEGATION -> blob.generateUserDelegationSas(values, delegationKey(values));
        case ACCOUNT_KEY -> blob.generateSas(values);
      };
      return blob.getBlobUrl() + "?" + sas;
    } catch (BlobStorageException e) {
      throw new IOException("cannot sign a link to " + blob.getBlobName() + ": " + e.getErrorCode(), e);
    }
  }

  /**
   * Read only, from a little before now until {@code linkTtl}; HTTPS only when signed by delegation
   * (the deployed account; Azurite answers HTTP).
   */
  BlobServiceSasSignatureValues signatureValues(OffsetDateTime now) {
    BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(now.plus(linkTtl),
        new BlobSasPermission().setReadPermission(true)).setStartTime(now.minus(CLOCK_SKEW));
    return signing == Signing.USER_DELEGATION ? values.setProtocol(com.azure.storage.common.sas.SasProtocol.HTTPS_ONLY)
        : values;
  }

  /** A user delegation key for exactly the link's span. */
  private UserDelegationKey delegationKey(BlobServiceSasSignatureValues values) {
    return service.getUserDelegationKey(values.getStartTime(), values.getExpiryTime());
  }
}
