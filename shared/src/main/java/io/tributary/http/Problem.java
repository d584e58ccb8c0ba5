package io.tributary.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 7807 problem: what every error response carries. {@code code} is stable and meant for
 * programs; {@code detail} is meant for the person who has to fix the request.
 *
 * @param extensions extra members written beside the standard ones (e.g. {@code rejected}); never null
 */
public record Problem(int status, String code, String title, String detail, Map<String, Object> extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public Problem {
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  public static Problem of(int status, String code, String detail) {
    return new Problem(status, code, titleFor(status), detail, Map.of());
  }

  public Problem with(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(extensions);
    m.put(key, value);
    return new Problem(status, code, title, detail, m);
  }

  /** The JSON body, with {@code type} pointing at the code's documentation. */
  public Map<String, Object> body() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "https://tributary.dev/problems/" + code);
    m.put("title", title);
    m.put("status", status);
    m.put("code", code);
    m.put("detail", detail);
    m.putAll(extensions);
    return m;
  }

  static String titleFor(int status) {
    switch (status) {
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 408: return "Request Timeout";
      case 409: return "Conflict";
      case 412: return "Precondition Failed";
      case 413: return "Payload Too Large";
      case 415: return "Unsupported Media Type";
      case 417: return "Expectation Failed";
      case 428: return "Precondition Required";
      case 429: return "Too Many Requests";
      case 501: return "Not Implemented";
      case 503: return "Service Unavailable";
      default: return status >= 500 ? "Internal Server Error" : "Error";
    }
  }
}
