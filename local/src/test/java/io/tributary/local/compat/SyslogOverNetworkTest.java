package io.tributary.local.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.syslog.Facility;
import com.cloudbees.syslog.MessageFormat;
import com.cloudbees.syslog.SDElement;
import com.cloudbees.syslog.SDParam;
import com.cloudbees.syslog.Severity;
import com.cloudbees.syslog.SyslogMessage;
import com.cloudbees.syslog.sender.AbstractSyslogMessageSender;
import com.cloudbees.syslog.sender.TcpSyslogMessageSender;
import com.cloudbees.syslog.sender.UdpSyslogMessageSender;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.config.Settings;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real syslog sender (CloudBees' syslog-java-client) over TCP — RFC 5424 octet-counted and RFC
 * 3164 newline-terminated — and UDP to the local runtime's syslog listeners, and syslog over HTTP:
 * every message comes back by query, in the listeners' configured tenant whatever the messages
 * say; a bad PRI rejects its message alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyslogOverNetworkTest {

  @TempDir
  static Path dir;
  private RuntimeFixture fx;
  private int tcpPort;
  private int udpPort;

  @BeforeAll
  void start() throws Exception {
    Map<String, String> s = RuntimeFixture.settings(dir);
    s.put(Settings.SYSLOG_TCP_PORT.name(), Integer.toString(freePort()));
    s.put(Settings.SYSLOG_UDP_PORT.name(), Integer.toString(freePort()));
    s.put(Settings.SYSLOG_TENANT.name(), "acme");
    fx = RuntimeFixture.start(s);
    tcpPort = fx.runtime.syslog().orElseThrow().tcpPort();
    udpPort = fx.runtime.syslog().orElseThrow().udpPort();
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private <T extends AbstractSyslogMessageSender> T sender(T s, MessageFormat format, int port) {
    s.setSyslogServerHostname("127.0.0.1");
    s.setSyslogServerPort(port);
    s.setMessageFormat(format);
    s.setDefaultFacility(Facility.LOCAL3);
    return s;
  }

  private static SyslogMessage message(String app, String host, int i, String line, Instant base) {
    return new SyslogMessage().withAppName(app).withHostname(host).withProcId(Integer.toString(4000 + i))
        .withMsgId("M" + (i % 3)).withFacility(Facility.LOCAL3).withSeverity(i % 4 == 0 ? Severity.ERROR
            : Severity.INFORMATIONAL).withTimestamp(base.plusSeconds(i).toEpochMilli())
        .withSDElement(new SDElement("origin@32473", new SDParam("seq", Integer.toString(i)),
            new SDParam("tenant", "someone-else")))
        .withMsg(line);
  }

  /** Waits for {@code n} events of {@code service}: the listener ingests after the sender has returned. */
  private List<JsonNode> awaitEvents(String service, int n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<JsonNode> events;
    do {
      fx.awaitProcessed();
      events = fx.queryAll(Map.of("services", List.of(service), "order", "oldest"));
      if (events.size() >= n) {
        return events;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return events;
  }

  private void assertReadBack(String service, String host, List<String> lines, Instant base, boolean rfc5424)
      throws Exception {
    List<JsonNode> events = awaitEvents(service, lines.size());
    assertEquals(lines.size(), events.size(), "every message comes back once");
    events = events.stream().sorted(Comparator.comparing(e -> Instant.parse(e.path("timestamp").asText()))).toList();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode e = events.get(i);
      assertEquals(lines.get(i), e.path("message").asText(), "message " + i);
      assertEquals(host, e.path("host").asText());
      assertEquals(i % 4 == 0 ? "ERROR" : "INFO", e.path("severity").asText(), e.toString());
      assertEquals("local3", e.path("attributes").path("syslog.facility").asText(), e.toString());
      assertEquals(base.plusSeconds(i).truncatedTo(ChronoUnit.SECONDS),
          Instant.parse(e.path("timestamp").asText()).truncatedTo(ChronoUnit.SECONDS), e.toString());
      if (rfc5424) {
        assertEquals(Integer.toString(4000 + i), e.path("attributes").path("syslog.procid").asText(), e.toString());
        assertEquals("M" + (i % 3), e.path("attributes").path("syslog.msgid").asText(), e.toString());
        assertEquals(Integer.toString(i), e.path("attributes").path("origin@32473.seq").asText(), e.toString());
      }
    }
  }

  @Test
  void rfc5424OverTcpOctetCountedIsReadBackByQuery() throws Exception {
    List<String> lines = Loghub.lines("HDFS").subList(0, 200);
    Instant base = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
    try (TcpSyslogMessageSender s = sender(new TcpSyslogMessageSender(), MessageFormat.RFC_5425, tcpPort)) {
      for (int i = 0; i < lines.size(); i++) {
        s.sendMessage(message("hdfs-tcp", "datanode-1", i, lines.get(i), base));
      }
    }
    assertReadBack("hdfs-tcp", "datanode-1", lines, base, true);
  }

  @Test
  void rfc3164OverTcpNewlineFramedIsReadBackByQuery() throws Exception {
    List<String> lines = Loghub.lines("OpenSSH").subList(0, 120).stream().map(l -> l.substring(l.indexOf("]: ") + 3))
        .toList();
    Instant base = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    try (TcpSyslogMessageSender s = sender(new TcpSyslogMessageSender(), MessageFormat.RFC_3164, tcpPort)) {
      for (int i = 0; i < lines.size(); i++) {
        s.sendMessage(message("sshd-tcp", "LabSZ", i, lines.get(i), base));
      }
    }
    assertReadBack("sshd-tcp", "LabSZ", lines, base, false);
  }

  @Test
  void rfc5424OverUdpIsReadBackByQuery() throws Exception {
    List<String> lines = Loghub.lines("Zookeeper").subList(0, 100);
    Instant base = Instant.now().minus(Duration.ofHours(4)).truncatedTo(ChronoUnit.MILLIS);
    UdpSyslogMessageSender s = sender(new UdpSyslogMessageSender(), MessageFormat.RFC_5424, udpPort);
    for (int i = 0; i < lines.size(); i++) {
      s.sendMessage(message("zk-udp", "zk-1", i, lines.get(i), base));
    }
    assertReadBack("zk-udp", "zk-1", lines, base, true);
    // The messages claim tenant "someone-else" in their structured data: they are the listener's tenant's.
    List<JsonNode> other = fx.queryAll(Map.of("services", List.of("zk-udp")), fx.token("someone-else",
        io.tributary.auth.Role.LOGS_READ));
    assertEquals(0, other.size());
  }

  @Test
  void syslogOverHttpKeepsTheValidMessagesAndRejectsABadPri() throws Exception {
    List<String> lines = Loghub.lines("OpenSSH").subList(0, 4);
    String body = "<38>" + lines.get(0) + "\n" + "<999>" + lines.get(1) + "\n" + lines.get(2) + "\n<86>" + lines.get(3)
        + "\n";
    HttpResponse<String> r = fx.http.send(HttpRequest.newBuilder(fx.uri("compat/syslog"))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + fx.token)
        .header("Content-Type", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(202, r.statusCode(), r.body());
    JsonNode receipt = Json.mapper().readTree(r.body());
    assertEquals(2, receipt.path("accepted").asInt());
    assertEquals(List.of(1, 2), List.of(receipt.path("rejected").get(0).path("index").asInt(),
        receipt.path("rejected").get(1).path("index").asInt()));
    assertEquals("invalid_pri", receipt.path("rejected").get(0).path("code").asText());
    List<JsonNode> kept = awaitEvents("sshd", 2);
    assertTrue(kept.stream().anyMatch(e -> e.path("severity").asText().equals("INFO")
        && e.path("attributes").path("syslog.facility").asText().equals("authpriv")), kept.toString());
    assertEquals(2, kept.size());
  }
}
