package io.tributary.local.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.alert.delivery.DeliveryLog;
import io.tributary.alert.delivery.DeliveryOutcome;
import io.tributary.contract.DeliveryLogContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeliveryLogTest extends DeliveryLogContract {

  @TempDir
  Path dir;

  @Override
  protected DeliveryLog open(int keepPerRule) throws Exception {
    return new FileDeliveryLog(dir.resolve("deliveries"), keepPerRule, FileDeliveryLog.DEFAULT_COMPACT_BYTES);
  }

  @Test
  void aTornLastLineIsCutAndEverythingBeforeItKept() throws Exception {
    try (DeliveryLog log = open(100)) {
      log.record(attempt(ACME, "r1", "d1", 1, DeliveryOutcome.DELIVERED));
    }
    Path file = dir.resolve("deliveries/acme.jsonl");
    Files.write(file, "{\"tenant\":\"acme\",\"ruleId\":\"r1\",\"deli".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    try (DeliveryLog log = open(100)) {
      assertEquals(List.of("d1"), log.attempts(ACME, "r1", 10).stream().map(a -> a.deliveryId()).toList());
      log.record(attempt(ACME, "r1", "d2", 1, DeliveryOutcome.DELIVERED));
    }
    try (DeliveryLog log = open(100)) {
      assertEquals(List.of("d2", "d1"), log.attempts(ACME, "r1", 10).stream().map(a -> a.deliveryId()).toList());
    }
  }

  @Test
  void aFileThatOutgrowsItsBoundIsCompactedToTheNewestPerRule() throws Exception {
    Path file = dir.resolve("deliveries/acme.jsonl");
    try (DeliveryLog log = new FileDeliveryLog(dir.resolve("deliveries"), 3, 4_000)) {
      for (int i = 1; i <= 60; i++) {
        log.record(attempt(ACME, "r" + (i % 2), "d" + i, 1,
            i == 59 ? DeliveryOutcome.DEAD_LETTER : DeliveryOutcome.DELIVERED));
      }
      assertTrue(Files.size(file) < 8_000, "compacted, not " + Files.size(file) + " bytes");
      assertEquals(List.of("d60", "d58", "d56"),
          log.attempts(ACME, "r0", 10).stream().map(a -> a.deliveryId()).toList());
      assertEquals(List.of("d59"), log.deadLetters(ACME, 10).stream().map(a -> a.deliveryId()).toList());
    }
    try (DeliveryLog log = new FileDeliveryLog(dir.resolve("deliveries"), 3, 4_000)) {
      assertEquals(List.of("d59", "d57", "d55"),
          log.attempts(ACME, "r1", 10).stream().map(a -> a.deliveryId()).toList());
    }
  }
}
