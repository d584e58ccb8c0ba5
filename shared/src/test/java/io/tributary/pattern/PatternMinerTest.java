package io.tributary.pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.parse.LogLineParser;
import io.tributary.parse.LoghubCorpus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PatternMinerTest {

  private final PatternMiner miner = new PatternMiner();

  static List<String> corpusBodies() {
    LogLineParser parser = new LogLineParser();
    List<String> bodies = new ArrayList<>();
    for (String line : LoghubCorpus.allLines()) {
      bodies.add(parser.parse(line, 0).body());
    }
    return bodies;
  }

  @Test
  void linesThatDifferOnlyInVariablesShareAPattern() {
    Pattern a = miner.mine("Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6");
    Pattern b = miner.mine("Received block blk_7503483334202473044 of size 67108864 from /10.251.215.16");
    assertEquals(a.id(), b.id());
    assertEquals("Received block blk_<*> of size <*> from /<*>", b.template());
  }

  @Test
  void aTemplateThatGeneralisesGetsTheIdOfItsNewTemplateAndTheOldIdMapsToIt() {
    Pattern first = miner.mine("Received block blk_1 of size 10 from /10.0.0.1");
    assertEquals("Received block blk_<*> of size <*> from /<*>", first.template());
    assertEquals(PatternMiner.idOf(first.template()), first.id());
    Pattern second = miner.mine("Received block rdd_2 of size 10 from /10.0.0.2");
    assertEquals("Received block <*> of size <*> from /<*>", second.template());
    assertEquals(PatternMiner.idOf(second.template()), second.id());
    assertNotEquals(first.id(), second.id());
    assertEquals(second, miner.resolve(first.id()));
    assertEquals(second, miner.resolve(second.id()));
    assertEquals(List.of(second.id(), first.id()), miner.equivalentIds(first.id()));
    assertEquals(List.of(second.id(), first.id()), miner.equivalentIds(second.id()));
    assertEquals(second.id(), miner.mine("Received block blk_3 of size 11 from /10.0.0.3").id());
    assertEquals(List.of("unknown"), miner.equivalentIds("unknown"));
    assertEquals(null, miner.resolve("unknown"));
  }

  /**
   * Two statements that differ in one word stay apart ({@code stored as bytes}, {@code stored as
   * values}); a third word there makes it a variable, and the patterns merge, their ids mapping to
   * the merged one.
   */
  @Test
  void aWordBecomesAVariableAtItsThirdValue() {
    Pattern admin = miner.mine("Invalid user admin from 187.141.143.180");
    Pattern oracle = miner.mine("Invalid user oracle from 103.99.0.122");
    assertEquals("Invalid user admin from <*>", admin.template());
    assertEquals("Invalid user oracle from <*>", oracle.template());
    assertNotEquals(admin.id(), oracle.id());
    Pattern guest = miner.mine("Invalid user guest from 10.0.0.1");
    assertEquals("Invalid user <*> from <*>", guest.template());
    assertEquals(guest, miner.resolve(admin.id()));
    assertEquals(guest, miner.resolve(oracle.id()));
    assertEquals(java.util.Set.of(guest.id(), admin.id(), oracle.id()), new java.util.HashSet<>(miner.equivalentIds(oracle.id())));
    assertEquals(guest.id(), miner.mine("Invalid user admin from 187.141.143.180").id());
    assertEquals(1, miner.clusterCount());
  }

  /**
   * A variable among the first two tokens (a program name starting the line): lines are routed by
   * their first tokens, so each name first has its own pattern; at the third name the position
   * becomes a variable across the routing leaves, the patterns merge, their ids map to the merged
   * one, and a fourth name fits it at once.
   */
  @Test
  void aLeadingWordBecomesAVariableAtItsThirdValueAcrossRoutingLeaves() {
    Pattern chrome = miner.mine("chrome.exe - example.com:443 open through proxy 10.0.0.1:5070 HTTPS");
    Pattern firefox = miner.mine("firefox.exe - example.org:443 open through proxy 10.0.0.1:5070 HTTPS");
    assertEquals("chrome.exe - <*> open through proxy <*> HTTPS", chrome.template());
    assertNotEquals(chrome.id(), firefox.id());
    Pattern outlook = miner.mine("outlook.exe - mail.example.com:993 open through proxy 10.0.0.1:5070 HTTPS");
    assertEquals("<*> - <*> open through proxy <*> HTTPS", outlook.template());
    assertEquals(PatternMiner.idOf(outlook.template()), outlook.id());
    assertEquals(outlook, miner.resolve(chrome.id()));
    assertEquals(outlook, miner.resolve(firefox.id()));
    assertEquals(outlook.id(), miner.mine("teams.exe - a.example.net:443 open through proxy 10.0.0.2:5070 HTTPS").id());
    assertEquals(outlook.id(), miner.mine("chrome.exe - b.example.net:80 open through proxy 10.0.0.2:5070 HTTPS").id());
    // Another statement of the same programs stays apart.
    assertNotEquals(outlook.id(), miner.mine("chrome.exe - b.example.net:80 close, 0 bytes sent").id());
    assertEquals(2, miner.clusterCount());
  }

  /** Two partly variable tokens among the first two ({@code rdd_<*>}, {@code broadcast_<*>}) are ids of two kinds: one pattern. */
  @Test
  void aLeadingIdOfAnotherKindJoinsAtItsSecondValue() {
    Pattern rdd = miner.mine("Block rdd_2_3 stored as bytes in memory (estimated size 16.0 B, free 317.5 KB)");
    assertEquals("Block rdd_<*> stored as bytes in memory (estimated size <*>, free <*>)", rdd.template());
    Pattern broadcast = miner.mine("Block broadcast_9_piece0 stored as bytes in memory (estimated size 5.2 KB, free 5.2 KB)");
    assertEquals("Block <*> stored as bytes in memory (estimated size <*>, free <*>)", broadcast.template());
    assertEquals(broadcast, miner.resolve(rdd.id()));
    assertEquals(1, miner.clusterCount());
  }

  /** A leading word is not made a variable when too little of the line would stay constant. */
  @Test
  void leadingWordsOfShortStatementsStayApart() {
    Pattern starting = miner.mine("Starting job 17");
    Pattern stopping = miner.mine("Stopping job 18");
    Pattern removing = miner.mine("Removing job 19");
    assertEquals("Starting job <*>", starting.template());
    assertEquals("Removing job <*>", removing.template());
    assertEquals(3, java.util.Set.of(starting.id(), stopping.id(), removing.id()).size());
    assertEquals(3, miner.clusterCount());
  }

  /**
   * Round 5: a plain word that starts a line is the statement's own word, not a name: three of
   * them before the same words stay three patterns (an HDFS line with its verb changed), while
   * three names there merge (a plain word among them would keep them apart).
   */
  @Test
  void leadingPlainWordsStayApartAtTheirThirdValue() {
    String rest = " block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010";
    Pattern receiving = miner.mine("Receiving" + rest);
    Pattern sending = miner.mine("Sending" + rest);
    Pattern deleting = miner.mine("Deleting" + rest);
    assertEquals("Deleting block blk_<*> src: /<*> dest: /<*>", deleting.template());
    assertEquals(3, java.util.Set.of(receiving.id(), sending.id(), deleting.id()).size());
    assertEquals(3, miner.clusterCount());
    String served = " served block blk_-1608999687919862906 to /10.250.19.102";
    Pattern a = miner.mine("DataNode1" + served);
    Pattern b = miner.mine("data-node-b" + served);
    Pattern c = miner.mine("dataNodeC" + served);
    assertEquals("<*> served block blk_<*> to /<*>", c.template());
    assertEquals(c, miner.resolve(a.id()));
    assertEquals(c, miner.resolve(b.id()));
    assertEquals(4, miner.clusterCount());
  }

  /**
   * Round 5: a statement whose line carries a bracketed value only for some values (a size in KB
   * beside its bytes, an index after a BGL address) is one pattern with and without it.
   */
  @Test
  void aBracketedGroupOfValuesIsOptional() {
    Pattern with = miner.mine("sent 1190 bytes (1.16 KB) to 10.0.0.1");
    Pattern without = miner.mine("sent 512 bytes to 10.0.0.2");
    assertEquals(with, without);
    assertEquals("sent <*> bytes to <*>", without.template());
    Pattern bgl = miner.mine("Kernel detected 35591540 integer alignment exceptions (35591533) iar 0x0023f108, dear 0x1feaa260 (35591534)");
    assertEquals(bgl, miner.mine("Kernel detected 35591540 integer alignment exceptions iar 0x0023f108, dear 0x1feaa260"));
    assertEquals(2, miner.clusterCount());
  }

  /** Round 6: a list is one value whatever its length or the form of its ids, so one statement is one pattern. */
  @Test
  void aListOfAnyLengthIsOneValue() {
    Pattern many = miner.mine("failed to resolve data source name an14 an15 an16 an17 an18");
    Pattern few = miner.mine("failed to resolve data source name an40 an41");
    Pattern named = miner.mine("failed to resolve data source name dadmin2 dadmin3 dadmin4");
    Pattern one = miner.mine("failed to resolve data source name 10.0.0.7");
    assertEquals(many, few);
    assertEquals(many, named);
    assertEquals(many, one);
    assertEquals("failed to resolve data source name <*>", one.template());
    assertEquals(1, miner.clusterCount());
    PatternMiner other = new PatternMiner();
    other.mine("failed to resolve data source name dadmin2 dadmin3 dadmin4");
    other.mine("failed to resolve data source name 10.0.0.7");
    assertEquals(one.id(), other.mine("failed to resolve data source name an14 an15 an16 an17 an18").id());
  }

  /** Round 5: a duration is one value whatever its unit or form, so one statement is one pattern. */
  @Test
  void aDurationInAnyUnitIsOneValue() {
    Pattern ms = miner.mine("Finished task 0.0 in stage 1.0 (TID 4). 2087 bytes result sent to driver in 12 ms");
    Pattern s = miner.mine("Finished task 1.0 in stage 1.0 (TID 5). 2087 bytes result sent to driver in 3 s");
    Pattern below = miner.mine("Finished task 2.0 in stage 1.0 (TID 6). 2087 bytes result sent to driver in <1 sec");
    Pattern clock = miner.mine("Finished task 3.0 in stage 1.0 (TID 7). 2087 bytes result sent to driver in 00:02");
    assertEquals(ms, s);
    assertEquals(ms, below);
    assertEquals(ms, clock);
    assertEquals("Finished task <*> in stage <*> (TID <*>). <*> bytes result sent to driver in <*>", clock.template());
    assertEquals(1, miner.clusterCount());
  }

  @Test
  void aNameHoldsMoreThanLetters() {
    for (String name : List.of("chrome.exe", "ssh2", "node-D1", "mDNSResponder", "rdd_<*>", "[kernel]")) {
      assertTrue(PatternMiner.isName(name), name);
    }
    for (String word : List.of("Starting", "kernel:", "HTTPS", "Temperature,", "x")) {
      assertTrue(!PatternMiner.isName(word), word);
    }
  }

  @Test
  void formerIdsSurviveSaveAndRestore() throws IOException {
    Pattern first = miner.mine("Received block blk_1 of size 10 from /10.0.0.1");
    Pattern second = miner.mine("Received block rdd_2 of size 10 from /10.0.0.2");
    PatternMiner restored = PatternMiner.fromJson(miner.toJson());
    assertEquals(second, restored.resolve(first.id()));
    assertEquals(miner.snapshot(), restored.snapshot());
  }

  @Test
  void stateOfVersionOneIsReadAndItsIdsStillResolve() throws IOException {
    // Version 1 named a pattern by a hash of its founding line: here "Invalid user admin ...".
    String v1 = "{\"version\":1,\"options\":{\"maxClusters\":2000,\"similarity\":0.7,\"maxTokens\":96,"
        + "\"maxTokenChars\":96},\"sequence\":1,\"clusters\":[{\"id\":\"0123456789ab\",\"sequence\":0,"
        + "\"hits\":2,\"template\":[\"Invalid\",\"user\",\"<*>\",\"from\",\"<*>\"]}]}";
    PatternMiner restored = PatternMiner.fromJson(v1.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Pattern now = restored.mine("Invalid user guest from 10.0.0.1");
    assertEquals(PatternMiner.idOf("Invalid user <*> from <*>"), now.id());
    assertEquals(now, restored.resolve("0123456789ab"));
    assertEquals(List.of(now.id(), "0123456789ab"), restored.equivalentIds(now.id()));
    assertEquals(MinerState.VERSION, restored.snapshot().version());
  }

  /**
   * Two miners, as two processes would be, mine the same lines in different orders (the corpus
   * forwards, and shuffled): every line ends with the same pattern id in both, and the id each
   * line got when it was mined resolves to it.
   */
  @Test
  void twoMinersOnDifferentOrdersOfTheSameLinesFindTheSameIds() {
    for (String system : LoghubCorpus.SYSTEMS) {
      LogLineParser parser = new LogLineParser();
      List<String> bodies = new ArrayList<>();
      for (String line : LoghubCorpus.lines(system)) {
        bodies.add(parser.parse(line, 0).body());
      }
      List<String> shuffled = new ArrayList<>(bodies);
      java.util.Collections.shuffle(shuffled, new java.util.Random(13));
      PatternMiner a = new PatternMiner();
      PatternMiner b = new PatternMiner();
      java.util.Map<String, String> firstA = new java.util.HashMap<>();
      java.util.Map<String, String> firstB = new java.util.HashMap<>();
      for (String body : bodies) {
        firstA.put(body, a.mine(body).id());
      }
      for (String body : shuffled) {
        firstB.put(body, b.mine(body).id());
      }
      int same = 0;
      for (String body : bodies) {
        String idA = a.resolve(firstA.get(body)).id();
        String idB = b.resolve(firstB.get(body)).id();
        assertEquals(idA, a.mine(body).id(), body);
        assertEquals(idB, b.mine(body).id(), body);
        if (idA.equals(idB)) {
          same++;
        }
      }
      System.out.printf(java.util.Locale.ROOT, "%s: %d of %d lines have the same id in both orders%n", system, same,
          bodies.size());
      assertEquals(bodies.size(), same, system);
    }
  }

  @Test
  void sameLineAlwaysMapsToTheSamePatternOnceSettled() {
    List<String> bodies = corpusBodies();
    for (String b : bodies) {
      miner.mine(b);
    }
    List<String> settled = new ArrayList<>();
    for (String b : bodies) {
      settled.add(miner.mine(b).id());
    }
    for (int i = 0; i < bodies.size(); i++) {
      assertEquals(settled.get(i), miner.mine(bodies.get(i)).id(), bodies.get(i));
    }
  }

  @Test
  void statementsThatEndDifferentlyStayApart() {
    Pattern begin = miner.mine("The change in focus caused us to need to do a layout begin");
    Pattern end = miner.mine("The change in focus caused us to need to do a layout end");
    assertNotEquals(begin.id(), end.id());
    assertEquals("The change in focus caused us to need to do a layout end", end.template());
  }

  @Test
  void idsAreAFunctionOfTheTemplateOnly() {
    PatternMiner other = new PatternMiner();
    other.mine("something else first 1");
    assertEquals(miner.mine("Verification succeeded for blk_1").id(), other.mine("Verification succeeded for blk_2").id());
    assertEquals(PatternMiner.idOf("Verification succeeded for blk_<*>"), other.mine("Verification succeeded for blk_3").id());
    assertTrue(miner.mine("x").id().matches("[0-9a-f]{12}"));
  }

  @Test
  void minesEmptyAndHugeBodies() {
    assertEquals("", miner.mine("").template());
    assertEquals("", miner.mine(null).template());
    Pattern huge = miner.mine("payload " + "ab".repeat(1 << 19));
    assertTrue(huge.template().length() < 200, huge.template());
  }

  @Test
  void keepsAtMostMaxClustersDroppingTheLeastRecentlyUsed() {
    PatternMiner small = new PatternMiner(MinerOptions.defaults().withMaxClusters(10));
    Pattern kept = small.mine("kept alive");
    for (int i = 0; i < 100; i++) {
      small.mine("shape" + (char) ('a' + i % 26) + (char) ('a' + i / 26) + " alone");
      small.mine("kept alive");
      assertTrue(small.clusterCount() <= 10);
    }
    assertEquals(10, small.clusterCount());
    assertEquals(kept, small.mine("kept alive"));
  }

  @Test
  void saveAndRestoreGiveTheSamePatterns() throws IOException {
    List<String> bodies = corpusBodies();
    for (String b : bodies) {
      miner.mine(b);
    }
    byte[] saved = miner.toJson();
    PatternMiner restored = PatternMiner.fromJson(saved);
    assertEquals(miner.clusterCount(), restored.clusterCount());
    assertArrayEquals(saved, restored.toJson());
    for (String b : bodies) {
      assertEquals(miner.mine(b), restored.mine(b), b);
    }
    assertEquals(miner.snapshot(), restored.snapshot());
  }

  @Test
  void refusesStateItCannotRead() {
    assertThrows(IOException.class, () -> PatternMiner.fromJson("{not json".getBytes()));
    MinerState future = new MinerState(99, MinerOptions.defaults(), 0, List.of());
    assertThrows(IllegalArgumentException.class, () -> PatternMiner.restore(future));
  }

  @Test
  void isSafeToMineFromSeveralThreads() throws Exception {
    List<String> bodies = corpusBodies();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t * 1000;
        done.add(pool.submit(() -> {
          for (int i = 0; i < bodies.size(); i++) {
            miner.mine(bodies.get((i + offset) % bodies.size()));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    Tokenizer tokenizer = new Tokenizer(miner.options());
    for (String b : bodies) {
      Pattern p = miner.mine(b);
      tokenizer.tokenize(b);
      String[] template = p.template().isEmpty() ? new String[0] : p.template().split(" ");
      assertEquals(tokenizer.count(), template.length, b);
    }
  }
}
