package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.event.LogEvent;
import java.util.ArrayList;
import java.util.List;

/** application/json (arrays, {"events":[…]}, objects one per line) under the format contract. */
class JsonFormatTest extends IngestFormatContract {

  static final String JSON = "application/json";

  @Override
  protected IngestFormat format() {
    return JsonFormat.INSTANCE;
  }

  @Override
  protected List<Sample> validBodies() {
    return List.of(
        new Sample("bgl array", JSON, NdjsonFormatTest.utf8("[" + String.join(",", NdjsonFormatTest.objects("BGL", 300))
            + "]")),
        new Sample("spark events", JSON, NdjsonFormatTest.utf8("{\"events\":[" + String.join(",\n",
            NdjsonFormatTest.objects("Spark", 40)) + "],\"source\":\"x\"}")),
        new Sample("zookeeper lines", JSON, NdjsonFormatTest.utf8(String.join("\n",
            NdjsonFormatTest.objects("Zookeeper", 30)))));
  }

  @Override
  protected List<Mixed> mixedBodies() {
    List<String> items = new ArrayList<>(NdjsonFormatTest.objects("HealthApp", 12));
    items.set(2, "42");
    items.set(7, "{\"message\":\"\"}");
    return List.of(new Mixed(new Sample("healthapp array", JSON, NdjsonFormatTest.utf8("[" + String.join(",", items)
        + "]")), List.of(2, 7), List.of(Reasons.NOT_AN_OBJECT, Reasons.MISSING_MESSAGE)));
  }

  @Override
  protected List<Sample> unreadableBodies() {
    String ok = String.join(",", NdjsonFormatTest.objects("Android", 5));
    return List.of(new Sample("unclosed array", JSON, NdjsonFormatTest.utf8("[" + ok)),
        new Sample("a string", JSON, NdjsonFormatTest.utf8("\"hello\"")));
  }

  @Override
  protected void checkEvents(Sample s, List<LogEvent> events) {
    if (s.name().equals("spark events")) {
      assertEquals(40, events.size());
      assertEquals("spark", events.get(0).service());
    }
  }
}
