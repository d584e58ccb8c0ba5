package io.tributary.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Rewrites {@code pattern:ID} in a filter tree to {@code (pattern:ID OR pattern:OTHER …)} over the
 * ids the pattern has had: a pattern's id is a function of its template and changes when the
 * template generalises, and events stored before and after carry the old id and the new one.
 */
public final class PatternIdExpansion {

  private PatternIdExpansion() {
  }

  /** {@code expr} with every pattern id widened to the ids {@code equivalents} gives; unchanged when none widens. */
  public static QueryExpr expand(QueryExpr expr, Function<String, Set<String>> equivalents) {
    if (expr instanceof QueryExpr.FieldIs f && f.field() == QueryExpr.Field.PATTERN) {
      Set<String> ids = new LinkedHashSet<>();
      ids.add(f.value());
      ids.addAll(equivalents.apply(f.value()));
      if (ids.size() == 1) {
        return expr;
      }
      List<QueryExpr> parts = new ArrayList<>(ids.size());
      for (String id : ids) {
        parts.add(new QueryExpr.FieldIs(QueryExpr.Field.PATTERN, id));
      }
      return new QueryExpr.Or(parts);
    }
    if (expr instanceof QueryExpr.And a) {
      List<QueryExpr> parts = expandAll(a.parts(), equivalents);
      return parts == null ? expr : new QueryExpr.And(parts);
    }
    if (expr instanceof QueryExpr.Or o) {
      List<QueryExpr> parts = expandAll(o.parts(), equivalents);
      return parts == null ? expr : new QueryExpr.Or(parts);
    }
    if (expr instanceof QueryExpr.Not n) {
      QueryExpr part = expand(n.part(), equivalents);
      return part == n.part() ? expr : new QueryExpr.Not(part);
    }
    return expr;
  }

  /** The parts expanded, or null when none changed. */
  private static List<QueryExpr> expandAll(List<QueryExpr> parts, Function<String, Set<String>> equivalents) {
    List<QueryExpr> out = new ArrayList<>(parts.size());
    boolean changed = false;
    for (QueryExpr p : parts) {
      QueryExpr e = expand(p, equivalents);
      changed |= e != p;
      out.add(e);
    }
    return changed ? out : null;
  }
}
