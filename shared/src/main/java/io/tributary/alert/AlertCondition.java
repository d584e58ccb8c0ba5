package io.tributary.alert;

import java.time.Duration;

/**
 * When a rule fires, over the events its query matches:
 * <ul>
 *   <li>{@code threshold}: at least {@code count} matches in the last {@code window} (per group);</li>
 *   <li>{@code absence}: fewer than {@code count} matches in the last {@code window} (a source went
 *       silent); checked on every batch and on a timer, since silence brings no events;</li>
 *   <li>{@code rateChange}: the window's matches are at least {@code factor} times the rate of the
 *       trailing {@code baseline} before it ({@code up}), at most 1/{@code factor} of it
 *       ({@code down}), or either ({@code both}); {@code count} is the fewest matches in the
 *       baseline for the rate to mean anything;</li>
 *   <li>{@code newPattern}: a matching event's pattern template was never seen by this rule (after
 *       its first {@code window}, which only learns).</li>
 * </ul>
 *
 * @param groupBy a field whose values are alerted on apart ({@code service}, {@code host},
 *     {@code severity}, {@code pattern} or an attribute name), or null for one group
 */
public record AlertCondition(Type type, long count, Duration window, String groupBy, double factor,
    Duration baseline, Direction direction) {

  /** The condition kinds, by their names in the rule document. */
  public enum Type {
    THRESHOLD("threshold"), ABSENCE("absence"), RATE_CHANGE("rateChange"), NEW_PATTERN("newPattern");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static Type of(String wire) {
      for (Type t : values()) {
        if (t.wire.equals(wire)) {
          return t;
        }
      }
      return null;
    }
  }

  /** Which way a rate change fires. */
  public enum Direction {
    UP("up"), DOWN("down"), BOTH("both");

    private final String wire;

    Direction(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static Direction of(String wire) {
      for (Direction d : values()) {
        if (d.wire.equals(wire)) {
          return d;
        }
      }
      return null;
    }
  }
}
