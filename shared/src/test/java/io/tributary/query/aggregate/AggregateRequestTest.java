package io.tributary.query.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.query.QueryException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregateRequestTest {

  private static AggregateRequest read(String json) throws QueryException {
    return AggregateRequest.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheFiltersOfAQueryAndWhatToCompute() throws Exception {
    AggregateRequest r = read("{\"last\":\"1h\",\"q\":\"error\",\"services\":[\"api\"],\"groupBy\":[\"pattern\","
        + "\"attributes.user\",\"region\"],\"top\":20,\"histogram\":{\"interval\":\"5m\",\"by\":\"host\"},"
        + "\"metrics\":[\"attributes.latency\"]}");
    assertEquals(Duration.ofHours(1), r.query().last());
    assertEquals(List.of("api"), r.query().query().services());
    assertEquals(List.of(AggregateField.Kind.PATTERN, AggregateField.Kind.ATTRIBUTE, AggregateField.Kind.ATTRIBUTE),
        r.groupBy().stream().map(AggregateField::kind).toList());
    assertEquals("region", r.groupBy().get(2).attribute());
    assertEquals(20, r.top());
    assertEquals(Duration.ofMinutes(5), r.histogram().interval());
    assertEquals(List.of("attributes.latency"), r.metrics());
  }

  @Test
  void badAggregationsAre400sWithACodeAndTheField() {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("{\"groupBy\":[\"a\",\"b\",\"c\",\"d\"]}", "invalid_field groupBy");
    bad.put("{\"groupBy\":[\"message\"]}", "invalid_field groupBy");
    bad.put("{\"groupBy\":[\"attributes.a b\"]}", "invalid_field groupBy");
    bad.put("{\"groupBy\":[]}", "invalid_field groupBy");
    bad.put("{\"groupBy\":\"service\",\"top\":1001}", "invalid_field top");
    bad.put("{\"last\":\"1h\",\"histogram\":{\"interval\":\"fortnight\"}}", "invalid_interval histogram.interval");
    bad.put("{\"last\":\"1h\",\"histogram\":{\"interval\":\"0m\"}}", "invalid_interval histogram.interval");
    bad.put("{\"last\":\"1h\",\"histogram\":{\"every\":\"1m\"}}", "unknown_field histogram.every");
    bad.put("{\"histogram\":{\"interval\":\"1m\"}}", "invalid_field histogram");
    bad.put("{\"metrics\":[\"severity\"]}", "invalid_metric metrics");
    bad.put("{\"metrics\":[\"message\"]}", "invalid_metric metrics");
    bad.put("{\"limit\":10}", "unknown_field limit");
    bad.put("{\"cursor\":\"x\"}", "unknown_field cursor");
    bad.put("{\"q\":\"(error\"}", "invalid_query q");
    bad.put("[1]", "malformed_json null");
    for (Map.Entry<String, String> b : bad.entrySet()) {
      QueryException e = assertThrows(QueryException.class, () -> read(b.getKey()), b.getKey());
      assertEquals(400, e.problem().status(), b.getKey());
      assertEquals(b.getValue(), e.problem().code() + " " + e.problem().extensions().get("field"), b.getKey());
    }
  }
}
