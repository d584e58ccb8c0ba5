package io.tributary.functions.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One answer an operation gives: a status with its body, or a problem ({@code application/problem+json})
 * with the stable codes it may carry.
 *
 * @param mediaType the body's media type, or null for no body
 * @param schema the body's JSON Schema; null with no body, and for a problem (the document's Problem)
 * @param problemCodes the {@code code} values a problem answer may carry; empty for a success
 * @param headers response headers worth knowing, name to description
 */
public record Reply(int status, String description, String mediaType, JsonNode schema, List<String> problemCodes,
    Map<String, String> headers) {

  public Reply {
    Objects.requireNonNull(description, "description");
    problemCodes = List.copyOf(problemCodes);
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    if (!problemCodes.isEmpty() && status < 400) {
      throw new IllegalArgumentException("problem codes go with 4xx and 5xx answers only");
    }
  }

  /** A JSON success. */
  public static Reply json(int status, String description, JsonNode schema) {
    return new Reply(status, description, "application/json", schema, List.of(), Map.of());
  }

  /** A success with no body (such as 204). */
  public static Reply empty(int status, String description) {
    return new Reply(status, description, null, null, List.of(), Map.of());
  }

  /** A problem answer that carries one of {@code codes}. */
  public static Reply problem(int status, String description, String... codes) {
    if (codes.length == 0) {
      throw new IllegalArgumentException("a problem answer names the codes it carries");
    }
    return new Reply(status, description, io.tributary.http.Problem.MEDIA_TYPE, null, List.of(codes), Map.of());
  }

  /** This answer with a header documented. */
  public Reply withHeader(String name, String description) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, description);
    return new Reply(status, this.description, mediaType, schema, problemCodes, h);
  }

  public boolean isProblem() {
    return !problemCodes.isEmpty();
  }
}
