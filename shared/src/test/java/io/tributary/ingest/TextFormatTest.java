package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.testing.Loghub;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** text/plain under the format contract, on real Loghub lines. */
class TextFormatTest extends IngestFormatContract {

  static final String TEXT = "text/plain; charset=utf-8";

  @Override
  protected IngestFormat format() {
    return TextFormat.INSTANCE;
  }

  @Override
  protected List<Sample> validBodies() {
    return List.of(new Sample("openssh", TEXT, NdjsonFormatTest.utf8(String.join("\n", Loghub.lines("OpenSSH")))),
        new Sample("android", TEXT, NdjsonFormatTest.utf8(String.join("\n", Loghub.lines("Android").subList(0, 50)))));
  }

  @Override
  protected List<Mixed> mixedBodies() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    List<String> lines = Loghub.lines("Zookeeper").subList(0, 10);
    for (int i = 0; i < lines.size(); i++) {
      if (i == 4) {
        b.writeBytes(new byte[] {'b', 'a', 'd', (byte) 0xC3, '\n'});
      } else if (i == 6) {
        b.writeBytes(new byte[] {'n', 'u', 0, 'l', '\n'});
      } else {
        b.writeBytes(NdjsonFormatTest.utf8(lines.get(i) + "\n"));
      }
    }
    return List.of(new Mixed(new Sample("zookeeper with binary", TEXT, b.toByteArray()), List.of(4, 6),
        List.of(Reasons.INVALID_UTF8, Reasons.NUL_BYTE)));
  }

  @Override
  protected List<Sample> unreadableBodies() {
    return List.of(new Sample("blank lines only", TEXT, NdjsonFormatTest.utf8("\n  \n\t\n")));
  }

  @Override
  protected void checkEvents(Sample s, List<LogEvent> events) {
    if (s.name().equals("openssh")) {
      assertEquals(Loghub.lines("OpenSSH").size(), events.size());
      assertEquals(Loghub.lines("OpenSSH").get(17), events.get(17).message());
      assertEquals(EventKind.TEXT, events.get(17).kind());
    }
  }
}
