package io.tributary.http;

import java.util.Map;

/** Reading request headers as hosts hand them over: names in whatever case. */
public final class Headers {

  private Headers() {
  }

  /** The value of header {@code name} in {@code headers}, matched ignoring case, or null. */
  public static String get(Map<String, String> headers, String name) {
    String v = headers.get(name);
    if (v != null) {
      return v;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
