package io.tributary.testing;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.query.QueryExpr;
import io.tributary.query.Words;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Random query trees and events over one small vocabulary (so that trees hit), and the naive
 * reference meaning of a tree: written from docs/query-language.md as plainly as possible, with
 * none of {@link io.tributary.query.LogFilter}'s hashing, ordering or laziness.
 */
public final class QueryTrees {

  public static final List<String> WORDS = List.of("error", "disk", "full", "connection", "refused", "user",
      "alice", "bob", "42", "served", "blk", "réseau");
  public static final List<String> SERVICES = List.of("api", "db", "web");
  public static final List<String> HOSTS = List.of("h1", "h2", "h-3");

  private QueryTrees() {
  }

  /** A random event of {@code tenant} at {@code time}. */
  public static LogEvent event(Random r, TenantId tenant, String id, long time) {
    StringBuilder msg = new StringBuilder();
    int n = 1 + r.nextInt(6);
    for (int i = 0; i < n; i++) {
      String w = pick(r, WORDS);
      if (r.nextInt(5) == 0) {
        w = w.toUpperCase(java.util.Locale.ROOT);
      }
      msg.append(w).append(r.nextBoolean() ? " " : r.nextBoolean() ? ": " : "_");
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    if (r.nextInt(4) != 0) {
      attrs.put("status", (long) List.of(200, 404, 500).get(r.nextInt(3)));
    }
    if (r.nextBoolean()) {
      attrs.put("latency", List.of(0.5, 1.5, 3.0).get(r.nextInt(3)));
    }
    if (r.nextBoolean()) {
      attrs.put("zone", r.nextBoolean() ? "a" : "b");
    }
    if (r.nextInt(3) == 0) {
      attrs.put("code", r.nextBoolean() ? "7" : "12");
    }
    if (r.nextInt(3) == 0) {
      attrs.put("http.method", r.nextBoolean() ? "GET" : "POST");
    }
    if (r.nextInt(5) == 0) {
      attrs.put("ok", r.nextBoolean());
    }
    String trace = r.nextInt(3) == 0 ? "t-" + r.nextInt(3) : null;
    return new LogEvent(id, tenant, EventKind.STRUCTURED, time, time + 1_000_000L,
        Severity.values()[r.nextInt(6)], null, pick(r, SERVICES), pick(r, HOSTS), msg.toString().trim(), attrs,
        trace, null, r.nextInt(4) == 0 ? "p1" : null, null);
  }

  /** A random tree of at most {@code depth} levels. */
  public static QueryExpr tree(Random r, int depth) {
    int kind = depth <= 0 ? r.nextInt(8) : r.nextInt(11);
    switch (kind) {
      case 0: case 1:
        return new QueryExpr.Word(pick(r, WORDS));
      case 2: {
        List<String> ws = new ArrayList<>();
        int n = 2 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
          ws.add(pick(r, WORDS));
        }
        return new QueryExpr.Phrase(ws);
      }
      case 3: {
        String w = pick(r, WORDS);
        return new QueryExpr.Prefix(w.substring(0, 1 + r.nextInt(w.length())));
      }
      case 4: {
        QueryExpr.Field f = QueryExpr.Field.values()[r.nextInt(QueryExpr.Field.values().length)];
        String v = switch (f) {
          case SERVICE -> pick(r, SERVICES);
          case HOST -> pick(r, HOSTS);
          case PATTERN -> "p1";
          case TRACE_ID -> "t-" + r.nextInt(3);
          case SPAN_ID -> "s";
        };
        return new QueryExpr.FieldIs(f, v);
      }
      case 5: {
        String name = pick(r, List.of("status", "zone", "code", "http.method", "ok", "missing"));
        String v = pick(r, List.of("200", "404", "a", "b", "7", "GET", "true", "x y", "\"q\""));
        return new QueryExpr.AttributeIs(name, v);
      }
      case 6: {
        int a = r.nextInt(6);
        int b = a + r.nextInt(6 - a);
        return new QueryExpr.SeverityIn(Severity.ofCode(a), Severity.ofCode(b));
      }
      case 7: {
        String name = pick(r, List.of("status", "latency", "code", "zone"));
        double lo = List.of(0.5, 7.0, 200.0, 404.0, -1.0).get(r.nextInt(5));
        double hi = lo + List.of(0.0, 1.0, 300.0).get(r.nextInt(3));
        boolean open = r.nextBoolean();
        if (hi == lo) {
          return new QueryExpr.AttributeRange(name, lo, true, hi, true);
        }
        return switch (r.nextInt(3)) {
          case 0 -> new QueryExpr.AttributeRange(name, lo, open, Double.POSITIVE_INFINITY, true);
          case 1 -> new QueryExpr.AttributeRange(name, Double.NEGATIVE_INFINITY, true, hi, open);
          default -> new QueryExpr.AttributeRange(name, lo, open, hi, r.nextBoolean());
        };
      }
      case 8:
        return new QueryExpr.Not(tree(r, depth - 1));
      default: {
        LinkedHashSet<QueryExpr> parts = new LinkedHashSet<>();
        int n = 2 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          parts.add(tree(r, depth - 1));
        }
        if (parts.size() < 2) {
          return parts.iterator().next();
        }
        return kind == 9 ? new QueryExpr.And(List.copyOf(parts)) : new QueryExpr.Or(List.copyOf(parts));
      }
    }
  }

  /** Whether {@code e} matches {@code t}, by the letter of docs/query-language.md. */
  public static boolean matches(QueryExpr t, LogEvent e) {
    List<String> words = Words.of(e.message());
    if (t instanceof QueryExpr.All) {
      return true;
    } else if (t instanceof QueryExpr.Word w) {
      return words.contains(w.word());
    } else if (t instanceof QueryExpr.Phrase p) {
      return Collections.indexOfSubList(words, p.words()) >= 0;
    } else if (t instanceof QueryExpr.Prefix p) {
      return words.stream().anyMatch(x -> x.startsWith(p.prefix()));
    } else if (t instanceof QueryExpr.FieldIs f) {
      String v = switch (f.field()) {
        case SERVICE -> e.service();
        case HOST -> e.host();
        case PATTERN -> e.patternId();
        case TRACE_ID -> e.traceId();
        case SPAN_ID -> e.spanId();
      };
      return Objects.equals(v, f.value());
    } else if (t instanceof QueryExpr.AttributeIs a) {
      Object v = e.attributes().get(a.name());
      return v != null && String.valueOf(v).equals(a.value());
    } else if (t instanceof QueryExpr.SeverityIn s) {
      return e.severity().code() >= s.min().code() && e.severity().code() <= s.max().code();
    } else if (t instanceof QueryExpr.AttributeRange g) {
      Object v = e.attributes().get(g.name());
      double d;
      if (v instanceof Number n) {
        d = n.doubleValue();
      } else if (v instanceof String s) {
        try {
          d = s.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?") ? Double.parseDouble(s) : Double.NaN;
        } catch (NumberFormatException x) {
          d = Double.NaN;
        }
      } else {
        return false;
      }
      if (Double.isNaN(d)) {
        return false;
      }
      boolean aboveLower = g.lowerInclusive() ? d >= g.lower() : d > g.lower();
      boolean belowUpper = g.upperInclusive() ? d <= g.upper() : d < g.upper();
      return aboveLower && belowUpper;
    } else if (t instanceof QueryExpr.And a) {
      return a.parts().stream().allMatch(p -> matches(p, e));
    } else if (t instanceof QueryExpr.Or o) {
      return o.parts().stream().anyMatch(p -> matches(p, e));
    } else if (t instanceof QueryExpr.Not n) {
      return !matches(n.part(), e);
    }
    throw new IllegalArgumentException(String.valueOf(t));
  }

  private static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }
}
