package io.tributary.local.blocks;

import static io.tributary.testing.TestEvents.T0;
import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.QueryDeadline;
import io.tributary.query.Words;
import io.tributary.testing.Loghub;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merged blocks (version 5) are cut into frames of {@link BlockWriter#FRAME_ROWS} rows, each with
 * a filter, compressed with a dictionary trained on the block's first rows. Checked on the Loghub
 * lines of every system, interleaved, against the same events in the blocks of single batches (one
 * frame per chunk, no dictionary): every question has the same answer.
 */
class FramedBlockTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final BlockStore.CompactionLimits MERGE_ALL = new BlockStore.CompactionLimits(BlockStore.SMALL_BLOCK,
      8L << 20, 2, 1_000_000, 256L << 20, 64L << 20, BlockWriter.CHUNK_BYTES);

  @TempDir
  Path dir;
  private final List<LogEvent> events = new ArrayList<>();
  private BlockStore framed;
  private BlockStore batches;

  /** The 16,000 Loghub lines, one system after the other in turn, a millisecond apart. */
  private static List<LogEvent> loghub() {
    List<List<String>> systems = Loghub.SYSTEMS.stream().map(Loghub::lines).toList();
    List<LogEvent> out = new ArrayList<>();
    int i = 0;
    for (int line = 0; line < 2000; line++) {
      for (int s = 0; s < systems.size(); s++) {
        out.add(event(ACME, String.format("id-%06d", i), T0 + i * 1_000_000L, Severity.ofCode(i % 6),
            Loghub.SYSTEMS.get(s), "h" + (i % 5), systems.get(s).get(line), Map.of("n", (long) (line % 97))));
        i++;
      }
    }
    return out;
  }

  @BeforeEach
  void write() throws IOException {
    events.addAll(loghub());
    framed = new BlockStore(dir.resolve("framed"), false);
    batches = new BlockStore(dir.resolve("batches"), false);
    for (int from = 0; from < events.size(); from += 500) {
      framed.upsert(events.subList(from, from + 500));
      batches.upsert(events.subList(from, from + 500));
    }
    framed.compactNow(MERGE_ALL);
  }

  @AfterEach
  void close() throws IOException {
    framed.close();
    batches.close();
  }

  @Test
  void aMergedBlockIsFramedWithADictionaryAndReadsBackEveryEvent() throws Exception {
    assertEquals(1, framed.blocks(ACME).size());
    Block b = framed.blocks(ACME).get(0);
    assertTrue(b.hasDictionary(), "16,000 lines are enough to train a dictionary on");
    assertEquals(BlockWriter.CHUNK_ROWS / BlockWriter.FRAME_ROWS, b.framesIn(0));
    for (Block small : batches.blocks(ACME)) {
      assertFalse(small.hasDictionary(), "a batch's block is not trained for");
      assertEquals(1, small.framesIn(0));
    }
    long[] ingested = b.ingested();
    Block.Rows rows = b.rows();
    for (int i = 0; i < b.count; i++) {
      assertEquals(events.get(i), rows.get(i, ingested[i]), "row " + i);
    }
    // Read again out of order: frames are loaded one at a time, whichever comes next.
    for (int i = b.count - 1; i >= 0; i -= 37) {
      assertEquals(events.get(i), rows.get(i, ingested[i]), "row " + i);
    }
  }

  @Test
  void aFrameWhoseFilterRulesOutAWordIsSkippedAndItsChunkKept() throws Exception {
    Block b = framed.blocks(ACME).get(0);
    Map<String, List<Integer>> rowsOf = rowsByWord();
    int checked = 0;
    for (Map.Entry<String, List<Integer>> w : rowsOf.entrySet()) {
      if (w.getValue().size() != 1) {
        continue;
      }
      int row = w.getValue().get(0);
      int c = b.chunkOf(row);
      TokenFilter[] frames = b.frameFilters(c);
      if (frames == null) {
        continue; // the last chunk, of one frame
      }
      long[] token = {Words.hash(w.getKey())};
      assertTrue(Block.mayHoldAll(b.chunkFilters()[c], token));
      int mayHold = 0;
      for (int f = 0; f < frames.length; f++) {
        boolean may = Block.mayHoldAll(frames[f], token);
        if (f == b.frameOf(c, row)) {
          assertTrue(may, "the frame holding " + w.getKey());
        }
        mayHold += may ? 1 : 0;
      }
      assertTrue(mayHold <= 3, w.getKey() + " in one row: frames that may hold it " + mayHold + " of " + frames.length);
      if (++checked == 200) {
        break;
      }
    }
    assertEquals(200, checked);
  }

  @Test
  void everyWordAndAttributeValueOfEveryRowIsInItsBlocksChunksAndFramesFilters() throws Exception {
    // Words repeat from row to row, and a writer skips a word already in the current frame's
    // filters: each filter must still hold every token of every row it covers.
    List<Block> all = new ArrayList<>(framed.blocks(ACME));
    all.addAll(batches.blocks(ACME));
    long checked = 0;
    for (Block b : all) {
      long[] ingested = b.ingested();
      Block.Rows rows = b.rows();
      TokenFilter[] chunks = b.chunkFilters();
      for (int i = 0; i < b.count; i++) {
        LogEvent e = rows.get(i, ingested[i]);
        List<Long> tokens = new ArrayList<>();
        Words.forEachHash(e.message(), tokens::add);
        e.attributes().forEach((k, v) -> tokens.add(BlockWriter.attributeToken(k, v)));
        int c = b.chunkOf(i);
        TokenFilter[] frames = b.frameFilters(c);
        for (long t : tokens) {
          assertTrue(b.filter.mightContain(t), "block filter, row " + i + " of " + e.message());
          assertTrue(chunks[c].mightContain(t), "chunk filter, row " + i + " of " + e.message());
          assertTrue(frames == null || frames[b.frameOf(c, i)].mightContain(t),
              "frame filter, row " + i + " of " + e.message());
          checked++;
        }
      }
    }
    assertTrue(checked > 2 * 16_000 * 5, "tokens checked: " + checked);
  }

  @Test
  void pagesOfWordsAttributesAndServicesAreTheSameAsFromBatchBlocks() throws Exception {
    List<List<String>> questions = new ArrayList<>();
    Map<String, List<Integer>> rowsOf = rowsByWord();
    for (int[] band : new int[][] {{1, 1}, {2, 5}, {6, 40}, {41, 400}, {2_000, 20_000}}) {
      rowsOf.entrySet().stream().filter(e -> e.getValue().size() >= band[0] && e.getValue().size() <= band[1])
          .map(Map.Entry::getKey).sorted().limit(5).forEach(w -> questions.add(List.of(w)));
    }
    assertTrue(questions.size() >= 20, "words of every frequency: " + questions.size());
    questions.add(List.of("error", "failed"));
    for (List<String> words : questions) {
      for (Order order : Order.values()) {
        for (int limit : new int[] {1, 7, 100, 20_000}) {
          LogQuery q = new LogQuery(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), List.of(), List.of(), Map.of(), words,
              order, limit, null, Long.MAX_VALUE);
          List<LogEvent> got = framed.query(ACME, q);
          assertEquals(batches.query(ACME, q), got, words + " " + order + " " + limit);
          if (limit == 20_000) {
            assertEquals(expected(words).size(), got.size(), words + " found by a full read");
          }
        }
      }
      // The one-pass scan (aggregations) too.
      LogQuery q = new LogQuery(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), List.of(), List.of(), Map.of(), words,
          Order.OLDEST, 1, null, Long.MAX_VALUE);
      List<LogEvent> scanned = new ArrayList<>();
      framed.scan(ACME, q, QueryDeadline.none(), scanned::add);
      assertEquals(expected(words), scanned, words + " scanned");
    }
    // An attribute value and a service with a word, within a time range that cuts frames.
    LogQuery q = new LogQuery(T0 + 1_234_000_000L, T0 + 9_876_000_000L, Set.of(), List.of("HDFS"), List.of(),
        Map.of("n", "13"), List.of(), Order.NEWEST, 50, null, Long.MAX_VALUE);
    assertEquals(batches.query(ACME, q), framed.query(ACME, q));
    assertFalse(framed.query(ACME, q).isEmpty());
  }

  /** The events whose message holds every word, oldest first, by reading every one. */
  private List<LogEvent> expected(List<String> words) {
    return events.stream().filter(e -> words.stream().allMatch(w -> Words.contains(e.message(), w)))
        .sorted(Comparator.comparingLong(LogEvent::timeNanos)).toList();
  }

  /** Each word of the lines, lower-cased, with the rows (times order) it is in. */
  private Map<String, List<Integer>> rowsByWord() {
    Map<String, List<Integer>> out = new TreeMap<>();
    for (int i = 0; i < events.size(); i++) {
      int row = i;
      for (String w : new java.util.LinkedHashSet<>(Words.of(events.get(i).message()))) {
        out.computeIfAbsent(w.toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(row);
      }
    }
    Map<String, List<Integer>> distinct = new HashMap<>();
    out.forEach((k, v) -> distinct.put(k, v.stream().distinct().toList()));
    return new TreeMap<>(distinct);
  }
}
