package io.tributary.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogLineParserTest {

  private static final long REFERENCE = nanos("2024-06-15T12:00:00Z");
  private final LogLineParser parser = new LogLineParser();

  private static long nanos(String iso) {
    return Timestamps.ofInstant(Instant.parse(iso));
  }

  private ParsedLine parse(String line) {
    return parser.parse(line, REFERENCE);
  }

  private static void assertTime(String expectedIso, ParsedLine p) {
    assertEquals(Instant.parse(expectedIso), Timestamps.toInstant(p.timeNanos()));
  }

  // ---- timestamp families -------------------------------------------------------------------

  @Test
  void readsIsoTimeWithCommaMillisAndLog4jLocation() {
    ParsedLine p = parse("2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774]"
        + " - Notification time out: 3200");
    assertTime("2015-07-29T17:41:44.747Z", p);
    assertEquals(Severity.INFO, p.severity());
    assertEquals("FastLeaderElection", p.component());
    assertEquals("QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181", p.thread());
    assertEquals("Notification time out: 3200", p.body());
  }

  @Test
  void honoursAWrittenZone() {
    assertTime("2024-05-01T10:30:00.123Z", parse("2024-05-01T12:30:00.123+02:00 web-1 api: started"));
    assertTime("2000-10-10T20:55:36Z",
        parse("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"));
    assertTime("2024-05-01T12:30:00Z", parse("2024-05-01T12:30:00Z started"));
  }

  @Test
  void readsSyslogTimeHostProgramAndPidTakingTheYearFromTheReference() {
    ParsedLine p = parse("Jun 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186");
    assertTime("2024-06-10T06:55:46Z", p);
    assertEquals("LabSZ", p.host());
    assertEquals("sshd", p.component());
    assertEquals("24200", p.pid());
    assertEquals("Invalid user webmaster from 173.234.31.186", p.body());
  }

  @Test
  void rollsAYearlessDateMoreThanADayAheadBackOneYear() {
    assertTime("2023-12-31T23:59:59Z", parse("Dec 31 23:59:59 host cron[1]: tick"));
    assertTime("2024-06-16T01:00:00Z", parse("Jun 16 01:00:00 host cron[1]: a clock a little ahead"));
  }

  @Test
  void takesTheYearOfADateElsewhereInTheLine() {
    ParsedLine p = parse("- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root");
    assertTime("2005-11-09T12:01:01Z", p);
    assertEquals("crond(pam_unix)", p.component());
    assertEquals("2915", p.pid());
    assertEquals("session closed for user root", p.body());
  }

  @Test
  void prefersTheWrittenDateTimeOverAnEpochAndFindsTheLevelAfterNodeFields() {
    ParsedLine p = parse("- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11"
        + " RAS KERNEL INFO instruction cache parity error corrected");
    assertTime("2005-06-03T15:42:50.675872Z", p);
    assertEquals(Severity.INFO, p.severity());
    assertEquals("KERNEL", p.component());
    assertEquals("instruction cache parity error corrected", p.body());
  }

  @Test
  void readsCompactDateAndTimeWithPidLevelAndLogger() {
    ParsedLine p = parse("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block"
        + " blk_38865049064139660 terminating");
    assertTime("2008-11-09T20:36:15Z", p);
    assertEquals("148", p.pid());
    assertEquals(Severity.INFO, p.severity());
    assertEquals("dfs.DataNode$PacketResponder", p.component());
    assertEquals("PacketResponder 1 for block blk_38865049064139660 terminating", p.body());
  }

  @Test
  void readsAndroidThreadtimeWithSingleLetterLevel() {
    ParsedLine p = parse("03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app");
    assertTime("2024-03-17T16:13:38.811Z", p);
    assertEquals("1702", p.pid());
    assertEquals("2395", p.thread());
    assertEquals(Severity.DEBUG, p.severity());
    assertEquals("D", p.severityText());
    assertEquals("WindowManager", p.component());
    assertEquals("printFreezingDisplayLogsopening app", p.body());
  }

  @Test
  void readsLogcatBriefFormat() {
    ParsedLine p = parse("E/AndroidRuntime( 1234): FATAL EXCEPTION: main");
    assertEquals(Severity.ERROR, p.severity());
    assertEquals("AndroidRuntime", p.component());
    assertEquals("1234", p.pid());
    assertEquals("FATAL EXCEPTION: main", p.body());
  }

  @Test
  void readsApacheErrorLogTimeAndBracketedLevel() {
    ParsedLine p = parse("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6");
    assertTime("2005-12-04T04:47:44Z", p);
    assertEquals(Severity.ERROR, p.severity());
    assertEquals("error", p.severityText());
    assertEquals("mod_jk child workerEnv in error state 6", p.body());
  }

  @Test
  void readsApache24ModuleLevelAndProcessBrackets() {
    ParsedLine p = parse("[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187]"
        + " File does not exist: /usr/local/apache2/htdocs/favicon.ico");
    assertTime("2011-09-09T10:42:29.902022Z", p);
    assertEquals(Severity.ERROR, p.severity());
    assertEquals("core", p.component());
    assertEquals("35708", p.pid());
    assertEquals("4328636416", p.thread());
    assertEquals("72.15.99.187", p.attributes().get("client"));
    assertEquals("File does not exist: /usr/local/apache2/htdocs/favicon.ico", p.body());
  }

  @Test
  void readsTwoDigitYearSlashedDates() {
    ParsedLine p = parse("17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers");
    assertTime("2017-06-09T20:10:40Z", p);
    assertEquals("executor.CoarseGrainedExecutorBackend", p.component());
    assertEquals("Registered signal handlers", p.body());
  }

  @Test
  void readsCompactDateWithColonMillisAndPipeFields() {
    ParsedLine p = parse("20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579");
    assertTime("2017-12-23T22:15:29.606Z", p);
    assertEquals("Step_LSC", p.component());
    assertEquals("30002312", p.pid());
    assertEquals("onStandStepChanged 3579", p.body());
    assertTime("2017-12-23T22:16:00.119Z", parse("20171223-22:16:0:119|Step_LSC|30002312|flush"));
  }

  @Test
  void readsMonthDotDayAndNameDashBody() {
    ParsedLine p = parse("[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS");
    assertTime("2023-10-30T16:49:06Z", p);
    assertEquals("chrome.exe", p.component());
    assertEquals("proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS", p.body());
  }

  @Test
  void readsEpochSecondsAndMillis() {
    assertTime("2005-06-03T22:42:50Z", parse("1117838570 node-1 restarted"));
    assertTime("2017-12-23T14:15:30Z", parse("1514038530000 sample taken"));
    assertTime("2023-11-14T22:13:20.250Z", parse("1700000000.25 tick"));
  }

  @Test
  void readsDayMonthNameAndMonthNameWithYearForms() {
    assertTime("2005-12-04T04:47:44.123Z", parse("04-Dec-2005 04:47:44.123 INFO [main] org.apache.catalina.startup.Catalina.start Server started"));
    assertTime("2005-12-04T04:47:44Z", parse("Sun, 04 Dec 2005 04:47:44 GMT something"));
    assertTime("2024-01-05T15:04:05Z", parse("Jan 05, 2024 3:04:05 PM org.example.Main run"));
  }

  @Test
  void takesATimeOfDayAloneOnTheReferenceDay() {
    ParsedLine p = parse("12:34:56.789 [main] INFO  com.example.App - Started App in 1.2 seconds");
    assertTime("2024-06-15T12:34:56.789Z", p);
    assertEquals("main", p.thread());
    assertEquals(Severity.INFO, p.severity());
    assertEquals("com.example.App", p.component());
    assertEquals("Started App in 1.2 seconds", p.body());
    assertTime("2024-06-15T11:00:00Z", parse("11:00:00 earlier today"));
    assertTime("2024-06-14T23:00:00Z", parse("23:00:00 late yesterday"));
  }

  @Test
  void readsRfc5424HeaderAndStructuredData() {
    ParsedLine p = parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47"
        + " [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] An application event log entry");
    assertTime("2003-10-11T22:14:15.003Z", p);
    assertEquals(Severity.INFO, p.severity());
    assertEquals("notice", p.severityText());
    assertEquals("mymachine.example.com", p.host());
    assertEquals("evntslog", p.component());
    assertEquals(3L, p.attributes().get("iut"));
    assertEquals("An application event log entry", p.body());
  }

  @Test
  void readsSyslogPriorityBeforeBsdHeader() {
    ParsedLine p = parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
    assertEquals(Severity.FATAL, p.severity());
    assertEquals("crit", p.severityText());
    assertEquals("mymachine", p.host());
    assertEquals("su", p.component());
  }

  // ---- header layouts ---------------------------------------------------------------------------

  @Test
  void readsWindowsColumnsWithTitleCaseLevel() {
    ParsedLine p = parse("2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505");
    assertTime("2016-09-28T04:30:30Z", p);
    assertEquals(Severity.INFO, p.severity());
    assertEquals("Info", p.severityText());
    assertEquals("CBS", p.component());
    assertEquals("Loaded Servicing Stack v6.1.7601.23505", p.body());
  }

  @Test
  void readsPythonLoggingLayout() {
    ParsedLine p = parse("2024-05-01 12:00:00,123 - myapp.storage - WARNING - disk almost full");
    assertEquals(Severity.WARN, p.severity());
    assertEquals("myapp.storage", p.component());
    assertEquals("disk almost full", p.body());
  }

  @Test
  void readsSpringBootLayout() {
    ParsedLine p = parse("2024-05-01 12:00:00.123  INFO 12345 --- [           main] com.example.App"
        + "                          : Started App in 2.5 seconds");
    assertEquals(Severity.INFO, p.severity());
    assertEquals("12345", p.pid());
    assertEquals("main", p.thread());
    assertEquals("com.example.App", p.component());
    assertEquals("Started App in 2.5 seconds", p.body());
  }

  @Test
  void readsHadoopThreadAndOpenStackRequestContext() {
    ParsedLine hadoop = parse("2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster:"
        + " Created MRAppMaster for application appattempt_1445144423722_0020_000001");
    assertEquals("main", hadoop.thread());
    assertEquals("org.apache.hadoop.mapreduce.v2.app.MRAppMaster", hadoop.component());
    assertEquals("Created MRAppMaster for application appattempt_1445144423722_0020_000001", hadoop.body());
    ParsedLine openstack = parse("nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO"
        + " nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae - - -] 10.11.10.1"
        + " \"GET /v2/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829");
    assertTime("2017-05-16T00:00:00.008Z", openstack);
    assertEquals("25746", openstack.pid());
    assertEquals("nova.osapi_compute.wsgi.server", openstack.component());
    assertEquals(200L, openstack.attributes().get("status"));
    assertEquals(0.2477829, openstack.attributes().get("time"));
    assertTrue(openstack.body().startsWith("10.11.10.1 \"GET"));
  }

  @Test
  void readsNginxProcessAndThreadIds() {
    ParsedLine p = parse("2024/05/01 12:00:00 [error] 1234#5678: *1 open() \"/x\" failed (2: No such file or directory)");
    assertTime("2024-05-01T12:00:00Z", p);
    assertEquals(Severity.ERROR, p.severity());
    assertEquals("1234", p.pid());
    assertEquals("5678", p.thread());
    assertTrue(p.body().startsWith("*1 open()"));
  }

  @Test
  void readsRecordDumpFieldsBeforeAnEpochTime() {
    ParsedLine p = parse("2568643 node-70 action start 1074119817 1 clusterAddMember  (command 1902)");
    assertTime("2004-01-14T22:36:57Z", p);
    assertEquals("node-70", p.host());
    assertEquals("clusterAddMember  (command 1902)", p.body());
  }

  @Test
  void keepsTheWholeLineAsBodyWhenThereIsNoHeader() {
    ParsedLine p = parse("user alice logged in from 10.0.0.1");
    assertEquals(LogEvent.UNSET_TIME, p.timeNanos());
    assertEquals("user alice logged in from 10.0.0.1", p.body());
    assertNull(p.component());
    ParsedLine q = parse("2024-05-01 12:00:00 GET /index.html 200");
    assertEquals("GET /index.html 200", q.body());
    assertNull(q.pid());
  }

  // ---- severity ---------------------------------------------------------------------------------

  @Test
  void mapsLevelWordsOfEveryFamily() {
    assertEquals(Severity.FATAL, parse("2024-05-01 12:00:00 FATAL boom").severity());
    assertEquals(Severity.ERROR, parse("2024-05-01 12:00:00 SEVERE boom").severity());
    assertEquals(Severity.FATAL, parse("2024-05-01 12:00:00 CRITICAL boom").severity());
    assertEquals(Severity.WARN, parse("2024-05-01 12:00:00 WARNING boom").severity());
    assertEquals(Severity.TRACE, parse("2024-05-01 12:00:00 TRACE boom").severity());
    assertEquals(Severity.ERROR, parse("2016-09-28 04:30:30, Error                 CSI    boom").severity());
    assertEquals(Severity.WARN, parse("2016-09-28 04:30:30, Warning               CBS    boom").severity());
  }

  @Test
  void infersSeverityFromWordsOnlyWhenNoLevelIsWritten() {
    ParsedLine failed = parse("Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 1.2.3.4 port 22 ssh2");
    assertEquals(Severity.ERROR, failed.severity());
    assertEquals("Failed", failed.severityText());
    ParsedLine leading = parse("Dec 10 06:55:46 LabSZ sshd[24200]: error: Received disconnect from 1.2.3.4");
    assertEquals(Severity.ERROR, leading.severity());
    assertEquals("error", leading.severityText());
    ParsedLine exception = parse("worker crashed with java.lang.IllegalStateException: closed");
    assertEquals(Severity.ERROR, exception.severity());
    assertEquals("IllegalStateException", exception.severityText());
    assertEquals(Severity.INFO, parse("2024-05-01 12:00:00 INFO retry after failed attempt").severity());
    assertNull(parse("Dec 10 06:55:46 LabSZ sshd[24200]: session opened for user root").severity());
  }

  // ---- attributes -------------------------------------------------------------------------------

  @Test
  void readsKeyValuePairsWithTypes() {
    ParsedLine p = parse("03-17 16:13:38.819  1702  8671 D PowerManagerService: acquire lock=233570404, flags=0x1,"
        + " tag=\"View Lock\", name=com.android.systemui, ws=null, uid=10037, ratio=0.5, on=true");
    Map<String, Object> a = p.attributes();
    assertEquals(233570404L, a.get("lock"));
    assertEquals("0x1", a.get("flags"));
    assertEquals("View Lock", a.get("tag"));
    assertEquals("com.android.systemui", a.get("name"));
    assertEquals(10037L, a.get("uid"));
    assertEquals(0.5, a.get("ratio"));
    assertEquals(Boolean.TRUE, a.get("on"));
  }

  @Test
  void readsKeyColonValuePairsOnlyWhereTheyArePairs() {
    assertEquals(Map.of("status", 200L, "len", 1893L), parse("\"GET /\" status: 200 len: 1893").attributes());
    assertTrue(parse("Notification time out: 3200").attributes().isEmpty());
    assertTrue(parse("input_userauth_request: invalid user webmaster [preauth]").attributes().isEmpty());
  }

  @Test
  void readsLogfmtLines() {
    ParsedLine p = parse("time=2024-05-01T12:00:00.5Z level=warn msg=\"disk almost full\" logger=storage free_mb=512");
    assertTime("2024-05-01T12:00:00.500Z", p);
    assertEquals(Severity.WARN, p.severity());
    assertEquals("storage", p.component());
    assertEquals("disk almost full", p.body());
    assertEquals(512L, p.attributes().get("free_mb"));
    assertTime("2023-11-14T22:13:20Z", parse("ts=1700000000 lvl=info msg=started"));
  }

  @Test
  void readsGlogAndKlogHeaders() {
    ParsedLine p = parse("E0501 12:30:01.000001       7 reflector.go:138] Failed to watch *v1.Pod: unauthorized");
    assertTime("2024-05-01T12:30:01.000001Z", p);
    assertEquals(Severity.ERROR, p.severity());
    assertEquals("7", p.pid());
    assertEquals("reflector.go", p.component());
    assertEquals(138L, p.attributes().get("line"));
    assertEquals("Failed to watch *v1.Pod: unauthorized", p.body());
  }

  @Test
  void readsKernelUptimeBrackets() {
    ParsedLine p = parse("[    2.345678] usb 1-1: new high-speed USB device number 2 using ehci-pci");
    assertEquals(2.345678, p.attributes().get("uptime"));
    assertEquals("usb 1-1: new high-speed USB device number 2 using ehci-pci", p.body());
  }

  @Test
  void readsLinesThatAreJsonObjects() {
    ParsedLine p = parse("{\"ts\":\"2024-05-01T12:00:00Z\",\"level\":\"warn\",\"logger\":\"storage\","
        + "\"msg\":\"disk almost full\",\"free_mb\":512,\"ctx\":{\"node\":\"n1\"},\"tags\":[1,2]}");
    assertTime("2024-05-01T12:00:00Z", p);
    assertEquals(Severity.WARN, p.severity());
    assertEquals("storage", p.component());
    assertEquals("disk almost full", p.body());
    assertEquals(Map.of("free_mb", 512L, "ctx.node", "n1"), p.attributes());
    ParsedLine bunyan = parse("{\"level\":50,\"time\":1714564800000,\"msg\":\"boom\",\"hostname\":\"h1\",\"pid\":42}");
    assertEquals(Severity.ERROR, bunyan.severity());
    assertTime("2024-05-01T12:00:00Z", bunyan);
    assertEquals("h1", bunyan.host());
    assertEquals("42", bunyan.pid());
    assertEquals("{broken json}", parse("{broken json}").body());
  }

  // ---- edge cases -------------------------------------------------------------------------------

  @Test
  void keepsEmptyAndBlankLines() {
    assertEquals("", parse("").body());
    assertEquals(LogEvent.UNSET_TIME, parse("").timeNanos());
    assertEquals("", parser.parse(null, REFERENCE).body());
    assertEquals("", parse("   ").body());
  }

  @Test
  void keepsBinaryGarbage() {
    Random random = new Random(42);
    char[] garbage = new char[4096];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (char) random.nextInt(0x10000);
    }
    String line = new String(garbage);
    ParsedLine p = parse(line);
    assertNotNull(p.body());
    assertTrue(line.endsWith(p.body()));
  }

  @Test
  void parsesAMegabyteLineInBoundedTime() {
    StringBuilder sb = new StringBuilder("2024-05-01 12:00:00 ERROR payload ");
    while (sb.length() < 1 << 20) {
      sb.append("key").append(sb.length()).append("=value ").append("x".repeat(50)).append(' ');
    }
    String line = sb.toString();
    long start = System.nanoTime();
    ParsedLine p = parse(line);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTime("2024-05-01T12:00:00Z", p);
    assertEquals(Severity.ERROR, p.severity());
    assertTrue(line.endsWith(p.body()));
    assertTrue(p.attributes().size() <= KeyValuePairs.MAX_PAIRS);
    assertTrue(millis < 1_000, "took " + millis + " ms");
  }

  @Test
  void keepsCjkAndRightToLeftText() {
    ParsedLine cjk = parse("2024-05-01 12:00:00 INFO 用户 登录 成功 ユーザー=山田");
    assertEquals(Severity.INFO, cjk.severity());
    assertEquals("用户 登录 成功 ユーザー=山田", cjk.body());
    ParsedLine rtl = parse("2024-05-01 12:00:00 WARN \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 user=\u05d3\u05e0\u05d9");
    assertEquals(Severity.WARN, rtl.severity());
    assertEquals("\u05d3\u05e0\u05d9", rtl.attributes().get("user"));
    assertTrue(rtl.body().startsWith("\u05e9\u05dc\u05d5\u05dd"));
  }

  @Test
  void readsALineOfOnlyATimestamp() {
    ParsedLine p = parse("2024-05-01T12:00:00Z");
    assertTime("2024-05-01T12:00:00Z", p);
    assertEquals("", p.body());
    assertTime("2024-06-10T06:55:46Z", parse("Jun 10 06:55:46"));
  }

  @Test
  void neverThrowsOnRandomPrintableLines() {
    Random random = new Random(7);
    String alphabet = "0123456789-:.,/ []()<>|=\"'@#$*TZ+abcdefINFOWARNERRORJanDecSun\t\u00e9\u4e2d";
    for (int n = 0; n < 20_000; n++) {
      int len = random.nextInt(120);
      StringBuilder sb = new StringBuilder(len);
      for (int i = 0; i < len; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String line = sb.toString();
      ParsedLine p = parse(line);
      assertNotNull(p.body());
      assertTrue(line.endsWith(p.body()), line);
    }
  }
}
