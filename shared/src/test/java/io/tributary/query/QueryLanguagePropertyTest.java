package io.tributary.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.testing.QueryTrees;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random trees over random events: the compiled predicate agrees with the naive reference meaning,
 * every tree prints to text that parses back to it, and what the predicate tells stores they may
 * skip on (required tokens, severities) never rules out a match.
 */
class QueryLanguagePropertyTest {

  private static final TenantId ACME = TenantId.of("acme");

  private static List<LogEvent> events(Random r) {
    List<LogEvent> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      out.add(QueryTrees.event(r, ACME, "e" + i, 1_000_000_000L * i));
    }
    return out;
  }

  @Property(tries = 400, seed = "20261129")
  void theCompiledPredicateAgreesWithTheReference(@ForAll long seed) {
    Random r = new Random(seed);
    QueryExpr tree = QueryTrees.tree(r, 4);
    LogFilter filter = LogFilter.of(LogQuery.all(10).withExpr(tree));
    for (LogEvent e : events(r)) {
      assertEquals(QueryTrees.matches(tree, e), filter.matches(e), () -> tree.print() + " on " + e);
    }
  }

  @Property(tries = 400, seed = "20261129")
  void everyTreeParsesBackFromItsPrint(@ForAll long seed) throws QueryException {
    QueryExpr tree = QueryTrees.tree(new Random(seed), 4);
    assertEquals(tree, QueryParser.parse(tree.print()), tree.print());
  }

  @Property(tries = 400, seed = "20261129")
  void whatStoresSkipOnNeverRulesOutAMatch(@ForAll long seed) {
    Random r = new Random(seed);
    QueryExpr tree = QueryTrees.tree(r, 4);
    LogFilter filter = LogFilter.of(LogQuery.all(10).withExpr(tree));
    for (LogEvent e : events(r)) {
      if (!filter.matches(e)) {
        continue;
      }
      Set<Long> held = new HashSet<>();
      Words.forEachHash(e.message(), held::add);
      for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
        held.add(Words.attributeHash(a.getKey(), a.getValue()));
      }
      for (long t : filter.requiredTokens()) {
        assertTrue(held.contains(t), () -> tree.print() + " requires a token " + e + " lacks");
      }
      for (String w : filter.requiredWords()) {
        assertTrue(Words.of(e.message()).contains(w), tree.print() + " requires " + w);
      }
      assertTrue((filter.severityMask() & (1 << e.severity().code())) != 0, tree.print());
    }
  }
}
