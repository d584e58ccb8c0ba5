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
    assertEquals(new QueryExpr.And(List.of(new QueryExpr.Word("connection"), new QueryExpr.Word("refused"))),
        q.expr());
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
  void moreThan256DistinctTermsIsAFast400NamingQ() throws Exception {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < QueryParser.MAX_TERMS; i++) {
      q.append("w").append(i).append(' ');
    }
    assertEquals(QueryParser.MAX_TERMS, ((QueryExpr.And) read("{\"q\":\"" + q + "\"}").query().expr()).parts().size());
    QueryException e = assertThrows(QueryException.class, () -> read("{\"q\":\"" + q + " one-more\"}"));
    assertEquals(400, e.problem().status());
    assertEquals(QueryReasons.QUERY_TOO_COMPLEX, e.problem().code());
    assertEquals("q", e.problem().extensions().get("field"));
    assertTrue(e.problem().detail().contains("more than 256"), e.problem().detail());
  }

  @Test
  void aTenThousandTermQIsAFast400() {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      q.append(i % 2 == 0 ? "w" : "x").append(i).append(' ');
    }
    assertTrue(q.length() < QueryRequest.MAX_BODY_BYTES - 20, "within the body limit: the term limit answers");
    long t0 = System.nanoTime();
    QueryException e = assertThrows(QueryException.class, () -> read("{\"q\":\"" + q + "\"}"));
    assertEquals(QueryReasons.QUERY_TOO_COMPLEX, e.problem().code());
    assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "fast");
  }

  @Test
  void repeatedWordsCountOnce() throws Exception {
    String q = "Error ERROR error timeout ".repeat(2_000);
    assertEquals(new QueryExpr.And(List.of(new QueryExpr.Word("error"), new QueryExpr.Word("timeout"))),
        read("{\"q\":\"" + q + "\"}").query().expr());
  }

  @Test
  void lastIsRelativeAndConflictsWithFromOrTo() throws Exception {
    assertEquals(java.time.Duration.ofMinutes(15), read("{\"last\":\"15m\"}").last());
    assertEquals(java.time.Duration.ofDays(14), read("{\"last\":\"2w\"}").last());
    assertEquals("last", field("{\"last\":\"15 minutes\"}"));
    assertEquals("last", field("{\"last\":\"0s\"}"));
    QueryException e = assertThrows(QueryException.class,
        () -> read("{\"last\":\"1h\",\"from\":\"2024-05-01T00:00:00Z\"}"));
    assertEquals(QueryReasons.CONFLICTING_FIELDS, e.problem().code());
  }

  @Test
  void fieldsAreCheckedAgainstTheEventsFields() throws Exception {
    assertEquals(List.of("message", "attributes.user"),
        read("{\"fields\":[\"message\",\"attributes.user\",\"message\"]}").fields());
    assertEquals("fields", field("{\"fields\":[\"msg\"]}"));
    assertEquals("fields", field("{\"fields\":[]}"));
  }

  @Test
  void aBadQIsA400WithACodeAndColumn() {
    String[][] cases = {
        {"error AND", QueryReasons.INVALID_QUERY, "10"},
        {"(error OR warn", QueryReasons.INVALID_QUERY, "15"},
        {"error)", QueryReasons.INVALID_QUERY, "6"},
        {"status:[500 TO 400]", QueryReasons.INVALID_RANGE, "8"},
        {"status:>=abc", QueryReasons.INVALID_RANGE, "10"},
        {"service:>=api", QueryReasons.INVALID_QUERY, "1"},
        {"12:30", QueryReasons.UNKNOWN_FIELD, "1"},
        {"severity:loud", QueryReasons.INVALID_QUERY, "10"},
        {"*rror", QueryReasons.INVALID_QUERY, "1"},
        {"\\\"unclosed", QueryReasons.INVALID_QUERY, "10"},
        {"(".repeat(40) + "x" + ")".repeat(40), QueryReasons.QUERY_TOO_COMPLEX, "33"},
    };
    for (String[] c : cases) {
      QueryException e = assertThrows(QueryException.class,
          () -> read("{\"q\":\"" + c[0] + "\"}"), c[0]);
      assertEquals(400, e.problem().status(), c[0]);
      assertEquals(c[1], e.problem().code(), c[0] + ": " + e.problem().detail());
      assertEquals(Integer.parseInt(c[2]), e.problem().extensions().get("column"), c[0] + ": " + e.problem().detail());
      assertTrue(e.problem().detail().startsWith("at column " + c[2] + ": expected")
          || !c[1].equals(QueryReasons.INVALID_QUERY), e.problem().detail());
    }
  }
}
