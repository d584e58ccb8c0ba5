package io.tributary.query;

/**
 * The backend a query is answered from, recorded in its cursors so that every page of a query
 * comes from the same one. The codes are written in cursors and the names in cache keys: never
 * renumber or rename one.
 */
public enum QueryRoute {
  /** The {@link io.tributary.store.LogStore}: every event, every question. */
  STORE(0),
  /** The full-text {@link io.tributary.search.SearchIndex}: the events its policy picks. */
  INDEX(1);

  private final int code;

  QueryRoute(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The route of {@code code}; throws {@link IllegalArgumentException} for an unknown one. */
  public static QueryRoute ofCode(int code) {
    for (QueryRoute r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown query route " + code);
  }
}
