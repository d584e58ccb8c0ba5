package io.tributary.functions.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request body an operation takes: its schema per media type.
 *
 * @param content JSON Schema by media type, in the order documented
 */
public record Body(String description, boolean required, Map<String, JsonNode> content) {

  public Body {
    content = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(content));
    if (content.isEmpty()) {
      throw new IllegalArgumentException("a body has at least one media type");
    }
  }

  /** A required JSON body of {@code schema}. */
  public static Body json(String description, JsonNode schema) {
    return new Body(description, true, Map.of("application/json", schema));
  }
}
