package io.tributary.alert.delivery;

/** The reason codes of a refused notify target. Never rename one: clients match on them. */
public final class DeliveryReasons {

  /** The target is malformed: no url, not http(s), a logicApp not on https, an unknown type. */
  public static final String INVALID_NOTIFY = "invalid_notify";
  /** The target's host is (or resolves to) an address deliveries may not reach (see TargetGuard). */
  public static final String NOTIFY_TARGET_NOT_ALLOWED = "notify_target_not_allowed";

  private DeliveryReasons() {
  }
}
