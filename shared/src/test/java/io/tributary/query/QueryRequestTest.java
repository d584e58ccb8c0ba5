package io.tributary.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryRequestTest {

  private static QueryRequest read(String json) throws QueryException {
    return QueryRequest.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String field(String json) {
    QueryException e = assertThrows(QueryException.class, () -> read(json));
    assertEquals(400, e.problem().status());
    return String.valueOf(e.problem().extensions().get("field"));
  }

  @Test
  void readsEveryField() throws Exception {
    QueryRequest r = read("{\"from\":\"2024-05-01T00:00:00Z\",\"to\":1714608000,\"minSeverity\":\"warn\","
        + "\"services\":[\"api\"],\"hosts\":\"h1\",\"attributes\":{\"code\":500},\"q\":\"Connection REFUSED\","
        + "\"order\":\"oldest\",\"limit\":10,\"cursor\":\"abc\"}");
    LogQuery q = r.query();
    assertEquals(Timestamps.parse("2024-05-01T00:00:00Z"), q.fromNanos());
    assertEquals(1714608000L * 1_000_000_000L, q.toNanos());
    assertEquals(Set.of(Severity.WARN, Severity.ERROR, Severity.FATAL), q.severities());
    assertEquals(List.of("api"), q.services());
    assertEquals(List.of("h1"), q.hosts());
    assertEquals(Map.of("code", "500"), q.attributes());
    assertEquals(List.of("connection", "refused"), q.words());
    assertEquals(Order.OLDEST, q.order());
    assertEquals(10, q.limit());
    assertEquals("abc", r.cursor());
  }

  @Test
  void anEmptyBodyQueriesEverythingNewestFirst() throws Exception {
    LogQuery q = QueryRequest.read(new byte[0]).query();
    assertEquals(QueryRequest.DEFAULT_LIMIT, q.limit());
    assertEquals(Order.NEWEST, q.order());
  }

  @Test
  void aBadValueIsA400NamingTheField() {
    assertEquals("from", field("{\"from\":\"last tuesday\"}"));
    assertEquals("to", field("{\"from\":\"2024-05-02T00:00:00Z\",\"to\":\"2024-05-01T00:00:00Z\"}"));
    assertEquals("severity", field("{\"severity\":[\"LOUD\"]}"));
    assertEquals("limit", field("{\"limit\":0}"));
    assertEquals("limit", field("{\"limit\":1001}"));
    assertEquals("order", field("{\"order\":\"random\"}"));
    assertEquals("services", field("{\"services\":[1]}"));
    assertEquals("attributes.a", field("{\"attributes\":{\"a\":{\"b\":1}}}"));
    assertEquals("servcies", field("{\"servcies\":[\"api\"]}"));
    QueryException e = assertThrows(QueryException.class, () -> read("{not json"));
    assertEquals("malformed_json", e.problem().code());
  }
  @Test
  void aBodyOver64KibIsA400SayingHowLarge() {
    String big = "{\"services\":[\"" + "s".repeat(QueryRequest.MAX_BODY_BYTES) + "\"]}";
    QueryException e = assertThrows(QueryException.class, () -> read(big));
    assertEquals(400, e.problem().status());
    assertEquals(QueryReasons.QUERY_TOO_LARGE, e.problem().code());
    assertTrue(e.problem().detail().contains(Integer.toString(QueryRequest.MAX_BODY_BYTES)), e.problem().detail());
  }

  @Test
  void moreThan32DistinctWordsIsA400NamingQ() throws Exception {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < QueryRequest.MAX_WORDS; i++) {
      q.append("w").append(i).append(' ');
    }
    assertEquals(QueryRequest.MAX_WORDS, read("{\"q\":\"" + q + "\"}").query().words().size());
    QueryException e = assertThrows(QueryException.class, () -> read("{\"q\":\"" + q + " one-more\"}"));
    assertEquals(400, e.problem().status());
    assertEquals(QueryReasons.TOO_MANY_WORDS, e.problem().code());
    assertEquals("q", e.problem().extensions().get("field"));
    assertTrue(e.problem().detail().contains("at most 32"), e.problem().detail());
  }

  @Test
  void repeatedWordsCountOnce() throws Exception {
    String q = "Error ERROR error timeout ".repeat(2_000);
    assertEquals(List.of("error", "timeout"), read("{\"q\":\"" + q + "\"}").query().words());
  }
}
