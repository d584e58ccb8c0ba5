package io.tributary.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenizerTest {

  private final Tokenizer tokenizer = new Tokenizer(MinerOptions.defaults());

  private String masked(String body) {
    tokenizer.tokenize(body);
    return String.join(" ", tokenizer.tokens());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "blk_-6952295868487656571 | blk_<*>",
      "blk_38865049064139660 | blk_<*>",
      "10.251.73.220:50010 | <*>",
      "[173.234.31.186] | [<*>]",
      "/10.10.34.11:45307 | /<*>",
      "0x1f | <*>",
      "9f4ef63 | <*>",
      "-196.0, | <*>,",
      "core.1234 | core.<*>",
      "appattempt_1445144423722_0020_000001 | appattempt_<*>",
      "R02-M1-N0-C:J12-U11 | <*>-M1-N0-C:<*>",
      "10.11.10.1,10.11.21.137 | <*>",
      "uid=10037 | uid=<*>",
      "(uid=0) | (uid=<*>)",
      "logname= | logname=",
      "https://example.com/a?b=1 | <*>",
      "/etc/httpd/conf/workers2.properties | <*>",
      "conf/extra/httpd-ssl.conf | <*>",
      "application/json | application/json",
      "C:\\Windows\\winsxs\\cbscore.dll | <*>",
      "b9000564-fe1a-409b-b8cc-1e88b294cd1d | <*>",
      "proxy.cse.cuhk.edu.hk:5070 | <*>",
      "com.android.server.wm.Session.relayout:1234 | com.android.server.wm.Session.relayout:<*>",
      "ssh2 | ssh2",
      "SOCKS5 | SOCKS5",
      "log4j | log4j",
      "t761 | <*>",
      "3.5ms | <*>",
      "workerEnv.init() | workerEnv.init()",
      "WindowsUpdateAgent. | WindowsUpdateAgent.",
  })
  void masksVariableTokensByClass(String token, String expected) {
    assertEquals(expected, masked(token));
  }

  /** Round 5: a bracketed group of values after another token is dropped; one holding a word stays. */
  @Test
  void dropsABracketedGroupOfValuesOnly() {
    assertEquals("Kernel detected <*> integer alignment exceptions iar <*>, dear <*> iar <*>,",
        masked("Kernel detected 35591540 integer alignment exceptions (35591533) iar 0x0023f108, dear 0x1feaa260 (35591534) iar 0x00265564,"));
    assertEquals("sent <*> bytes to <*>", masked("sent 1190 bytes (1.16 KB) to 10.0.0.1"));
    assertEquals("sent <*> bytes to <*>", masked("sent 1190 bytes [1, 2, 3] to 10.0.0.1"));
    assertEquals("free <*>)", masked("free 317.5 KB)"));
    assertEquals("<*> torus receiver z+ input pipe error(s) (dcr <*>) detected and corrected",
        masked("1 torus receiver z+ input pipe error(s) (dcr 0x02f0) detected and corrected"));
    assertEquals("[<*>] started", masked("[42] started"));
    assertEquals("speeds ok", masked("speeds ( 3552 3534 3375 ) ok"));
    assertEquals("args ( ) ok", masked("args ( ) ok"));
    assertEquals("[client <*>] Directory index forbidden by rule: <*>",
        masked("[client 222.166.160.184] Directory index forbidden by rule: /var/www/html/"));
  }

  /**
   * Round 5: a size or a duration with its unit written apart is one value (the size and duration
   * classes of arXiv 2412.05254), and a bound before a number belongs to it.
   */
  @Test
  void aUnitJoinsItsNumberInOneVariable() {
    assertEquals("Block broadcast_<*> stored as bytes in memory (estimated size <*>, free <*>)",
        masked("Block broadcast_1 stored as bytes in memory (estimated size 5.2 KB, free 317.5 KB)"));
    assertEquals("lifetime <*>", masked("lifetime <1 sec"));
    assertEquals("lifetime <*>", masked("lifetime 00:02"));
    assertEquals("took <*>, limit <*>", masked("took 5 ms, limit >100"));
    assertEquals("<<*>> <*>", masked("<13> 3 B"));
    assertEquals("Bytes sent", masked("Bytes sent"));
  }

  @Test
  void masksAQuotedWord() {
    assertEquals("Successfully started service '<*>' on port <*>.",
        masked("Successfully started service 'sparkExecutorActorSystem' on port 55904."));
    assertEquals("Releasing suspend blocker \"<*>\".", masked("Releasing suspend blocker \"PowerManagerService.WakeLocks\"."));
  }

  @Test
  void masksTheUnitOfASizeAndDatesInWords() {
    assertEquals("stored (estimated size <*>, free <*>)", masked("stored (estimated size 5.2 KB, free 384.0 B)"));
    assertEquals("took <*>", masked("took 12 ms"));
    assertEquals("B-tree of <*>", masked("B-tree of 4 B"));
    assertEquals("last run <*> <*> <*> <*>", masked("last run Sun Jul 3 04:47:44"));
    assertEquals("<*>, <*>", masked("Sunday, 3"));
  }

  @Test
  void keepsAQuotedValueWithSpacesInOneToken() {
    assertEquals("acquire lock=<*>, flags=<*>, tag=\"<*>\", uid=<*>",
        masked("acquire lock=233570404, flags=0x1, tag=\"View Lock\", uid=10037"));
  }

  @Test
  void collapsesAListOfIdsIntoOneToken() {
    assertEquals("BLOCK* ask <*> to delete blk_<*>",
        masked("BLOCK* ask 10.250.17.177:50010 to delete blk_-8570780307468499817 blk_-9122557405432088649 blk_707"));
    assertEquals("onExtend:<*> <*>", masked("onExtend:1514038530000 14 0 4"));
  }

  /** Round 6: tokens side by side that differ only in their numbers are one list of ids, whatever its length. */
  @Test
  void aRunOfTokensThatDifferOnlyInTheirNumbersIsOneList() {
    assertEquals("unreachable hosts: <*>", masked("unreachable hosts: an14 an15 an16 an17"));
    assertEquals("unreachable hosts: <*>", masked("unreachable hosts: 10.0.0.1 10.0.0.2"));
    assertEquals("unreachable hosts: <*>,", masked("unreachable hosts: 10.0.0.1, 10.0.0.2, 10.0.0.3,"));
    assertEquals("offline: cpu<*>", masked("offline: cpu0 cpu1 cpu2 cpu3"));
    assertEquals("offline: cpu<*>", masked("offline: cpu8 cpu9"));
    assertEquals("offline: node<*>-r<*> done", masked("offline: node1-r2 node3-r4 node15-r6 done"));
    assertEquals("offline: cpu<*>", masked("offline: cpu0 cpu1 cpu12 cpu13"));
    assertEquals("cpu<*> <*>", masked("cpu0 cpu1 0x1f"));
    assertEquals("header <*> done", masked("header 003b005b 8aff0003 00030000 00000001 done"));
  }

  /** Round 6: values of other kinds side by side, and one name, are not a list. */
  @Test
  void tokensOfOtherShapesSideBySideAreNotAList() {
    assertEquals("port <*> ssh2", masked("port 22 ssh2"));
    assertEquals("port <*> <*>", masked("port 22 ssh12"));
    assertEquals("up on eth0", masked("up on eth0"));
    assertEquals("eth0 wlan1", masked("eth0 wlan1"));
    assertEquals("ssh2 sshd2", masked("ssh2 sshd2"));
    assertEquals("moved to <*> x4", masked("moved to 3 x4"));
    assertEquals("(<*> <*>)", masked("(1 2)"));
  }

  @Test
  void boundsTokensAndTokenLength() {
    String many = "word ".repeat(10_000);
    tokenizer.tokenize(many);
    assertEquals(MinerOptions.DEFAULT_MAX_TOKENS, tokenizer.count());
    assertEquals(Pattern.WILDCARD, tokenizer.token(tokenizer.count() - 1));
    String huge = "x".repeat(1 << 20);
    tokenizer.tokenize(huge);
    assertEquals(1, tokenizer.count());
    assertTrue(tokenizer.token(0).length() <= MinerOptions.DEFAULT_MAX_TOKEN_CHARS + 3);
    assertTrue(tokenizer.token(0).endsWith(Pattern.WILDCARD));
  }

  @Test
  void splitsOnAnyWhiteSpaceAndKeepsUnicodeWords() {
    assertEquals("用户 登录 成功 <*>", masked("用户\t登录  成功 42"));
    assertEquals("", masked(""));
    assertEquals("", masked(" \t "));
  }
}
