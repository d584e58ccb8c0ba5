package io.tributary.event;

import java.util.regex.Pattern;

/**
 * A tenant: the unit of isolation. Every port call is scoped by one, taken from the caller's
 * token and never from a request body. The value is safe to use as a path segment, a Cosmos
 * partition key and a blob prefix: 1 to 63 characters of {@code a-z 0-9 - _}, starting with a
 * letter or digit.
 */
public record TenantId(String value) implements Comparable<TenantId> {

  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  public TenantId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "tenant id must be 1-63 characters of a-z, 0-9, '-' or '_', starting with a letter or digit: " + value);
    }
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  /** True when {@code value} would make a valid tenant id. */
  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  @Override
  public int compareTo(TenantId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
