package io.tributary.local.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.event.LogEvent;
import io.tributary.query.LogQuery;
import io.tributary.testing.GoldenEvents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every block version ever written reads back, from committed bytes
 * ({@code src/test/resources/golden/}, see {@link BlockGoldenFixtures}), to the events it was
 * written from, also through a store's queries.
 */
class BlockGoldenTest {

  @TempDir
  Path dir;

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = BlockGoldenTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IOException("no fixture " + name);
      }
      return in.readAllBytes();
    }
  }

  private List<LogEvent> readBlock(String name) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, fixture(name));
    Block b = Block.open(f, 0, GoldenEvents.TENANT);
    try {
      long[] ingested = b.ingested();
      Block.Rows rows = b.rows();
      List<LogEvent> out = new ArrayList<>();
      for (int i = 0; i < b.count; i++) {
        out.add(rows.get(i, ingested[i]));
      }
      return out;
    } finally {
      b.close();
    }
  }

  /** The store, with the fixture as its only block: queries see every event once. */
  private List<LogEvent> queryStoreHolding(String name) throws IOException {
    Path day = dir.resolve("store").resolve(GoldenEvents.TENANT.value()).resolve("2026-11-25");
    Files.createDirectories(day);
    Files.write(day.resolve("00000000000000000007.blk"), fixture(name));
    try (BlockStore s = new BlockStore(dir.resolve("store"), false)) {
      List<LogEvent> got = new ArrayList<>(s.query(GoldenEvents.TENANT, LogQuery.all(1000)));
      java.util.Collections.reverse(got);
      return got;
    }
  }

  @Test
  void versionOneBlocksAreRead() throws Exception {
    assertEquals(1, fixture("block-v1.blk")[4]);
    assertEquals(GoldenEvents.enriched(), readBlock("block-v1.blk"));
    assertEquals(GoldenEvents.enriched(), queryStoreHolding("block-v1.blk"));
  }

  @Test
  void versionTwoBlocksAreRead() throws Exception {
    assertEquals(2, fixture("block-v2.blk")[4]);
    assertEquals(GoldenEvents.enriched(), readBlock("block-v2.blk"));
    assertEquals(GoldenEvents.enriched(), queryStoreHolding("block-v2.blk"));
  }

  @Test
  void versionThreeBlocksAreRead() throws Exception {
    assertEquals(3, fixture("block-v3.blk")[4]);
    assertEquals(GoldenEvents.enriched(), readBlock("block-v3.blk"));
    assertEquals(GoldenEvents.enriched(), queryStoreHolding("block-v3.blk"));
  }

  @Test
  void versionFourBlocksAreRead() throws Exception {
    assertEquals(4, fixture("block-v4.blk")[4]);
    assertEquals(GoldenEvents.enriched(), readBlock("block-v4.blk"));
    assertEquals(GoldenEvents.enriched(), queryStoreHolding("block-v4.blk"));
    assertKeys("block-v4.blk");
  }

  @Test
  void versionFiveBlocksAreReadAndWrittenTheSame() throws Exception {
    byte[] golden = fixture("block-v5.blk");
    assertEquals(5, golden[4]);
    assertEquals(GoldenEvents.enriched(), readBlock("block-v5.blk"));
    assertEquals(GoldenEvents.enriched(), queryStoreHolding("block-v5.blk"));
    assertKeys("block-v5.blk");
    // Compared decompressed: zstd may compress the same sections differently from one version to the next.
    Path written = dir.resolve("written.blk");
    Files.write(written, BlockGoldenFixtures.current());
    Path committed = dir.resolve("committed.blk");
    Files.write(committed, golden);
    Block a = Block.open(committed, 0, GoldenEvents.TENANT);
    Block b = Block.open(written, 0, GoldenEvents.TENANT);
    try {
      assertEquals(a.content(), b.content());
      int chunks = a.chunkOf(a.count - 1) + 1;
      org.junit.jupiter.api.Assertions.assertTrue(chunks >= 3, "the fixture's chunks close by bytes: " + chunks);
      org.junit.jupiter.api.Assertions.assertTrue(a.framesIn(0) > 1, "the fixture's chunks are cut into frames");
      org.junit.jupiter.api.Assertions.assertNotNull(a.frameFilters(0), "each frame has its filter");
    } finally {
      a.close();
      b.close();
    }
  }

  private void assertKeys(String name) throws IOException {
    Path f = dir.resolve("keys-" + name);
    Files.write(f, fixture(name));
    Block a = Block.open(f, 0, GoldenEvents.TENANT);
    try {
      int[] keys = a.keys();
      for (int i = 0; i < a.count; i++) {
        assertEquals(BlockWriter.keyHash(GoldenEvents.enriched().get(i).id()), keys[i], "key of row " + i);
      }
    } finally {
      a.close();
    }
  }
}
