package io.tributary.query;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * Whether an event matches a {@link LogQuery}: the one predicate every store, and whatever else
 * filters events, applies, so that all of them give the same answers. It covers the time range, the
 * snapshot time, the JSON filters and the {@code q} tree; paging ({@link #follows}) is separate.
 *
 * <p>Besides the exact test it tells a store what it may use to skip work without reading events,
 * each a sound superset: the tokens every match holds ({@link #requiredTokens}: message words and
 * attribute values, for per-block token filters), the words every match holds
 * ({@link #requiredWords}), and the severities a match may have ({@link #severityMask}).
 *
 * <p>Words are tested as {@link WordMatch} does: one pass hashes the message's words and looks each
 * up among the query's, building no strings; only a word whose hash is there is confirmed on the
 * words themselves (hashes can collide), so the answer is exact under NOT as well. Immutable and
 * thread-safe.
 */
public final class LogFilter {

  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
  private static final int ALL_SEVERITIES = (1 << Severity.values().length) - 1;

  private final LogQuery query;
  private final Node root;
  /** The distinct hashes of the words the tree tests, sorted, and for each the indexes of its words. */
  private final long[] hashes;
  private final int[][] wordsOfHash;
  private final int wordCount;
  private final long[] requiredTokens;
  private final List<String> requiredWords;
  private final List<String> requiredAttributeTexts;
  private final int severityMask;

  private LogFilter(LogQuery q) {
    this.query = q;
    Map<String, Integer> index = new HashMap<>();
    List<Node> parts = new ArrayList<>();
    if (!q.severities().isEmpty()) {
      int mask = 0;
      for (Severity s : q.severities()) {
        mask |= 1 << s.code();
      }
      parts.add(new SeverityNode(mask));
    }
    if (!q.services().isEmpty()) {
      Set<String> services = Set.copyOf(q.services());
      parts.add(new Leaf(1, (e, t) -> services.contains(e.service())));
    }
    if (!q.hosts().isEmpty()) {
      Set<String> hosts = Set.copyOf(q.hosts());
      parts.add(new Leaf(1, (e, t) -> hosts.contains(e.host())));
    }
    for (Map.Entry<String, String> a : q.attributes().entrySet()) {
      parts.add(attributeIs(a.getKey(), a.getValue()));
    }
    for (String w : q.words()) {
      for (String token : Words.of(w)) {
        parts.add(word(token, index));
      }
    }
    if (!(q.expr() instanceof QueryExpr.All)) {
      parts.add(compile(q.expr(), index));
    }
    this.root = parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : and(parts);
    this.wordCount = index.size();
    Map<Long, List<Integer>> byHash = new HashMap<>();
    index.forEach((w, i) -> byHash.computeIfAbsent(Words.hash(w), h -> new ArrayList<>()).add(i));
    this.hashes = byHash.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    this.wordsOfHash = new int[hashes.length][];
    for (int i = 0; i < hashes.length; i++) {
      wordsOfHash[i] = byHash.get(hashes[i]).stream().mapToInt(Integer::intValue).toArray();
    }

    Set<Object> required = new LinkedHashSet<>();
    for (String w : q.words()) {
      required.addAll(Words.of(w));
    }
    for (Map.Entry<String, String> a : q.attributes().entrySet()) {
      required.add(new AttributeToken(a.getKey(), a.getValue()));
    }
    required.addAll(required(q.expr()));
    this.requiredTokens = required.stream().mapToLong(r -> r instanceof AttributeToken a
        ? Words.attributeHash(a.name, a.value) : Words.hash((String) r)).distinct().toArray();
    this.requiredWords = required.stream().filter(r -> r instanceof String).map(r -> (String) r).toList();
    this.requiredAttributeTexts = required.stream().filter(r -> r instanceof AttributeToken)
        .map(r -> ((AttributeToken) r).value).filter(LogFilter::onlyText).distinct().toList();
    int mask = severityMask(q.expr());
    if (!q.severities().isEmpty()) {
      int json = 0;
      for (Severity s : q.severities()) {
        json |= 1 << s.code();
      }
      mask &= json;
    }
    this.severityMask = mask;
  }

  /** The predicate of {@code q}. */
  public static LogFilter of(LogQuery q) {
    return new LogFilter(q);
  }

  /**
   * The predicate of {@code q} over every event in its range whenever it was stored: no page and no
   * snapshot bound (what a job that goes over stored events, a replay or an erasure, matches).
   */
  public static LogFilter ofAllStored(LogQuery q) {
    return of(q.withPage(1, null).withAsOf(Long.MAX_VALUE));
  }

  public LogQuery query() {
    return query;
  }

  /** True when {@code e} matches the query: time range, snapshot, JSON filters and {@code q}. */
  public boolean matches(LogEvent e) {
    if (e.timeNanos() < query.fromNanos() || e.timeNanos() >= query.toNanos() || e.ingestedNanos() > query.asOfNanos()) {
      return false;
    }
    return root == null || root.test(e, new Text(e.message()));
  }

  /** True when {@code e} comes after the query's page position in its order (always, on a first page). */
  public boolean follows(LogEvent e) {
    Position after = query.after();
    if (after == null) {
      return true;
    }
    int c = Long.compare(e.timeNanos(), after.timeNanos());
    if (c == 0) {
      c = e.id().compareTo(after.id());
    }
    return query.order() == Order.NEWEST ? c < 0 : c > 0;
  }

  /**
   * Fingerprints ({@link Words#hash} of words, {@link Words#attributeHash} of attribute values) that
   * every matching event holds: a block whose token filter lacks one holds no match.
   */
  public long[] requiredTokens() {
    return requiredTokens.clone();
  }

  /** Words (lower case) every matching event's message holds. */
  public List<String> requiredWords() {
    return requiredWords;
  }

  /**
   * Values of attributes every matching event holds that only a text attribute can equal (not
   * {@code true}, {@code false}, or text a number prints as): each occurs, exactly as written, among
   * the characters of every matching event, so a store may look for it in an event's stored bytes
   * before decoding them.
   */
  public List<String> requiredAttributeTexts() {
    return requiredAttributeTexts;
  }

  /** True when only a text attribute's value can be {@code value}: it is not what a boolean or a number prints. */
  private static boolean onlyText(String value) {
    if (value.isEmpty() || value.equals("true") || value.equals("false")) {
      return false;
    }
    try {
      Double.parseDouble(value);
      return false;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** Bit {@code 1 << code} for each severity a matching event may have. */
  public int severityMask() {
    return severityMask;
  }

  // ---- what every match must hold ---------------------------------------------------------------

  private record AttributeToken(String name, String value) {
  }

  /** Words and attribute tokens that every event matching {@code e} holds. */
  private static Set<Object> required(QueryExpr e) {
    Set<Object> out = new LinkedHashSet<>();
    if (e instanceof QueryExpr.Word w) {
      out.add(w.word());
    } else if (e instanceof QueryExpr.Phrase p) {
      out.addAll(p.words());
    } else if (e instanceof QueryExpr.AttributeIs a) {
      out.add(new AttributeToken(a.name(), a.value()));
    } else if (e instanceof QueryExpr.And a) {
      a.parts().forEach(p -> out.addAll(required(p)));
    } else if (e instanceof QueryExpr.Or o) {
      // Only what every branch requires.
      out.addAll(required(o.parts().get(0)));
      for (QueryExpr p : o.parts()) {
        out.retainAll(required(p));
      }
    }
    return out;
  }

  private static int severityMask(QueryExpr e) {
    if (e instanceof QueryExpr.SeverityIn s) {
      return rangeMask(s);
    }
    if (e instanceof QueryExpr.And a) {
      return a.parts().stream().mapToInt(LogFilter::severityMask).reduce(ALL_SEVERITIES, (x, y) -> x & y);
    }
    if (e instanceof QueryExpr.Or o) {
      return o.parts().stream().mapToInt(LogFilter::severityMask).reduce(0, (x, y) -> x | y);
    }
    return ALL_SEVERITIES;
  }

  private static int rangeMask(QueryExpr.SeverityIn s) {
    int mask = 0;
    for (int c = s.min().code(); c <= s.max().code(); c++) {
      mask |= 1 << c;
    }
    return mask;
  }

  // ---- the compiled tree ------------------------------------------------------------------------

  /** One test of the tree; {@code cost} orders the parts of AND and OR, cheap first. */
  private interface Node {
    boolean test(LogEvent e, Text t);

    int cost();
  }

  @FunctionalInterface
  private interface Test {
    boolean test(LogEvent e, Text t);
  }

  private record Leaf(int cost, Test test) implements Node {
    @Override
    public boolean test(LogEvent e, Text t) {
      return test.test(e, t);
    }
  }

  private record SeverityNode(int mask) implements Node {
    @Override
    public boolean test(LogEvent e, Text t) {
      return e.severity() != null && (mask & (1 << e.severity().code())) != 0;
    }

    @Override
    public int cost() {
      return 1;
    }
  }

  private record AndNode(Node[] parts, int cost) implements Node {
    @Override
    public boolean test(LogEvent e, Text t) {
      for (Node p : parts) {
        if (!p.test(e, t)) {
          return false;
        }
      }
      return true;
    }
  }

  private record OrNode(Node[] parts, int cost) implements Node {
    @Override
    public boolean test(LogEvent e, Text t) {
      for (Node p : parts) {
        if (p.test(e, t)) {
          return true;
        }
      }
      return false;
    }
  }

  private record NotNode(Node part) implements Node {
    @Override
    public boolean test(LogEvent e, Text t) {
      return !part.test(e, t);
    }

    @Override
    public int cost() {
      return part.cost();
    }
  }

  private static Node and(List<Node> parts) {
    List<Node> merged = new ArrayList<>();
    List<Integer> index = new ArrayList<>();
    List<String> words = new ArrayList<>();
    for (Node p : parts) {
      if (p instanceof WordsNode w) {
        for (int k = 0; k < w.index.length; k++) {
          index.add(w.index[k]);
          words.add(w.words[k]);
        }
      } else {
        merged.add(p);
      }
    }
    if (!words.isEmpty()) {
      merged.add(new WordsNode(index.stream().mapToInt(Integer::intValue).toArray(), words.toArray(String[]::new)));
    }
    if (merged.size() == 1) {
      return merged.get(0);
    }
    Node[] sorted = merged.stream().sorted(Comparator.comparingInt(Node::cost)).toArray(Node[]::new);
    return new AndNode(sorted, Arrays.stream(sorted).mapToInt(Node::cost).sum());
  }

  private static Node or(List<Node> parts) {
    Node[] sorted = parts.stream().sorted(Comparator.comparingInt(Node::cost)).toArray(Node[]::new);
    return new OrNode(sorted, Arrays.stream(sorted).mapToInt(Node::cost).sum());
  }

  private Node compile(QueryExpr e, Map<String, Integer> index) {
    if (e instanceof QueryExpr.Word w) {
      return word(w.word(), index);
    } else if (e instanceof QueryExpr.Phrase p) {
      return phrase(p.words(), index);
    } else if (e instanceof QueryExpr.Prefix p) {
      String prefix = p.prefix();
      return new Leaf(30, (ev, t) -> t.anyStartsWith(prefix));
    } else if (e instanceof QueryExpr.FieldIs f) {
      return fieldIs(f);
    } else if (e instanceof QueryExpr.AttributeIs a) {
      return attributeIs(a.name(), a.value());
    } else if (e instanceof QueryExpr.SeverityIn s) {
      return new SeverityNode(rangeMask(s));
    } else if (e instanceof QueryExpr.AttributeRange r) {
      return new Leaf(2, (ev, t) -> r.contains(numeric(ev.attributes().get(r.name()))));
    } else if (e instanceof QueryExpr.And a) {
      List<Node> parts = new ArrayList<>();
      for (QueryExpr p : a.parts()) {
        parts.add(compile(p, index));
      }
      return and(parts);
    } else if (e instanceof QueryExpr.Or o) {
      List<Node> parts = new ArrayList<>();
      for (QueryExpr p : o.parts()) {
        parts.add(compile(p, index));
      }
      return or(parts);
    } else if (e instanceof QueryExpr.Not n) {
      return new NotNode(compile(n.part(), index));
    }
    return new Leaf(0, (ev, t) -> true);
  }

  private static Node word(String w, Map<String, Integer> index) {
    int i = index.computeIfAbsent(w, k -> index.size());
    return new WordsNode(new int[] {i}, new String[] {w});
  }

  /**
   * Words that must all be in the message: every hash is looked at before any word is confirmed,
   * so a message that lacks one costs no strings (the words of an AND are merged into one).
   */
  private record WordsNode(int[] index, String[] words) implements Node {
    @Override
    public boolean test(LogEvent e, Text t) {
      for (int i : index) {
        if (!t.found(i)) {
          return false;
        }
      }
      // The hashes agree; the words themselves rule out a collision.
      for (String w : words) {
        if (!Words.contains(t.message, w)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int cost() {
      return 10;
    }
  }

  private static Node phrase(List<String> words, Map<String, Integer> index) {
    int[] idx = words.stream().mapToInt(w -> index.computeIfAbsent(w, k -> index.size())).toArray();
    String[] ws = words.toArray(String[]::new);
    return new Leaf(20, (e, t) -> {
      for (int i : idx) {
        if (!t.found(i)) {
          return false;
        }
      }
      return t.holdsRun(ws);
    });
  }

  private static Node fieldIs(QueryExpr.FieldIs f) {
    String v = f.value();
    switch (f.field()) {
      case SERVICE: return new Leaf(1, (e, t) -> v.equals(e.service()));
      case HOST: return new Leaf(1, (e, t) -> v.equals(e.host()));
      case PATTERN: return new Leaf(1, (e, t) -> v.equals(e.patternId()));
      case TRACE_ID: return new Leaf(1, (e, t) -> v.equals(e.traceId()));
      default: return new Leaf(1, (e, t) -> v.equals(e.spanId()));
    }
  }

  /** An attribute's value as text equals {@code value}: how the JSON filter has always compared. */
  private static Node attributeIs(String name, String value) {
    return new Leaf(1, (e, t) -> {
      Object v = e.attributes().get(name);
      return v != null && String.valueOf(v).equals(value);
    });
  }

  /** An attribute value as a number: a number, or text that is a decimal number; NaN otherwise. */
  public static double numeric(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Double || v instanceof Float) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof String s && !s.isEmpty() && s.length() < 400 && NUMBER.matcher(s).matches()) {
      return Double.parseDouble(s);
    }
    return Double.NaN;
  }

  /** One event's message as far as the tree needed it: built lazily, once per event. */
  private final class Text implements LongConsumer {
    private final String message;
    private boolean scanned;
    /** Bit {@code i}: word {@code i}'s hash is among the message's (words 0-63). */
    private long mask;
    /** The same for every word, when the tree tests more than 64. */
    private boolean[] found;
    private List<String> tokens;

    Text(String message) {
      this.message = message == null ? "" : message;
    }

    /** Whether some word of the message has the hash of word {@code i} (maybe a collision). */
    boolean found(int i) {
      if (!scanned) {
        if (wordCount > 64) {
          found = new boolean[wordCount];
        }
        Words.forEachHash(message, this);
        scanned = true;
      }
      return found != null ? found[i] : (mask & (1L << i)) != 0;
    }

    @Override
    public void accept(long h) {
      int k = Arrays.binarySearch(hashes, h);
      if (k >= 0) {
        for (int w : wordsOfHash[k]) {
          if (found != null) {
            found[w] = true;
          } else {
            mask |= 1L << w;
          }
        }
      }
    }

    List<String> tokens() {
      if (tokens == null) {
        tokens = Words.of(message);
      }
      return tokens;
    }

    boolean anyStartsWith(String prefix) {
      return Words.anyStartsWith(message, prefix);
    }

    /** Whether {@code words} occur one after another among the message's words. */
    boolean holdsRun(String[] words) {
      List<String> ts = tokens();
      outer:
      for (int i = 0; i + words.length <= ts.size(); i++) {
        for (int k = 0; k < words.length; k++) {
          if (!ts.get(i + k).equals(words[k])) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }
  }
}
