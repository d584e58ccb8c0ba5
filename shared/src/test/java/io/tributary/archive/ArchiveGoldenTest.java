package io.tributary.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.luben.zstd.Zstd;
import io.tributary.event.LogEvent;
import io.tributary.testing.GoldenEvents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Every archive segment version ever written reads back, from committed bytes
 * ({@code src/test/resources/golden/}), to the events it was written from
 * ({@link GoldenEvents#forArchive()}); the versions still written also encode to the same content.
 * The content is compared decompressed: zstd may compress the same bytes differently from one
 * library version to the next, and the format is the content.
 *
 * <p>The fixtures: {@code archive-v1-first-writer.tseg} was written by the first archive code
 * (commit 5dacfc6), {@code archive-v2-attribute-dictionary.tseg} by commit 11dbc6b and
 * {@code archive-v2.tseg} by commit 63ac12d, each built from that commit; {@code archive-v1.tseg}
 * (the rows processing writes) and {@code archive-v3.tseg} (the columns compaction writes) by the
 * current code, through {@link #write}.
 */
class ArchiveGoldenTest {

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = ArchiveGoldenTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IOException("no fixture " + name);
      }
      return in.readAllBytes();
    }
  }

  private static List<LogEvent> read(String name) throws IOException {
    return ArchiveSegments.decode(GoldenEvents.TENANT, fixture(name));
  }

  /** A segment's version byte and its zstd frame's content. */
  static byte[] content(byte[] segment) {
    long size = Zstd.getFrameContentSize(segment, 3, segment.length - 3);
    byte[] raw = new byte[(int) size];
    Zstd.decompressByteArray(raw, 0, raw.length, segment, 3, segment.length - 3);
    byte[] out = new byte[raw.length + 3];
    System.arraycopy(segment, 0, out, 0, 3);
    System.arraycopy(raw, 0, out, 3, raw.length);
    return out;
  }

  @Test
  void versionOneAsTheFirstArchiveCodeWroteItIsRead() throws Exception {
    assertEquals(GoldenEvents.forArchive(), read("archive-v1-first-writer.tseg"));
  }

  @Test
  void versionOneAsProcessingWritesItIsReadAndWrittenTheSame() throws Exception {
    byte[] golden = fixture("archive-v1.tseg");
    assertEquals(1, golden[2]);
    assertEquals(GoldenEvents.forArchive(), ArchiveSegments.decode(GoldenEvents.TENANT, golden));
    assertArrayEquals(content(golden), content(ArchiveSegments.encodeRows(GoldenEvents.forArchive())));
  }

  @Test
  void versionTwoWithRawAttributeStringsIsReadAgain() throws Exception {
    byte[] golden = fixture("archive-v2.tseg");
    assertEquals(2, golden[2]);
    assertEquals(GoldenEvents.forArchive(), ArchiveSegments.decode(GoldenEvents.TENANT, golden));
    assertArrayEquals(content(golden), content(SegmentV2Writer.encode(GoldenEvents.forArchive(), false)),
        "the restored version 2 writer of the tests writes what commit 63ac12d wrote");
  }

  @Test
  void versionTwoWithAnAttributeStringDictionaryIsReadAgain() throws Exception {
    byte[] golden = fixture("archive-v2-attribute-dictionary.tseg");
    assertEquals(2, golden[2]);
    assertEquals(GoldenEvents.forArchive(), ArchiveSegments.decode(GoldenEvents.TENANT, golden));
    assertArrayEquals(content(golden), content(SegmentV2Writer.encode(GoldenEvents.forArchive(), true)),
        "the restored version 2 writer of the tests writes what commit 11dbc6b wrote");
  }

  @Test
  void versionThreeIsReadAndWrittenTheSame() throws Exception {
    byte[] golden = fixture("archive-v3.tseg");
    assertEquals(3, golden[2]);
    assertEquals(GoldenEvents.forArchive(), ArchiveSegments.decode(GoldenEvents.TENANT, golden));
    assertArrayEquals(content(golden), content(ArchiveSegments.encode(GoldenEvents.forArchive())));
  }

  @Test
  void aSegmentOfAnUnknownVersionIsRefusedNotMisread() throws Exception {
    byte[] golden = fixture("archive-v3.tseg");
    byte[] future = Arrays.copyOf(golden, golden.length);
    future[2] = 9;
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> ArchiveSegments.decode(GoldenEvents.TENANT, future));
    assertEquals("unknown archive segment version 9", e.getMessage());
  }

  /**
   * Writes the fixtures of the versions the code writes. Disabled: the committed files are the
   * fixtures, and writing them again would hide a change of format. Re-run only when adding a
   * version, from the top of the checkout: {@code mvn -o -pl shared test -Dtest=ArchiveGoldenTest
   * -Dgolden.write=true}; the version 2 ones with {@link SegmentV2Writer} if ever lost.
   */
  @Test
  @EnabledIfSystemProperty(named = "golden.write", matches = "true")
  void write() throws Exception {
    Path dir = Path.of("src/test/resources/golden");
    Files.createDirectories(dir);
    Files.write(dir.resolve("archive-v1.tseg"), ArchiveSegments.encodeRows(GoldenEvents.forArchive()));
    Files.write(dir.resolve("archive-v3.tseg"), ArchiveSegments.encode(GoldenEvents.forArchive()));
  }
}
