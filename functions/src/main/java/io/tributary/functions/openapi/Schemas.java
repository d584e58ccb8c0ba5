package io.tributary.functions.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON Schema snippets for the route documentation: read from JSON text, and the common ones. */
public final class Schemas {

  public static final JsonNode STRING = parse("{\"type\":\"string\"}");
  public static final JsonNode INTEGER = parse("{\"type\":\"integer\"}");

  private Schemas() {
  }

  /** The schema a JSON text (a text block in the tables) holds. */
  public static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON schema: " + json, e);
    }
  }

  /** A reference to a schema of the document's components. */
  public static JsonNode ref(String component) {
    return parse("{\"$ref\":\"#/components/schemas/" + component + "\"}");
  }
}
