package io.tributary.local.blocks;

import io.tributary.event.LogEvent;
import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.EncodedRows;
import io.tributary.testing.GoldenEvents;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the golden block files under {@code local/src/test/resources/golden/} from
 * {@link GoldenEvents#enriched()}. Disabled: the committed files are the fixtures, and writing them
 * again would hide a change of format. Re-run only for a new version, from the top of the checkout:
 * {@code mvn -o -pl shared,local -am test -Dtest=BlockGoldenFixtures -Dgolden.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>It writes the current version (the writer of the checkout): {@code block-v5.blk}. {@code block-v4.blk} was
 * written at commit 49b2139 (writer version 4). {@code block-v3.blk} was
 * written at commit 00665b6 (writer version 3). {@code block-v1.blk} and
 * {@code block-v2.blk} were written at commit 8cde463 (writer version 2), version 1 as the version 2
 * block without its chunk-filter section, which is the layout the version 1 writer had.
 */
class BlockGoldenFixtures {

  static final Path DIR = Path.of("src/test/resources/golden");

  /**
   * The block of the golden events as the current writer lays it out, chunks closing at 2,000
   * bytes (so that the fixture has several, of different row counts), cut into frames of 3 rows
   * (too few bytes to train a dictionary on) and recording a merge of blocks 3 and 5.
   */
  static byte[] current() throws java.io.IOException {
    List<LogEvent> events = GoldenEvents.enriched();
    EncodedRows rows = new EncodedRows(1024);
    events.forEach(rows::add);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    BlockWriter w = new BlockWriter(1000, out, 2000, 3);
    w.mergedFrom(new long[] {3, 5});
    for (int i = 0; i < events.size(); i++) {
      w.add(events.get(i), rows.array(), rows.start(i), rows.end(i) - rows.start(i));
    }
    w.finish();
    return out.toByteArray();
  }

  @Test
  @EnabledIfSystemProperty(named = "golden.write", matches = "true")
  void write() throws Exception {
    Files.createDirectories(DIR);
    byte[] block = current();
    Files.write(DIR.resolve("block-v" + BlockWriter.VERSION + ".blk"), block);
    if (BlockWriter.VERSION == 2) {
      Files.write(DIR.resolve("block-v1.blk"), versionOne(block));
    }
  }

  /** A version 2 block laid out as version 1: without the chunk filters, in the header or the data. */
  static byte[] versionOne(byte[] v2) {
    int headerLength = ByteBuffer.wrap(v2, 5, 4).getInt();
    ByteReader h = new ByteReader(v2, 9, headerLength);
    h.readVarInt();
    for (int i = 0; i < 4; i++) {
      h.readLong();
    }
    h.readVarInt();
    for (int d = 0; d < 2; d++) {
      int names = h.readVarInt();
      for (int i = 0; i < names; i++) {
        h.readNullableString();
      }
    }
    TokenFilter.read(h);
    h.readVarInt();
    for (int i = 0; i < 15; i++) {
      h.readVarLong();
    }
    int chunks = h.readVarInt();
    for (int i = 0; i < 3 * chunks; i++) {
      h.readVarLong();
    }
    int v1HeaderLength = h.position() - 9;
    long filtersOffset = h.readVarLong();
    ByteWriter out = new ByteWriter(v2.length);
    out.writeBytes(v2, 0, 4);
    out.writeByte(1);
    out.writeBytes(ByteBuffer.allocate(4).putInt(v1HeaderLength).array(), 0, 4);
    out.writeBytes(v2, 9, v1HeaderLength);
    out.writeBytes(v2, 9 + headerLength, (int) filtersOffset);
    return out.toByteArray();
  }
}
