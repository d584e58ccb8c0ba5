package io.tributary.ingest.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.IngestFormatContract;
import io.tributary.ingest.IngestReplayCheck;
import io.tributary.ingest.Reasons;
import io.tributary.testing.Loghub;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Syslog under the format contract: sshd's RFC 3164 lines and RFC 5424 messages, both framings. */
class SyslogFormatTest extends IngestFormatContract {

  static final String TEXT = "text/plain";

  @Override
  protected IngestFormat format() {
    return SyslogFormat.INSTANCE;
  }

  static List<String> mixedVersions(int n) {
    List<String> m = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      m.add(i % 2 == 0 ? SyslogSamples.rfc3164(i) : SyslogSamples.rfc5424("HDFS", i));
    }
    return m;
  }

  @Override
  protected List<Sample> validBodies() {
    return List.of(new Sample("rfc 3164 and 5424, newline-separated", TEXT, SyslogSamples.lines(mixedVersions(200))),
        new Sample("octet-counted", "application/octet-stream", SyslogSamples.octetCounted(mixedVersions(40))),
        new Sample("one message, CRLF", TEXT, (SyslogSamples.rfc3164(3) + "\r\n").getBytes(StandardCharsets.UTF_8)));
  }

  /** Messages 1 (no PRI), 3 (PRI 192), 4 (a 5424 time without a zone), 6 (structured data unclosed); 0, 2, 5 valid. */
  static List<String> mixed() {
    return List.of(SyslogSamples.rfc3164(0), Loghub.lines("OpenSSH").get(1), SyslogSamples.rfc3164(2),
        "<192>" + Loghub.lines("OpenSSH").get(3), "<14>1 2026-11-20T06:55:46 host app - - - no zone",
        SyslogSamples.rfc5424("Spark", 5), "<14>1 - host app - - [x a=\"b] msg");
  }

  @Override
  protected List<Mixed> mixedBodies() {
    List<String> codes = List.of(Reasons.INVALID_PRI, Reasons.INVALID_PRI, Reasons.INVALID_TIMESTAMP,
        Reasons.MALFORMED_SYSLOG);
    byte[] cut = SyslogSamples.octetCounted(List.of(SyslogSamples.rfc3164(7), SyslogSamples.rfc3164(8)));
    return List.of(new Mixed(new Sample("bad PRIs and headers", TEXT, SyslogSamples.lines(mixed())),
            List.of(1, 3, 4, 6), codes),
        new Mixed(new Sample("octet-counted, bad PRIs", TEXT, SyslogSamples.octetCounted(mixed())), List.of(1, 3, 4, 6),
            codes),
        new Mixed(new Sample("octet count past the end", TEXT, java.util.Arrays.copyOf(cut, cut.length - 5)),
            List.of(1), List.of(Reasons.MALFORMED_SYSLOG)));
  }

  @Override
  protected List<Sample> unreadableBodies() {
    // Every line of syslog is an item: what is refused whole is a body with no message at all, or not UTF-8 text.
    return List.of(new Sample("only blank lines", TEXT, "\n\r\n\n".getBytes(StandardCharsets.UTF_8)),
        new Sample("not text", "text/plain; charset=latin1", SyslogSamples.lines(mixedVersions(2))));
  }

  @Override
  protected void checkEvents(Sample s, List<LogEvent> events) {
    if (!s.name().startsWith("rfc 3164 and 5424")) {
      return;
    }
    assertEquals(200, events.size());
    LogEvent bsd = events.get(10);
    // "Dec 10 06:55:46 LabSZ sshd[24200]: …" in UTC, in the year that is not after the ingest time
    assertEquals("LabSZ", bsd.host());
    assertEquals("sshd", bsd.service());
    String line = Loghub.lines("OpenSSH").get(10);
    assertEquals(line.substring(line.indexOf("]: ") + 3), bsd.message());
    assertEquals(line.substring(line.indexOf("sshd[") + 5, line.indexOf("]: ")), bsd.attributes().get("syslog.procid"));
    assertEquals("auth", bsd.attributes().get("syslog.facility"));
    assertEquals(Severity.WARN, bsd.severity());
    assertEquals("warning", bsd.severityText());
    int year = LocalDateTime.ofInstant(IngestReplayCheck.NOW, ZoneOffset.UTC).getYear() - 1;
    assertEquals(LocalDateTime.parse(line.substring(0, 15).replace("Dec 10", year + "-12-10T").replace("T ", "T"))
        .toInstant(ZoneOffset.UTC), Timestamps.toInstant(bsd.timeNanos()));
    LogEvent ietf = events.get(9);
    assertEquals(Loghub.lines("HDFS").get(9), ietf.message(), "the BOM dropped");
    assertEquals("hdfs", ietf.service());
    assertEquals("node-1.example.com", ietf.host());
    assertEquals(Severity.ERROR, ietf.severity());
    assertEquals("local0", ietf.attributes().get("syslog.facility"));
    assertEquals("1009", ietf.attributes().get("syslog.procid"));
    assertEquals("ID2", ietf.attributes().get("syslog.msgid"));
    assertEquals("10.0.0.9", ietf.attributes().get("origin.ip"));
    assertEquals("a \"quoted\" ] bracket", ietf.attributes().get("meta@32473.note"));
    assertEquals(Timestamps.ofInstant(SyslogSamples.BASE.plusMillis(9)), ietf.timeNanos());
    assertNull(ietf.traceId());
    IntStream.range(0, 200).forEach(i -> assertEquals(i % 2 == 0 ? "sshd" : "hdfs", events.get(i).service()));
  }
}
