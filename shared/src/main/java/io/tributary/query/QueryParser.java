package io.tributary.query;

import io.tributary.event.Severity;
import io.tributary.http.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the query language of {@code q} (docs/query-language.md) into a {@link QueryExpr}: a
 * hand-written recursive descent over the characters, one pass, no backtracking. Terms side by side
 * are ANDed; {@code AND}, {@code OR}, {@code NOT} (upper case only: lower-case words stay words, as
 * before the language) and {@code -} combine them, NOT binding tightest, then AND, then OR.
 *
 * <p>Bounded: at most {@link #MAX_LENGTH} characters, {@link #MAX_TERMS} terms and
 * {@link #MAX_DEPTH} levels of parentheses and NOTs, each checked as the text is read, so a huge or
 * deeply nested {@code q} is refused early, never by a stack overflow. A refusal is a 400 whose
 * message names the column and what was expected there. Stateless; thread-safe.
 */
public final class QueryParser {

  /** The longest {@code q}, in characters (the body limit bounds it as well). */
  public static final int MAX_LENGTH = 64 * 1024;
  /** The most distinct terms (words, phrases, prefixes, field tests) one {@code q} may hold; a repeat counts once. */
  public static final int MAX_TERMS = 256;
  /** The deepest nesting of parentheses and NOTs. */
  public static final int MAX_DEPTH = 32;

  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  private final String text;
  private int pos;
  private final java.util.Set<QueryExpr> terms = new java.util.HashSet<>();
  private int depth;

  private QueryParser(String text) {
    this.text = text;
  }

  /** The tree of {@code q}; {@link QueryExpr#ALL} when it holds no term. */
  public static QueryExpr parse(String q) throws QueryException {
    if (q.length() > MAX_LENGTH) {
      throw new QueryException(Problem.of(400, QueryReasons.QUERY_TOO_LARGE, "q is " + q.length()
          + " characters long; it may be at most " + MAX_LENGTH + ": keep the telling terms and narrow with the"
          + " JSON filters").with("field", "q"));
    }
    QueryParser p = new QueryParser(q);
    p.skipSpace();
    if (p.atEnd()) {
      return QueryExpr.ALL;
    }
    QueryExpr e = p.or();
    p.skipSpace();
    if (!p.atEnd()) {
      // Only a ')' stops an OR-list early.
      throw p.error(p.pos, "an operator, a term or the end of the query", QueryReasons.INVALID_QUERY,
          " (this ')' has no '(' to close)");
    }
    return e == null ? QueryExpr.ALL : e;
  }

  // ---- grammar ---------------------------------------------------------------------------------

  /** or = and { "OR" and } */
  private QueryExpr or() throws QueryException {
    List<QueryExpr> parts = new ArrayList<>();
    int start = pos;
    QueryExpr first = and();
    if (first == null) {
      skipSpace();
      if (keyword("OR") || (pos == start && !atEnd() && peek() != ')')) {
        throw error(pos, "a term", QueryReasons.INVALID_QUERY, keyword("OR") ? " (OR joins two terms)" : "");
      }
      return null; // nothing but punctuation
    }
    parts.add(first);
    while (true) {
      skipSpace();
      if (!keyword("OR")) {
        break;
      }
      pos += 2;
      skipSpace();
      int at = pos;
      QueryExpr next = and();
      if (next == null) {
        throw error(at, "a term after OR", QueryReasons.INVALID_QUERY, "");
      }
      parts.add(next);
    }
    return join(parts, true);
  }

  /** and = unary { ["AND"] unary }; null when no term is there (only text without words). */
  private QueryExpr and() throws QueryException {
    List<QueryExpr> parts = new ArrayList<>();
    while (true) {
      skipSpace();
      if (atEnd() || peek() == ')' || keyword("OR")) {
        break;
      }
      boolean explicit = keyword("AND");
      if (explicit) {
        if (parts.isEmpty()) {
          throw error(pos, "a term", QueryReasons.INVALID_QUERY, " (AND joins two terms)");
        }
        pos += 3;
        skipSpace();
        if (atEnd() || peek() == ')' || keyword("OR") || keyword("AND")) {
          throw error(pos, "a term after AND", QueryReasons.INVALID_QUERY, "");
        }
      }
      QueryExpr u = unary();
      if (u != null) {
        parts.add(u);
      }
    }
    return parts.isEmpty() ? null : join(parts, false);
  }

  /** unary = ("NOT" | "-") unary | primary */
  private QueryExpr unary() throws QueryException {
    // '-' negates what starts right after it (a word, a quote, a parenthesis, a field); "->" and "-->" are punctuation.
    boolean dash = peek() == '-' && pos + 1 < text.length() && startsTerm(text.charAt(pos + 1));
    if (keyword("NOT") || dash) {
      int at = pos;
      pos += dash ? 1 : 3;
      enter(at);
      skipSpace();
      int operand = pos;
      if (atEnd() || peek() == ')' || keyword("OR") || keyword("AND")) {
        throw error(operand, "a term after " + (dash ? "'-'" : "NOT"), QueryReasons.INVALID_QUERY, "");
      }
      QueryExpr inner = unary();
      depth--;
      if (inner == null) {
        throw error(operand, "a term with a word after " + (dash ? "'-'" : "NOT"), QueryReasons.INVALID_QUERY, "");
      }
      return new QueryExpr.Not(inner);
    }
    return primary();
  }

  /** primary = "(" or ")" | phrase | field | term */
  private QueryExpr primary() throws QueryException {
    char c = peek();
    if (c == '(') {
      int open = pos;
      pos++;
      enter(open);
      skipSpace();
      if (!atEnd() && peek() == ')') {
        throw error(pos, "a term inside the parentheses", QueryReasons.INVALID_QUERY, "");
      }
      int inside = pos;
      QueryExpr inner = or();
      if (inner == null) {
        throw error(inside, "a term with a word inside the parentheses", QueryReasons.INVALID_QUERY, "");
      }
      skipSpace();
      if (atEnd() || peek() != ')') {
        throw error(pos, "')' to close the '(' at column " + (open + 1), QueryReasons.INVALID_QUERY, "");
      }
      pos++;
      depth--;
      return inner;
    }
    if (c == '"') {
      int at = pos;
      String s = quoted();
      List<String> words = Words.of(s);
      if (words.isEmpty()) {
        throw error(at, "a word inside the quotes", QueryReasons.INVALID_QUERY, "");
      }
      return count(at, words.size() == 1 ? new QueryExpr.Word(words.get(0)) : new QueryExpr.Phrase(words));
    }
    return term();
  }

  /** A bare term: words, {@code prefix*}, or {@code field:value}. */
  private QueryExpr term() throws QueryException {
    int start = pos;
    StringBuilder raw = new StringBuilder();
    boolean escaped = false;
    int star = -1;
    while (!atEnd()) {
      char c = peek();
      if (c == '\\' && pos + 1 < text.length()) {
        raw.append(text.charAt(pos + 1));
        pos += 2;
        escaped = true;
        continue;
      }
      if (boundary(c)) {
        break;
      }
      if (c == ':' && raw.length() > 0 && !escaped) {
        return field(start, raw.toString());
      }
      if (c == '*') {
        if (star >= 0 || raw.length() == 0) {
          throw error(pos, raw.length() == 0 ? "a word before '*' (leading wildcards are not supported)"
              : "one '*', at the end of a word", QueryReasons.INVALID_QUERY, "");
        }
        star = pos;
      } else if (star >= 0) {
        throw error(star, "'*' only at the end of a word", QueryReasons.INVALID_QUERY, "");
      }
      raw.append(c);
      pos++;
    }
    if (star >= 0) {
      String stem = raw.substring(0, raw.length() - 1);
      List<String> words = Words.of(stem);
      if (words.isEmpty() || !Words.isWordChar(stem.codePointBefore(stem.length()))) {
        throw error(star, "a letter or digit right before '*'", QueryReasons.INVALID_QUERY, "");
      }
      List<QueryExpr> parts = new ArrayList<>();
      for (int i = 0; i < words.size() - 1; i++) {
        parts.add(count(start, new QueryExpr.Word(words.get(i))));
      }
      parts.add(count(start, new QueryExpr.Prefix(words.get(words.size() - 1))));
      return join(parts, false);
    }
    List<String> words = Words.of(raw.toString());
    if (words.isEmpty()) {
      return null; // punctuation alone: no word to look for (as before the language)
    }
    // blk_-1608 holds two words, both required, as q has always meant; quotes make them a phrase.
    List<QueryExpr> parts = new ArrayList<>();
    for (String w : words) {
      parts.add(count(start, new QueryExpr.Word(w)));
    }
    return join(parts, false);
  }

  /** {@code name:value}, {@code name:>=N}, {@code name:[a TO b]}; {@code pos} is at the colon. */
  private QueryExpr field(int start, String name) throws QueryException {
    if (!QueryExpr.ATTRIBUTE_NAME.matcher(name).matches()) {
      throw new QueryException(Problem.of(400, QueryReasons.UNKNOWN_FIELD, "at column " + (start + 1)
          + ": expected a field name but found '" + name + "': a field is severity, service, host, pattern,"
          + " traceId, spanId or an attribute name (a letter, then letters, digits, _ . - / @); to search for"
          + " the text, quote it: \"" + name + ":…\"").with("field", "q").with("column", start + 1));
    }
    pos++; // the colon
    int at = pos;
    boolean isSeverity = name.equals("severity");
    QueryExpr.Field builtIn = QueryExpr.Field.of(name);
    String attribute = name.startsWith(QueryExpr.ATTRIBUTES) && name.length() > QueryExpr.ATTRIBUTES.length()
        ? name.substring(QueryExpr.ATTRIBUTES.length()) : name;
    if (!name.equals(attribute)) {
      isSeverity = false;
      builtIn = null;
    }
    if (atEnd() || Character.isWhitespace(peek()) || peek() == ')') {
      throw error(at, "a value after '" + name + ":'", QueryReasons.INVALID_QUERY,
          " (to search for the text, quote it: \"" + name + ":\")");
    }
    char c = peek();
    if (c == '[' || c == '{' || c == '>' || c == '<') {
      if (builtIn != null) {
        throw error(start, "a field that can be compared", QueryReasons.INVALID_QUERY, "; " + name
            + " is text: only severity and numeric attributes take >, >=, <, <= and ranges");
      }
      return count(start, isSeverity ? severityRange(at) : numberRange(attribute, at));
    }
    String value = c == '"' ? quoted() : bareValue();
    if (isSeverity) {
      Severity s = severity(at, value);
      return count(start, new QueryExpr.SeverityIn(s, s));
    }
    if (builtIn != null) {
      return count(start, new QueryExpr.FieldIs(builtIn, value));
    }
    return count(start, new QueryExpr.AttributeIs(attribute, value));
  }

  private QueryExpr severityRange(int at) throws QueryException {
    Bounds b = bounds(at);
    Severity lo = b.lower == null ? Severity.TRACE : severity(b.lowerAt, b.lower);
    Severity hi = b.upper == null ? Severity.FATAL : severity(b.upperAt, b.upper);
    int min = lo.code() + (b.lower != null && !b.lowerInclusive ? 1 : 0);
    int max = hi.code() - (b.upper != null && !b.upperInclusive ? 1 : 0);
    if (min > max || min > Severity.FATAL.code() || max < Severity.TRACE.code()) {
      throw new QueryException(Problem.of(400, QueryReasons.INVALID_RANGE, "at column " + (at + 1)
          + ": the severity range holds no level: its lower bound is above its upper one (levels go trace, debug,"
          + " info, warn, error, fatal)").with("field", "q").with("column", at + 1));
    }
    return new QueryExpr.SeverityIn(Severity.ofCode(min), Severity.ofCode(max));
  }

  private QueryExpr numberRange(String attribute, int at) throws QueryException {
    Bounds b = bounds(at);
    double lo = b.lower == null ? Double.NEGATIVE_INFINITY : number(b.lowerAt, b.lower);
    double hi = b.upper == null ? Double.POSITIVE_INFINITY : number(b.upperAt, b.upper);
    if (b.lower == null && b.upper == null) {
      throw error(at, "a number for at least one bound", QueryReasons.INVALID_RANGE, "");
    }
    if (lo > hi || lo == hi && !(b.lowerInclusive && b.upperInclusive)) {
      throw new QueryException(Problem.of(400, QueryReasons.INVALID_RANGE, "at column " + (at + 1)
          + ": the range of " + attribute + " is empty: its lower bound " + b.lower + " is not below its upper bound "
          + b.upper + "; write [low TO high]").with("field", "q").with("column", at + 1));
    }
    return new QueryExpr.AttributeRange(attribute, lo, b.lowerInclusive, hi, b.upperInclusive);
  }

  /** The bounds of {@code >=x}, {@code >x}, {@code <=x}, {@code <x}, {@code [a TO b]}, {@code {a TO b}} (and mixed); null for '*'. */
  private record Bounds(String lower, int lowerAt, boolean lowerInclusive, String upper, int upperAt,
      boolean upperInclusive) {
  }

  private Bounds bounds(int at) throws QueryException {
    char c = peek();
    if (c == '>' || c == '<') {
      pos++;
      boolean inclusive = !atEnd() && peek() == '=';
      if (inclusive) {
        pos++;
      }
      int v = pos;
      String value = bareValue();
      if (value.isEmpty()) {
        throw error(v, "a value after '" + c + (inclusive ? "=" : "") + "'", QueryReasons.INVALID_QUERY, "");
      }
      return c == '>' ? new Bounds(value, v, inclusive, null, -1, true)
          : new Bounds(null, -1, true, value, v, inclusive);
    }
    boolean lowerInclusive = c == '[';
    pos++;
    skipSpace();
    int lowerAt = pos;
    String lower = rangeWord();
    if (lower.isEmpty()) {
      throw error(lowerAt, "a lower bound (a value or *)", QueryReasons.INVALID_QUERY, "");
    }
    skipSpace();
    if (!keyword("TO")) {
      throw error(pos, "TO between the bounds", QueryReasons.INVALID_QUERY, "");
    }
    pos += 2;
    skipSpace();
    int upperAt = pos;
    String upper = rangeWord();
    if (upper.isEmpty()) {
      throw error(upperAt, "an upper bound (a value or *)", QueryReasons.INVALID_QUERY, "");
    }
    skipSpace();
    if (atEnd() || peek() != ']' && peek() != '}') {
      throw error(pos, "']' or '}' to close the range opened at column " + (at + 1), QueryReasons.INVALID_QUERY, "");
    }
    boolean upperInclusive = peek() == ']';
    pos++;
    return new Bounds(lower.equals("*") ? null : lower, lowerAt, lowerInclusive,
        upper.equals("*") ? null : upper, upperAt, upperInclusive);
  }

  private String rangeWord() {
    int s = pos;
    while (!atEnd() && !Character.isWhitespace(peek()) && peek() != ']' && peek() != '}') {
      pos++;
    }
    return text.substring(s, pos);
  }

  private Severity severity(int at, String value) throws QueryException {
    Severity s = Severity.parse(value);
    if (s == null) {
      throw error(at, "a severity (trace, debug, info, warn, error or fatal)", QueryReasons.INVALID_QUERY, "");
    }
    return s;
  }

  private double number(int at, String value) throws QueryException {
    if (!NUMBER.matcher(value).matches()) {
      throw error(at, "a number", QueryReasons.INVALID_RANGE, " (ranges compare numeric attributes)");
    }
    double d = Double.parseDouble(value);
    if (Double.isInfinite(d)) {
      throw error(at, "a number of at most 308 digits", QueryReasons.INVALID_RANGE, "");
    }
    return d;
  }

  /** A value up to the next space or parenthesis; {@code \} escapes the next character. */
  private String bareValue() throws QueryException {
    StringBuilder sb = new StringBuilder();
    while (!atEnd()) {
      char c = peek();
      if (c == '\\' && pos + 1 < text.length()) {
        sb.append(text.charAt(pos + 1));
        pos += 2;
        continue;
      }
      if (boundary(c)) {
        break;
      }
      if (c == '*') {
        throw error(pos, "an exact value (field values take no wildcards; write \\* for a literal *)",
            QueryReasons.INVALID_QUERY, "");
      }
      sb.append(c);
      pos++;
    }
    return sb.toString();
  }

  /** A double-quoted string; {@code \"} and {@code \\} inside. */
  private String quoted() throws QueryException {
    int open = pos;
    pos++;
    StringBuilder sb = new StringBuilder();
    while (!atEnd()) {
      char c = peek();
      if (c == '\\' && pos + 1 < text.length()) {
        sb.append(text.charAt(pos + 1));
        pos += 2;
        continue;
      }
      if (c == '"') {
        pos++;
        return sb.toString();
      }
      sb.append(c);
      pos++;
    }
    throw error(pos, "'\"' to close the quote opened at column " + (open + 1), QueryReasons.INVALID_QUERY, "");
  }

  // ---- scanning --------------------------------------------------------------------------------

  private void enter(int at) throws QueryException {
    if (++depth > MAX_DEPTH) {
      throw new QueryException(Problem.of(400, QueryReasons.QUERY_TOO_COMPLEX, "at column " + (at + 1)
          + ": q nests parentheses and NOTs more than " + MAX_DEPTH + " deep; flatten it").with("field", "q")
          .with("column", at + 1));
    }
  }

  /** Counts {@code term} (a leaf of the tree) among the distinct terms of the query. */
  private <T extends QueryExpr> T count(int at, T term) throws QueryException {
    terms.add(term);
    if (terms.size() > MAX_TERMS) {
      throw new QueryException(Problem.of(400, QueryReasons.QUERY_TOO_COMPLEX, "at column " + (at + 1)
          + ": q holds more than " + MAX_TERMS + " terms; keep the most telling ones and narrow with services,"
          + " hosts, severity or attributes").with("field", "q").with("column", at + 1));
    }
    return term;
  }

  /** Two or more distinct parts joined by AND (or OR); one part as it is. Repeats add nothing. */
  private static QueryExpr join(List<QueryExpr> parts, boolean or) {
    List<QueryExpr> distinct = List.copyOf(new java.util.LinkedHashSet<>(parts));
    if (distinct.size() == 1) {
      return distinct.get(0);
    }
    return or ? new QueryExpr.Or(distinct) : new QueryExpr.And(distinct);
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return atEnd() ? '\0' : text.charAt(pos);
  }

  private static boolean startsTerm(char c) {
    return Character.isLetterOrDigit(c) || c == '"' || c == '(' || c == '_' || c == '@';
  }

  private static boolean boundary(char c) {
    return Character.isWhitespace(c) || c == '(' || c == ')' || c == '"';
  }

  private void skipSpace() {
    while (!atEnd() && Character.isWhitespace(peek())) {
      pos++;
    }
  }

  /** Whether the upper-case operator {@code word} stands at {@code pos} as a whole term. */
  private boolean keyword(String word) {
    int end = pos + word.length();
    return text.startsWith(word, pos) && (end == text.length() || boundary(text.charAt(end)));
  }

  private QueryException error(int at, String expected, String code, String hint) {
    String found;
    if (at >= text.length()) {
      found = "the end of the query";
    } else {
      int end = at;
      while (end < text.length() && end - at < 20 && (end == at || !boundary(text.charAt(end)))) {
        end++;
      }
      found = "'" + text.substring(at, end) + "'";
    }
    return new QueryException(Problem.of(400, code, "at column " + (at + 1) + ": expected " + expected
        + " but found " + found + hint).with("field", "q").with("column", at + 1));
  }
}
