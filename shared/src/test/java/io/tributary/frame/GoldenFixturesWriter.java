package io.tributary.frame;

import com.github.luben.zstd.Zstd;
import io.tributary.event.LogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the golden fixtures of the frame and event-row formats from {@link GoldenInputs}, into
 * {@code shared/src/test/resources/golden}. Disabled by default: the fixtures are written once per
 * format version and committed. To write them again (only for a new format version, never to make
 * {@link GoldenFormatsTest} pass):
 *
 * <pre>
 * mvn -o -q -pl shared test -Dtest=GoldenFixturesWriter -Dgolden.write=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "golden.write", matches = "true")
class GoldenFixturesWriter {

  static final String DIR = "golden";

  @Test
  void writeTheFixtures() throws IOException {
    Path dir = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", DIR);
    Files.createDirectories(dir);
    FrameCodec codec = new FrameCodec();
    for (PayloadLayout layout : new PayloadLayout[] {PayloadLayout.NDJSON_BODY, PayloadLayout.TEXT_BODY,
        PayloadLayout.JSON_BODY}) {
      FrameHeader h = GoldenInputs.header(layout, GoldenInputs.skip(layout), 0);
      byte[] body = GoldenInputs.body(layout);
      byte[] zstd = codec.encodeBody(h, PayloadCodec.NONE, body, body.length);
      Files.write(dir.resolve(GoldenInputs.fixture(layout, GoldenInputs.How.ZSTD)), zstd);
      Files.write(dir.resolve(GoldenInputs.fixture(layout, GoldenInputs.How.CLIENT_GZIP)),
          codec.encodeBody(h, PayloadCodec.GZIP, GoldenInputs.gzip(body), body.length));
      Files.write(dir.resolve(GoldenInputs.fixture(layout, GoldenInputs.How.CLIENT_ZSTD)),
          codec.encodeBody(h, PayloadCodec.ZSTD, Zstd.compress(body, 19), body.length));
      Files.write(dir.resolve(GoldenInputs.fixture(layout, GoldenInputs.How.NONE)), uncompressed(zstd, body));
    }
    for (PayloadLayout layout : new PayloadLayout[] {PayloadLayout.JSON_ITEMS, PayloadLayout.TEXT_ITEMS}) {
      int first = layout == PayloadLayout.JSON_ITEMS ? GoldenInputs.JSON_ITEMS_FIRST_SEQ : 0;
      int n = GoldenInputs.itemCount(layout);
      int[] ranges = new int[2 * n];
      byte[] body = GoldenInputs.itemsBody(layout, ranges);
      byte[] zstd = codec.encodeItems(GoldenInputs.header(layout, new int[0], first), body, ranges, n).get(0);
      Files.write(dir.resolve(GoldenInputs.fixture(layout, GoldenInputs.How.ZSTD)), zstd);
      Files.write(dir.resolve(GoldenInputs.fixture(layout, GoldenInputs.How.NONE)),
          uncompressed(zstd, FrameCodec.read(zstd).payload()));
    }
    Files.write(dir.resolve("frame-v1-event_rows-zstd.bin"), GoldenInputs.version1Frame(true));
    Files.write(dir.resolve("frame-v1-event_rows-none.bin"), GoldenInputs.version1Frame(false));
    ByteWriter rows = new ByteWriter(512);
    for (LogEvent e : GoldenInputs.rows()) {
      EventCodec.write(e, rows);
    }
    Files.write(dir.resolve("event-rows.bin"), rows.toByteArray());
  }

  /** {@code frame}'s header with codec NONE (the byte after the version) and the raw payload. */
  private static byte[] uncompressed(byte[] frame, byte[] raw) {
    int at = FrameCodec.payloadOffset(frame);
    byte[] out = java.util.Arrays.copyOf(frame, at + raw.length);
    out[3] = (byte) PayloadCodec.NONE.code();
    System.arraycopy(raw, 0, out, at, raw.length);
    return out;
  }
}
