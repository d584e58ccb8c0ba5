package io.tributary.alert.delivery;

/** What an attempt led to; {@link #code} is what the log and the API show. */
public enum DeliveryOutcome {
  DELIVERED("delivered"),
  RETRYING("retrying"),
  DEAD_LETTER("dead_letter");

  private final String code;

  DeliveryOutcome(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static DeliveryOutcome ofCode(String code) {
    for (DeliveryOutcome o : values()) {
      if (o.code.equals(code)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown delivery outcome " + code);
  }
}
