package io.tributary.local.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.contract.ClientIdLedgerContract;
import io.tributary.idempotency.ClaimOutcome;
import io.tributary.idempotency.ClientIdLedger;
import io.tributary.idempotency.IdClaim;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileClientIdLedgerTest extends ClientIdLedgerContract {

  @TempDir
  Path dir;

  @Override
  protected ClientIdLedger open() throws Exception {
    return new FileClientIdLedger(dir.resolve("ids"), clock, WINDOW, 1_000_000);
  }

  @Test
  void aTornLastRecordIsCutAndTheClaimsBeforeItKept() throws Exception {
    try (ClientIdLedger l = open()) {
      l.claim(List.of(new IdClaim(ACME, "a", 1, 1, 1), new IdClaim(ACME, "b", 1, 2, 2)));
    }
    Path f;
    try (Stream<Path> s = Files.list(dir.resolve("ids"))) {
      f = s.filter(p -> p.toString().endsWith(".ids")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), ch.size());
    }
    try (ClientIdLedger l = open()) {
      assertEquals(List.of(ClaimOutcome.REPEAT, ClaimOutcome.REPEAT, ClaimOutcome.FIRST),
          l.claim(List.of(new IdClaim(ACME, "a", 9, 9, 1), new IdClaim(ACME, "b", 9, 9, 2),
              new IdClaim(ACME, "c", 9, 9, 3))));
    }
    assertEquals(3 * FileClientIdLedger.RECORD, Files.size(f));
  }

  @Test
  void pastItsBoundTheLedgerForgetsTheOldestHoursFirst() throws Exception {
    try (FileClientIdLedger l = new FileClientIdLedger(dir.resolve("ids"), clock, WINDOW, 3)) {
      l.claim(List.of(new IdClaim(ACME, "old-1", 1, 1, 1), new IdClaim(ACME, "old-2", 1, 2, 1)));
      clock.advance(java.time.Duration.ofHours(1));
      l.claim(List.of(new IdClaim(ACME, "new-1", 1, 3, 1), new IdClaim(ACME, "new-2", 1, 4, 1)));
      assertEquals(2, l.size());
      assertEquals(List.of(ClaimOutcome.FIRST, ClaimOutcome.REPEAT),
          l.claim(List.of(new IdClaim(ACME, "old-1", 2, 1, 1), new IdClaim(ACME, "new-1", 2, 3, 1))));
    }
  }

  @Test
  void filesOutsideTheWindowAreDeleted() throws Exception {
    try (ClientIdLedger l = open()) {
      l.claim(List.of(new IdClaim(ACME, "a", 1, 1, 1)));
      clock.advance(WINDOW.plusHours(2));
      l.claim(List.of(new IdClaim(ACME, "b", 1, 2, 1)));
    }
    try (Stream<Path> s = Files.list(dir.resolve("ids"))) {
      assertEquals(1, s.count());
    }
  }
}
