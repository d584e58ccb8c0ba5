package io.tributary.functions;

import com.fasterxml.jackson.core.JsonGenerator;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.auth.Principal;
import io.tributary.auth.Role;
import io.tributary.event.LogEvent;
import io.tributary.json.Json;
import io.tributary.query.QueryPage;
import io.tributary.query.EventFields;
import io.tributary.query.QueryRequest;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * {@code POST /api/logs/query}: filters, the query language of {@code q} (docs/query-language.md)
 * and cursor paging over the caller's tenant; answers {@code {"events":[…],"nextCursor"}}, each
 * event cut to {@code "fields"} when the query lists them. A body over 64 KiB or a {@code q} that
 * does not parse or is too complex is a 400 with a code and the column; a query still running at the query timeout stops and answers
 * 503 {@code query_timeout} (see {@link io.tributary.query.QueryRequest}, {@link io.tributary.query.QueryService}).
 */
public final class QueryFunction {

  private final FunctionApp app;

  public QueryFunction() {
    this(FunctionApp.shared());
  }

  public QueryFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Query")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "logs/query",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    long start = System.nanoTime();
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Query");
      QueryRequest q = QueryRequest.read(HttpExchange.body(request));
      QueryPage page = app.query().query(caller.tenant(), q);
      ByteArrayOutputStream out = new ByteArrayOutputStream(4096 + page.events().size() * 400);
      try (JsonGenerator g = Json.factory().createGenerator(out)) {
        g.writeStartObject();
        g.writeArrayFieldStart("events");
        for (LogEvent e : page.events()) {
          EventFields.write(e, q.fields(), g);
        }
        g.writeEndArray();
        g.writeStringField("nextCursor", page.nextCursor());
        g.writeEndObject();
      }
      return HttpExchange.timed(request, start, out.toByteArray());
    });
  }
}
