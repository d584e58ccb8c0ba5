package io.tributary.event;

/** How an event arrived: as a structured object, or as an unstructured text line to be parsed. */
public enum EventKind {
  // The codes are written into event rows and archive segments: never change or reuse one.
  STRUCTURED(0), TEXT(1);

  private final int code;

  EventKind(int code) {
    this.code = code;
  }

  /** The persisted code. */
  public int code() {
    return code;
  }

  /** The kind of persisted {@code code}; {@link IllegalArgumentException} for an unknown code. */
  public static EventKind ofCode(int code) {
    for (EventKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown event kind code " + code);
  }
}
