package io.tributary.local.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.tributary.json.Json;
import java.net.http.HttpResponse;

/** An HTTP answer: status, body as JSON (missing when it is not JSON) and the raw body. */
record Answer(int status, JsonNode json, String raw, HttpResponse<String> response) {

  static Answer of(HttpResponse<String> r) {
    JsonNode j;
    try {
      j = r.body().isEmpty() ? MissingNode.getInstance() : Json.mapper().readTree(r.body());
    } catch (java.io.IOException e) {
      j = MissingNode.getInstance();
    }
    return new Answer(r.statusCode(), j, r.body(), r);
  }

  /** The problem code, or "" for an answer that is not a problem. */
  String code() {
    return status >= 400 ? json.path("code").asText("") : "";
  }

  /** What was seen, with {@code checked} in words. */
  Seen seen(String checked) {
    return new Seen(status, code(), checked);
  }
}
