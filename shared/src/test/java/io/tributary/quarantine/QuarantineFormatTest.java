package io.tributary.quarantine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.event.TenantId;
import io.tributary.frame.CorruptFrameException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The quarantine record format, version 1, pinned by a committed fixture. */
class QuarantineFormatTest {

  private static final String FIXTURE = "quarantine-v1.tq";

  private static QuarantinedFrame sample() {
    byte[] frame = {'T', 'F', 2, 1, 0, 5, 'a', 'c', 'm', 'e', (byte) 0x80, 0, 0x7f};
    return new QuarantinedFrame(new QuarantineEntry(new QuarantineKey(3, 1234), TenantId.of("acme"),
        QuarantineReasons.UNREADABLE_EVENTS, "2 accepted items of the frame do not read back; \"é\"\n", 1,
        Instant.parse("2026-11-29T08:15:30.123Z"), 2, frame.length), frame);
  }

  private static byte[] fixture() throws Exception {
    try (InputStream in = QuarantineFormatTest.class.getResourceAsStream(FIXTURE)) {
      if (in == null) {
        // First run on a new version: write the fixture to commit (-Dgolden.write=shared/src/test/resources/...).
        String to = System.getProperty("golden.write");
        if (to != null) {
          Files.write(Path.of(to), QuarantineFormat.encode(sample()));
        }
        throw new AssertionError("missing fixture " + FIXTURE);
      }
      return in.readAllBytes();
    }
  }

  @Test
  void version1RecordsReadAsWritten() throws Exception {
    QuarantinedFrame f = QuarantineFormat.decode(fixture());
    assertEquals(sample().entry(), f.entry());
    assertArrayEquals(sample().frame(), f.frame());
  }

  @Test
  void writingVersion1GivesTheCommittedBytes() throws Exception {
    assertArrayEquals(fixture(), QuarantineFormat.encode(sample()));
  }

  @Test
  void anEntryReadsFromTheStartOfARecord() throws Exception {
    byte[] record = fixture();
    byte[] prefix = Arrays.copyOf(record, record.length - sample().frame().length);
    assertEquals(sample().entry(), QuarantineFormat.decodeEntry(prefix, prefix.length));
  }

  @Test
  void aDamagedRecordIsReportedNotMisread() throws Exception {
    byte[] record = fixture();
    assertThrows(CorruptFrameException.class, () -> QuarantineFormat.decode(Arrays.copyOf(record, record.length - 1)));
    byte[] bad = record.clone();
    bad[0] = 'X';
    assertThrows(CorruptFrameException.class, () -> QuarantineFormat.decode(bad));
  }
}
