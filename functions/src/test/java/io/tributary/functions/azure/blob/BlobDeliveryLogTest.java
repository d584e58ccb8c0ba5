package io.tributary.functions.azure.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.tributary.alert.delivery.DeliveryLog;
import io.tributary.alert.delivery.DeliveryOutcome;
import io.tributary.contract.DeliveryLogContract;
import io.tributary.functions.testing.Azurite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Blob delivery log against Azurite: the contract every delivery log keeps, and its bounded layout. */
class BlobDeliveryLogTest extends DeliveryLogContract {

  @RegisterExtension
  static final Azurite AZURITE = new Azurite();

  private BlobContainerClient container;

  @Override
  protected DeliveryLog open(int keepPerRule) throws Exception {
    if (container == null) {
      container = AZURITE.newContainer("deliveries");
    }
    return new BlobDeliveryLog(container, keepPerRule, Duration.ofSeconds(30), true);
  }

  @Test
  void aRuleStreamRollsAndKeepsAtMostTwoBlobs() throws Exception {
    try (DeliveryLog log = open(4)) {
      for (int i = 1; i <= 13; i++) {
        log.record(attempt(ACME, "r/1", "d" + i, 1, i == 13 ? DeliveryOutcome.DEAD_LETTER : DeliveryOutcome.DELIVERED));
      }
      List<String> names = new ArrayList<>();
      for (BlobItem b : container.listBlobs(new ListBlobsOptions().setPrefix("attempts/acme/"), null)) {
        names.add(b.getName());
      }
      assertEquals(List.of("attempts/acme/r%2F1/000000000002.jsonl", "attempts/acme/r%2F1/000000000003.jsonl"), names);
      assertEquals(List.of("d13", "d12", "d11", "d10"),
          log.attempts(ACME, "r/1", 10).stream().map(a -> a.deliveryId()).toList());
      assertTrue(container.getBlobClient("dead/acme/000000000000.jsonl").exists());
    }
  }
}
