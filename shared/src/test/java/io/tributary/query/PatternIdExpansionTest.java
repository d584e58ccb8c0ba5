package io.tributary.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PatternIdExpansionTest {

  private static final Map<String, Set<String>> KNOWN = Map.of(
      "aaaaaaaaaaaa", Set.of("aaaaaaaaaaaa", "bbbbbbbbbbbb"),
      "bbbbbbbbbbbb", Set.of("aaaaaaaaaaaa", "bbbbbbbbbbbb"));

  private static void check(QueryExpr e, String patternId, boolean expected) {
    io.tributary.event.LogEvent event = new io.tributary.event.LogEvent("01J00000000000000000000001",
        io.tributary.event.TenantId.of("acme"), io.tributary.event.EventKind.TEXT, 1L, 1L,
        io.tributary.event.Severity.ERROR, null, "api", "h", "an error happened", Map.of(), null, null, patternId,
        "an error happened");
    assertEquals(expected, LogFilter.of(LogQuery.all(10).withExpr(e)).matches(event), e.print() + " on " + patternId);
  }

  private static QueryExpr expand(String q) throws QueryException {
    return PatternIdExpansion.expand(QueryParser.parse(q), id -> KNOWN.getOrDefault(id, Set.of(id)));
  }

  @Test
  void aPatternIdStandsForEveryIdItsPatternHad() throws QueryException {
    assertEquals(QueryParser.parse("pattern:bbbbbbbbbbbb OR pattern:aaaaaaaaaaaa"),
        new QueryExpr.Or(java.util.List.of(new QueryExpr.FieldIs(QueryExpr.Field.PATTERN, "bbbbbbbbbbbb"),
            new QueryExpr.FieldIs(QueryExpr.Field.PATTERN, "aaaaaaaaaaaa"))));
    QueryExpr e = expand("error AND NOT pattern:bbbbbbbbbbbb");
    check(e, "bbbbbbbbbbbb", false);
    check(e, "aaaaaaaaaaaa", false);
    check(e, "cccccccccccc", true);
    QueryExpr f = expand("pattern:aaaaaaaaaaaa");
    check(f, "bbbbbbbbbbbb", true);
    check(f, "aaaaaaaaaaaa", true);
    check(f, "cccccccccccc", false);
  }

  @Test
  void aTreeWithNothingToWidenIsLeftAsItIs() throws QueryException {
    QueryExpr q = QueryParser.parse("error AND (pattern:cccccccccccc OR host:web-1)");
    assertSame(q, PatternIdExpansion.expand(q, id -> Set.of(id)));
  }
}
