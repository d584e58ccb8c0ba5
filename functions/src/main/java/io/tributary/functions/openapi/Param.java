package io.tributary.functions.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One parameter of an operation, as an OpenAPI Parameter Object writes it.
 *
 * @param in where it goes: {@code query}, {@code path} or {@code header}
 * @param schema its JSON Schema
 */
public record Param(String in, String name, boolean required, String description, JsonNode schema) {

  public Param {
    if (!in.equals("query") && !in.equals("path") && !in.equals("header")) {
      throw new IllegalArgumentException("a parameter is in the query, the path or a header, not " + in);
    }
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(schema, "schema");
    if (in.equals("path") && !required) {
      throw new IllegalArgumentException("a path parameter is always required: " + name);
    }
  }

  public static Param query(String name, String description, JsonNode schema) {
    return new Param("query", name, false, description, schema);
  }

  public static Param path(String name, String description) {
    return new Param("path", name, true, description, Schemas.STRING);
  }

  public static Param header(String name, boolean required, String description) {
    return new Param("header", name, required, description, Schemas.STRING);
  }
}
