package io.tributary.functions.azure.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobProperties;
import io.tributary.contract.QuarantineContract;
import io.tributary.event.TenantId;
import io.tributary.functions.testing.Azurite;
import io.tributary.quarantine.Quarantine;
import io.tributary.quarantine.QuarantineKey;
import io.tributary.quarantine.QuarantineReasons;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Blob quarantine against Azurite: the contract every quarantine keeps, and the blob layout. */
class BlobQuarantineTest extends QuarantineContract {

  @RegisterExtension
  static final Azurite AZURITE = new Azurite();

  private BlobContainerClient container;

  @Override
  protected Quarantine quarantine() throws Exception {
    container = AZURITE.newContainer("quarantine");
    return new BlobQuarantine(container, Duration.ofSeconds(30), true);
  }

  @Test
  void framesAreBlobsByPartitionAndOffsetWithTheirEntryAsMetadata() throws Exception {
    Quarantine q = quarantine();
    q.put(frame(3, 1234, TenantId.of("acme"), QuarantineReasons.STORE_FAILED, "50% of \"it\" failed", new byte[] {1, 2}));
    String name = BlobQuarantine.name(new QuarantineKey(3, 1234));
    assertEquals("0003/00000000000000001234.tq", name);
    BlobProperties p = container.getBlobClient(name).getProperties();
    assertEquals(BlobQuarantine.CONTENT_TYPE, p.getContentType());
    assertEquals(16, p.getContentMd5().length);
    assertEquals("acme", p.getMetadata().get("tenant"));
    assertEquals(QuarantineReasons.STORE_FAILED, p.getMetadata().get("reason"));
    assertTrue(p.getMetadata().get("message").contains("%22"), "the message is percent-encoded ASCII");
  }
}
