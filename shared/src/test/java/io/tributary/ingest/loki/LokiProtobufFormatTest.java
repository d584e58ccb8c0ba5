package io.tributary.ingest.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.loki4j.pkg.loki.protobuf.Push;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.IngestFormatContract;
import io.tributary.ingest.Reasons;
import io.tributary.testing.Loghub;
import java.util.Arrays;
import java.util.List;

/** Loki push in protobuf + snappy under the format contract, on requests loki4j's generated classes wrote. */
class LokiProtobufFormatTest extends IngestFormatContract {

  static final String PROTOBUF = "application/x-protobuf";

  @Override
  protected IngestFormat format() {
    return LokiProtobufFormat.INSTANCE;
  }

  @Override
  protected List<Sample> validBodies() {
    return List.of(new Sample("hdfs, openssh and apache", PROTOBUF,
            LokiSamples.snappy(LokiSamples.proto(60).toByteArray())),
        new Sample("one entry each", PROTOBUF, LokiSamples.snappy(LokiSamples.proto(1).toByteArray())));
  }

  /**
   * Entries 0-2 valid; 3 and 4 in a stream whose labels do not read; 5 an empty line; 6 a time
   * past 2262; 7 far in the future; 8 valid.
   */
  static Push.PushRequest mixed() {
    List<String> lines = Loghub.lines("Apache");
    Push.PushRequest.Builder req = Push.PushRequest.newBuilder();
    req.addStreams(LokiSamples.stream("{app=\"apache\"}", "Apache", 0, 3));
    req.addStreams(LokiSamples.stream("{app=apache}", "Apache", 3, 5));
    Push.StreamAdapter.Builder s = Push.StreamAdapter.newBuilder().setLabels("{app=\"apache\", host=\"web-1\"}");
    s.addEntries(LokiSamples.entry(5, ""));
    s.addEntries(LokiSamples.entry(6, lines.get(6)).setTimestamp(com.github.loki4j.pkg.google.protobuf.Timestamp.newBuilder()
        .setSeconds(Long.MAX_VALUE / 10)));
    s.addEntries(LokiSamples.entry(7, lines.get(7)).setTimestamp(com.github.loki4j.pkg.google.protobuf.Timestamp.newBuilder()
        .setSeconds(4_000_000_000L)));
    s.addEntries(LokiSamples.entry(8, lines.get(8)));
    req.addStreams(s);
    return req.build();
  }

  @Override
  protected List<Mixed> mixedBodies() {
    return List.of(new Mixed(new Sample("apache with bad entries", PROTOBUF,
        LokiSamples.snappy(mixed().toByteArray())), List.of(3, 4, 5, 6, 7),
        List.of(Reasons.INVALID_LABELS, Reasons.INVALID_LABELS, Reasons.MISSING_MESSAGE, Reasons.INVALID_TIMESTAMP,
            Reasons.TIMESTAMP_IN_FUTURE)));
  }

  @Override
  protected List<Sample> unreadableBodies() {
    byte[] raw = LokiSamples.proto(5).toByteArray();
    byte[] framed = new byte[raw.length + 10];
    // snappy's framing format (stream identifier chunk), which Loki does not read
    System.arraycopy(new byte[] {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'}, 0, framed, 0, 10);
    System.arraycopy(raw, 0, framed, 10, raw.length);
    return List.of(new Sample("not snappy (the protobuf as is)", PROTOBUF, raw),
        new Sample("snappy's framing format", PROTOBUF, framed),
        new Sample("truncated protobuf, snappy intact", PROTOBUF,
            LokiSamples.snappy(Arrays.copyOf(raw, raw.length - 7))),
        new Sample("truncated snappy", PROTOBUF, Arrays.copyOf(LokiSamples.snappy(raw), 40)));
  }

  @Override
  protected void checkEvents(Sample s, List<LogEvent> events) {
    if (!s.name().startsWith("hdfs")) {
      return;
    }
    assertEquals(180, events.size());
    LogEvent e = events.get(120 + 4);
    assertEquals(Loghub.lines("Apache").get(4), e.message());
    assertEquals("apache", e.service());
    assertEquals("node-6", e.host());
    assertEquals(Timestamps.ofInstant(LokiSamples.BASE.plusSeconds(4)) + 4, e.timeNanos());
    assertEquals(Severity.ERROR, events.get(1).severity());
    assertEquals("worker-5", events.get(5).attributes().get("thread"));
    assertEquals("varlogs", e.attributes().get("job"));
  }
}
