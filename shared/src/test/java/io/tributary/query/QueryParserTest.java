package io.tributary.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.Severity;
import io.tributary.query.QueryExpr.And;
import io.tributary.query.QueryExpr.AttributeIs;
import io.tributary.query.QueryExpr.AttributeRange;
import io.tributary.query.QueryExpr.FieldIs;
import io.tributary.query.QueryExpr.Not;
import io.tributary.query.QueryExpr.Or;
import io.tributary.query.QueryExpr.Phrase;
import io.tributary.query.QueryExpr.Prefix;
import io.tributary.query.QueryExpr.SeverityIn;
import io.tributary.query.QueryExpr.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryParserTest {

  private static QueryExpr parse(String q) throws QueryException {
    return QueryParser.parse(q);
  }

  private static QueryException refused(String q) {
    return assertThrows(QueryException.class, () -> parse(q), q);
  }

  @Test
  void wordsSideBySideAreAllRequiredAndCaseDoesNotMatter() throws Exception {
    assertEquals(new And(List.of(new Word("connection"), new Word("refused"))), parse("Connection  REFUSED"));
    assertEquals(new Word("error"), parse("error"));
    assertEquals(QueryExpr.ALL, parse("   "));
    assertEquals(QueryExpr.ALL, parse("-> !! -->"));
    assertEquals(new Word("x"), parse("--x"));
  }

  @Test
  void lowerCaseOperatorsStayWordsAsBeforeTheLanguage() throws Exception {
    assertEquals(new And(List.of(new Word("failed"), new Word("or"), new Word("denied"))), parse("failed or denied"));
  }

  @Test
  void notBindsTighterThanAndWhichBindsTighterThanOr() throws Exception {
    assertEquals(new Or(List.of(new And(List.of(new Word("a"), new Not(new Word("b")))), new Word("c"))),
        parse("a AND NOT b OR c"));
    assertEquals(new And(List.of(new Word("a"), new Or(List.of(new Word("b"), new Word("c"))))),
        parse("a (b OR c)"));
    assertEquals(new And(List.of(new Word("error"), new Not(new Word("timeout")))), parse("error -timeout"));
  }

  @Test
  void quotesMakeAPhraseAndPunctuationInATermSplitsIntoWords() throws Exception {
    assertEquals(new Phrase(List.of("connection", "refused")), parse("\"Connection refused\""));
    assertEquals(new And(List.of(new Word("blk"), new Word("1608"))), parse("blk_-1608"));
    assertEquals(new Prefix("conn"), parse("conn*"));
    assertEquals(new And(List.of(new Word("dfs"), new Prefix("data"))), parse("dfs.Data*"));
  }

  @Test
  void fieldsAreBuiltInsOrAttributesWithDottedNames() throws Exception {
    assertEquals(new FieldIs(QueryExpr.Field.SERVICE, "api"), parse("service:api"));
    assertEquals(new FieldIs(QueryExpr.Field.TRACE_ID, "4bf92f35"), parse("traceId:4bf92f35"));
    assertEquals(new AttributeIs("http.method", "GET"), parse("http.method:GET"));
    assertEquals(new AttributeIs("user", "Ann Lee"), parse("user:\"Ann Lee\""));
    assertEquals(new AttributeIs("service", "x"), parse("attributes.service:x"));
    assertEquals(new SeverityIn(Severity.WARN, Severity.WARN), parse("severity:warning"));
    assertEquals(new SeverityIn(Severity.WARN, Severity.FATAL), parse("severity:>=warn"));
    assertEquals(new SeverityIn(Severity.ERROR, Severity.FATAL), parse("severity:>warn"));
    assertEquals(new SeverityIn(Severity.DEBUG, Severity.WARN), parse("severity:[debug TO error}"));
    assertEquals(new AttributeRange("status", 500, true, Double.POSITIVE_INFINITY, true), parse("status:>=500"));
    assertEquals(new AttributeRange("latency", 0.5, false, 2, true), parse("latency:{0.5 TO 2]"));
    assertEquals(new AttributeRange("bytes", Double.NEGATIVE_INFINITY, true, 1e6, false), parse("bytes:[* TO 1e6}"));
  }

  @Test
  void printingIsCanonical() throws Exception {
    assertEquals("(a OR b) NOT c service:api \"x y\" http.method:\"GET /\" status:[200.0 TO 300.0}",
        parse("(a OR b) AND -c service:api \"X Y\" http.method:\"GET /\" status:[200 TO 300}").print());
  }

  @Test
  void errorsNameTheColumnAndWhatWasExpected() {
    QueryException e = refused("error OR (disk full");
    assertEquals(QueryReasons.INVALID_QUERY, e.problem().code());
    assertEquals("at column 20: expected ')' to close the '(' at column 10 but found the end of the query",
        e.problem().detail());
    assertEquals("at column 7: expected a term after OR but found ')'", refused("(a OR )").problem().detail());
    assertTrue(refused("status:[9 TO 1]").problem().detail().contains("empty"));
    assertEquals(QueryReasons.INVALID_RANGE, refused("severity:>fatal").problem().code());
    assertEquals(QueryReasons.INVALID_QUERY, refused("host:[a TO b]").problem().code());
    assertEquals(QueryReasons.INVALID_QUERY, refused("service:").problem().code());
    assertEquals(QueryReasons.INVALID_QUERY, refused("er*or").problem().code());
    assertEquals(QueryReasons.INVALID_QUERY, refused("NOT").problem().code());
    assertEquals(QueryReasons.INVALID_QUERY, refused("OR a").problem().code());
    assertEquals(QueryReasons.INVALID_QUERY, refused("()").problem().code());
    assertEquals(QueryReasons.UNKNOWN_FIELD, refused("9am:x").problem().code());
  }

  @Test
  void deepNestingIsRefusedBeforeTheStackIs() {
    String deep = "(".repeat(100_000) + "x" + ")".repeat(100_000);
    assertEquals(QueryReasons.QUERY_TOO_LARGE, refused(deep).problem().code());
    String nots = "NOT ".repeat(1000) + "x";
    assertEquals(QueryReasons.QUERY_TOO_COMPLEX, refused(nots).problem().code());
    String dashes = "-(".repeat(20) + "x" + ")".repeat(20);
    assertEquals(QueryReasons.QUERY_TOO_COMPLEX, refused(dashes).problem().code());
  }
}
