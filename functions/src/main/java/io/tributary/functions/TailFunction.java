package io.tributary.functions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.auth.Principal;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import io.tributary.query.QueryReasons;
import io.tributary.query.QueryRequest;
import io.tributary.tail.TailException;
import io.tributary.tail.TailFrames;
import io.tributary.tail.TailService;
import io.tributary.tail.TailStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/logs/tail?q=…&since=…}: the caller's events as they are stored, as server-sent
 * events ({@code text/event-stream}; docs/tail.md): {@code id:} the event id, {@code event: log},
 * {@code data:} the event's JSON; {@code : heartbeat} when quiet; {@code event: dropped} with the
 * reason before the stream ends. Filters are query parameters ({@code q}, {@code service},
 * {@code host}, {@code severity}, {@code minSeverity}, comma-separated lists), checked as a query's
 * (the same 400 codes); {@code since} (or the {@code Last-Event-ID} header) replays stored events
 * first.
 *
 * <p>On a host that streams (the local host) the response goes on until the client leaves or the
 * tail is dropped. The Functions host buffers responses, so there the call answers with what came
 * within {@link io.tributary.tail.TailSettings#window()} and ends; an EventSource reconnects after
 * {@code retry:} with {@code Last-Event-ID}, and the next call replays from there (long-poll SSE).
 */
public final class TailFunction {

  /** Query parameters that are filters, as the query body names them. */
  private static final Set<String> LISTS = Set.of("service", "services", "host", "hosts", "severity");

  private final FunctionApp app;

  public TailFunction() {
    this(FunctionApp.shared());
  }

  public TailFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Tail")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "logs/tail",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Tail");
      TailService tails = app.tails().orElseThrow(() -> new ProblemException(Problem.of(503, "tail_unavailable",
          "this instance serves no live tails; query instead")));
      QueryRequest filters = QueryRequest.read(Json.bytes(filtersOf(request.getQueryParameters())));
      // Only the filters apply: a tail has no time range, order or pages.
      String since = request.getQueryParameters().get("since");
      if (since == null) {
        since = HttpExchange.header(request, "Last-Event-ID");
      }
      TailStream stream;
      try {
        stream = tails.open(caller.tenant(), filters.query(), since);
      } catch (TailException e) {
        throw new ProblemException(e.problem());
      }
      HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(200))
          .header("Content-Type", TailFrames.MEDIA_TYPE)
          .header("Cache-Control", "no-cache");
      if (request instanceof VerifiedRequest v && v.streamsResponses()) {
        return b.body(stream).build();
      }
      return b.body(stream.collect(tails.settings().window().toNanos(), tails.nanoTime())).build();
    });
  }

  /** The query parameters as a query body ({@code since} aside), for {@link QueryRequest#read}. */
  static ObjectNode filtersOf(Map<String, String> params) throws ProblemException {
    ObjectNode body = Json.mapper().createObjectNode();
    for (Map.Entry<String, String> p : params.entrySet()) {
      String k = p.getKey();
      if (k.equals("since")) {
        continue;
      }
      if (LISTS.contains(k)) {
        ArrayNode a = body.putArray(k);
        for (String v : p.getValue().split(",")) {
          if (!v.isBlank()) {
            a.add(v.trim());
          }
        }
      } else if (k.equals("q") || k.equals("minSeverity")) {
        body.put(k, p.getValue());
      } else {
        throw new ProblemException(Problem.of(400, QueryReasons.UNKNOWN_FIELD, "a tail takes q, service, host,"
            + " severity, minSeverity and since; not '" + k + "'").with("field", k));
      }
    }
    return body;
  }
}
