package io.tributary.query;

import io.tributary.event.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filter tree of a query's {@code q} (docs/query-language.md): immutable values, checked when
 * built, so that every tree can be printed ({@link #print()}) and parsed back ({@link QueryParser})
 * to an equal tree. What a tree means for an event is decided in one place, {@link LogFilter}.
 */
public sealed interface QueryExpr {

  /** Matches every event: the tree of an empty {@code q}. Only ever a whole tree, never a part. */
  QueryExpr ALL = new All();

  /** The query text that parses back to this tree. */
  String print();

  /** Every event (an empty {@code q}). */
  record All() implements QueryExpr {
    @Override
    public String print() {
      return "";
    }
  }

  /** One word of the message ({@link Words}): lower case, letters and digits only. */
  record Word(String word) implements QueryExpr {
    public Word {
      requireWord(word);
    }

    @Override
    public String print() {
      return word;
    }
  }

  /** Consecutive words of the message, in this order (two or more). */
  record Phrase(List<String> words) implements QueryExpr {
    public Phrase {
      words = List.copyOf(words);
      if (words.size() < 2) {
        throw new IllegalArgumentException("a phrase has two or more words: " + words);
      }
      words.forEach(QueryExpr::requireWord);
    }

    @Override
    public String print() {
      return '"' + String.join(" ", words) + '"';
    }
  }

  /** A word of the message that starts with {@code prefix} (itself a word). */
  record Prefix(String prefix) implements QueryExpr {
    public Prefix {
      requireWord(prefix);
    }

    @Override
    public String print() {
      return prefix + "*";
    }
  }

  /** The built-in text fields an event has besides its message and attributes. */
  enum Field {
    SERVICE("service"), HOST("host"), PATTERN("pattern"), TRACE_ID("traceId"), SPAN_ID("spanId");

    private final String key;

    Field(String key) {
      this.key = key;
    }

    /** The name a query writes. */
    public String key() {
      return key;
    }

    /** The field a query name stands for, or null when it names an attribute. */
    public static Field of(String name) {
      for (Field f : values()) {
        if (f.key.equals(name)) {
          return f;
        }
      }
      return null;
    }
  }

  /** A built-in text field equal to {@code value}, case and all. */
  record FieldIs(Field field, String value) implements QueryExpr {
    public FieldIs {
      java.util.Objects.requireNonNull(field);
      java.util.Objects.requireNonNull(value);
    }

    @Override
    public String print() {
      return field.key() + ":" + QueryExpr.quote(value);
    }
  }

  /** An attribute whose value, as text, equals {@code value}, case and all (as the JSON {@code attributes} filter). */
  record AttributeIs(String name, String value) implements QueryExpr {
    public AttributeIs {
      requireAttributeName(name);
      java.util.Objects.requireNonNull(value);
    }

    @Override
    public String print() {
      return attributeKey(name) + ":" + QueryExpr.quote(value);
    }
  }

  /** A severity from {@code min} to {@code max}, both included, in {@link Severity} order. */
  record SeverityIn(Severity min, Severity max) implements QueryExpr {
    public SeverityIn {
      if (min.code() > max.code()) {
        throw new IllegalArgumentException(min + " is above " + max);
      }
    }

    /** Whether {@code s} is in the range. */
    public boolean contains(Severity s) {
      return s != null && s.code() >= min.code() && s.code() <= max.code();
    }

    @Override
    public String print() {
      String lo = min.name().toLowerCase(Locale.ROOT);
      String hi = max.name().toLowerCase(Locale.ROOT);
      if (min == max) {
        return "severity:" + lo;
      }
      if (max == Severity.FATAL) {
        return "severity:>=" + lo;
      }
      if (min == Severity.TRACE) {
        return "severity:<=" + hi;
      }
      return "severity:[" + lo + " TO " + hi + "]";
    }
  }

  /**
   * A numeric attribute within bounds; an infinite bound is open. At least one bound is finite and
   * the range is not empty.
   */
  record AttributeRange(String name, double lower, boolean lowerInclusive, double upper, boolean upperInclusive)
      implements QueryExpr {
    public AttributeRange {
      requireAttributeName(name);
      if (Double.isNaN(lower) || Double.isNaN(upper) || lower == Double.POSITIVE_INFINITY
          || upper == Double.NEGATIVE_INFINITY) {
        throw new IllegalArgumentException("bounds " + lower + ", " + upper);
      }
      if (Double.isInfinite(lower) && Double.isInfinite(upper)) {
        throw new IllegalArgumentException("a range needs a finite bound");
      }
      // An open side has no inclusivity of its own: one form, so equal ranges are equal records.
      lowerInclusive = Double.isInfinite(lower) || lowerInclusive;
      upperInclusive = Double.isInfinite(upper) || upperInclusive;
      if (lower > upper || lower == upper && !(lowerInclusive && upperInclusive)) {
        throw new IllegalArgumentException("empty range " + lower + ".." + upper);
      }
    }

    /** Whether {@code v} is in the range. */
    public boolean contains(double v) {
      return (lowerInclusive ? v >= lower : v > lower) && (upperInclusive ? v <= upper : v < upper);
    }

    @Override
    public String print() {
      String key = attributeKey(name) + ":";
      if (Double.isInfinite(upper)) {
        return key + (lowerInclusive ? ">=" : ">") + lower;
      }
      if (Double.isInfinite(lower)) {
        return key + (upperInclusive ? "<=" : "<") + upper;
      }
      return key + (lowerInclusive ? "[" : "{") + lower + " TO " + upper + (upperInclusive ? "]" : "}");
    }
  }

  /** Every one of two or more distinct parts. */
  record And(List<QueryExpr> parts) implements QueryExpr {
    public And {
      parts = requireParts(parts);
    }

    @Override
    public String print() {
      StringBuilder sb = new StringBuilder();
      for (QueryExpr p : parts) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(grouped(p));
      }
      return sb.toString();
    }
  }

  /** At least one of two or more distinct parts. */
  record Or(List<QueryExpr> parts) implements QueryExpr {
    public Or {
      parts = requireParts(parts);
    }

    @Override
    public String print() {
      StringBuilder sb = new StringBuilder();
      for (QueryExpr p : parts) {
        if (sb.length() > 0) {
          sb.append(" OR ");
        }
        sb.append(grouped(p));
      }
      return sb.toString();
    }
  }

  /** Not the part. */
  record Not(QueryExpr part) implements QueryExpr {
    public Not {
      if (part instanceof All) {
        throw new IllegalArgumentException("NOT of everything");
      }
      java.util.Objects.requireNonNull(part);
    }

    @Override
    public String print() {
      return "NOT " + grouped(part);
    }
  }

  // ---- shared checks and printing ---------------------------------------------------------------

  /** Names an attribute may have in a query (others are reachable through the JSON {@code attributes}). */
  Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_@][A-Za-z0-9_@.\\-/]*");
  /** Field values printed without quotes. */
  Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9_@.\\-/]+");
  /** The prefix that makes any name an attribute's, even a built-in field's name. */
  String ATTRIBUTES = "attributes.";

  private static void requireWord(String w) {
    if (w == null || !Words.of(w).equals(List.of(w))) {
      throw new IllegalArgumentException("not one word: " + w);
    }
  }

  private static void requireAttributeName(String name) {
    if (name == null || !ATTRIBUTE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not an attribute name: " + name);
    }
  }

  private static List<QueryExpr> requireParts(List<QueryExpr> parts) {
    List<QueryExpr> copy = List.copyOf(parts);
    if (copy.size() < 2 || copy.stream().anyMatch(p -> p instanceof All) || Set.copyOf(copy).size() < copy.size()) {
      throw new IllegalArgumentException("two or more distinct parts, none ALL: " + parts);
    }
    return copy;
  }

  private static String attributeKey(String name) {
    return Field.of(name) != null || name.equals("severity") || name.startsWith(ATTRIBUTES) ? ATTRIBUTES + name : name;
  }

  private static String grouped(QueryExpr p) {
    return p instanceof And || p instanceof Or ? "(" + p.print() + ")" : p.print();
  }

  /** A field value as a query writes it: bare when plain, else quoted with {@code \} before {@code "} and {@code \}. */
  static String quote(String v) {
    if (PLAIN_VALUE.matcher(v).matches() && !v.equals("AND") && !v.equals("OR") && !v.equals("NOT")) {
      return v;
    }
    return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
