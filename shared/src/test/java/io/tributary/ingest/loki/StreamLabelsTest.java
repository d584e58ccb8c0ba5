package io.tributary.ingest.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamLabelsTest {

  @Test
  void readsPrometheusLabelSyntaxWithItsEscapes() {
    StreamLabels l = StreamLabels.parse(" {job=\"varlogs\", filename=\"/var/log/a \\\"b\\\".log\",msg=\"x\\ny\\\\z\",} ");
    assertNull(l.error());
    assertEquals(Map.of("job", "varlogs", "filename", "/var/log/a \"b\".log", "msg", "x\ny\\z"), l.labels());
    assertEquals(Map.of(), StreamLabels.parse("{}").labels());
  }

  @Test
  void labelsThatAreNotPrometheusSyntaxSayWhatIsWrong() {
    for (String bad : new String[] {"job=\"x\"", "{job=x}", "{job=\"x}", "{1job=\"x\"}", "{job=\"x\" app=\"y\"}",
        "{job=\"x\"} extra", "{job=\"a\\qb\"}", "{jöb=\"x\"}", "{=\"x\"}", ""}) {
      StreamLabels l = StreamLabels.parse(bad);
      assertNotNull(l.error(), bad);
      assertEquals(Map.of(), l.labels(), bad);
    }
  }
}
