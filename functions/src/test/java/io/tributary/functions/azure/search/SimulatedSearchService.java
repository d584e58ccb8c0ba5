package io.tributary.functions.azure.search;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * AI Search at the HTTP boundary, as the SDK's {@link HttpClient}: it records every request and
 * answers the indexing, search and index-definition calls from a map of documents, with failures
 * scripted by the test (a whole request answered with a status, or some keys failing in a 207).
 * Nothing leaves the process.
 */
final class SimulatedSearchService implements HttpClient {

  static final String ENDPOINT = "https://tributary-test.search.windows.net";
  static final TokenCredential CREDENTIAL =
      ctx -> Mono.just(new AccessToken("test-token", OffsetDateTime.now().plusHours(1)));

  /** One request as sent: method, path (no query string) and JSON body (null when none). */
  record Recorded(String method, String path, JsonNode body) {
    /** The keys of an indexing request's actions, in order. */
    List<String> keys() {
      List<String> out = new ArrayList<>();
      body.path("value").forEach(a -> out.add(a.path("key").asText()));
      return out;
    }

    long bytes() {
      try {
        return Json.mapper().writeValueAsBytes(body).length;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  final List<Recorded> requests = new ArrayList<>();
  /** Documents by key, as the service holds them. */
  final Map<String, JsonNode> documents = new TreeMap<>();
  /** Statuses the next indexing requests are answered with instead of being processed. */
  final Deque<Integer> wholeRequestFailures = new ArrayDeque<>();
  /** Keys whose action fails, with the item status and how many more times. */
  final Map<String, int[]> failingKeys = new HashMap<>();
  /** Search answers to give instead of every stored document, one per search request. */
  final Deque<List<JsonNode>> searchAnswers = new ArrayDeque<>();

  void failKey(String key, int status, int times) {
    failingKeys.put(key, new int[] {status, times});
  }

  List<Recorded> indexingRequests() {
    return requests.stream().filter(r -> r.path().endsWith("/docs/search.index")).toList();
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request) {
    return Mono.fromCallable(() -> handle(request));
  }

  @Override
  public HttpResponse sendSync(HttpRequest request, com.azure.core.util.Context context) {
    try {
      return handle(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized HttpResponse handle(HttpRequest request) throws IOException {
    BinaryData data = request.getBodyAsBinaryData();
    JsonNode body = data == null ? null : Json.mapper().readTree(data.toBytes());
    String path = request.getUrl().getPath();
    Recorded r = new Recorded(request.getHttpMethod().name(), path, body);
    requests.add(r);
    if (path.endsWith("/docs/search.index")) {
      return index(request, r);
    }
    if (path.endsWith("/docs/search.post.search")) {
      return search(request);
    }
    if (path.startsWith("/indexes(") && request.getHttpMethod().name().equals("PUT")) {
      return json(request, 201, body);
    }
    return json(request, 404, error("no such operation in the simulation: " + path));
  }

  private HttpResponse index(HttpRequest request, Recorded r) {
    Integer whole = wholeRequestFailures.poll();
    if (whole != null) {
      return json(request, whole, error("simulated " + whole));
    }
    ArrayNode results = Json.mapper().createArrayNode();
    boolean anyFailed = false;
    for (JsonNode action : r.body().path("value")) {
      String key = action.path("key").asText();
      ObjectNode result = results.addObject();
      result.put("key", key);
      int[] failing = failingKeys.get(key);
      if (failing != null && failing[1] > 0) {
        failing[1]--;
        anyFailed = true;
        result.put("status", false);
        result.put("errorMessage", "simulated " + failing[0]);
        result.put("statusCode", failing[0]);
        continue;
      }
      if (action.path("@search.action").asText().equals("delete")) {
        documents.remove(key);
      } else {
        ObjectNode doc = ((ObjectNode) action).deepCopy();
        doc.remove("@search.action");
        documents.put(key, doc);
      }
      result.put("status", true);
      result.putNull("errorMessage");
      result.put("statusCode", 200);
    }
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.set("value", results);
    return json(request, anyFailed ? 207 : 200, answer);
  }

  private HttpResponse search(HttpRequest request) {
    List<JsonNode> hits = searchAnswers.isEmpty() ? new ArrayList<>(documents.values()) : searchAnswers.poll();
    ObjectNode answer = Json.mapper().createObjectNode();
    ArrayNode value = answer.putArray("value");
    for (JsonNode h : hits) {
      ObjectNode hit = ((ObjectNode) h).deepCopy();
      hit.put("@search.score", 1.0);
      value.add(hit);
    }
    return json(request, 200, answer);
  }

  private static JsonNode error(String message) {
    ObjectNode e = Json.mapper().createObjectNode();
    e.putObject("error").put("code", "").put("message", message);
    return e;
  }

  private static HttpResponse json(HttpRequest request, int status, JsonNode body) {
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Answer(request, status, bytes);
  }

  private static final class Answer extends HttpResponse {
    private final int status;
    private final byte[] body;
    private final HttpHeaders headers = new HttpHeaders()
        .set(HttpHeaderName.CONTENT_TYPE, "application/json; odata.metadata=none; charset=utf-8");

    Answer(HttpRequest request, int status, byte[] body) {
      super(request);
      this.status = status;
      this.body = body;
      headers.set(HttpHeaderName.CONTENT_LENGTH, String.valueOf(body.length));
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    @Deprecated
    public String getHeaderValue(String name) {
      return headers.getValue(name);
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }

    @Override
    public Flux<ByteBuffer> getBody() {
      return Flux.just(ByteBuffer.wrap(body));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
      return Mono.just(body);
    }

    @Override
    public Mono<String> getBodyAsString() {
      return Mono.just(new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
      return Mono.just(new String(body, charset));
    }

    @Override
    public BinaryData getBodyAsBinaryData() {
      return BinaryData.fromBytes(body);
    }
  }
}
