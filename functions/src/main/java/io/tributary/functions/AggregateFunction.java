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
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import io.tributary.query.aggregate.AggregateRequest;
import io.tributary.query.aggregate.AggregateResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/logs/aggregate}: the filters of a query, and over the events they match in the
 * caller's tenant the largest groups ({@code groupBy}, {@code top}), a histogram and metrics of
 * numeric attributes (see {@link AggregateRequest}). Answers
 * <pre>
 * {"total":N, "groups":[{"key":{FIELD:VALUE,…},"count","firstSeen","lastSeen"(,"template","sample")}],
 *  "other":N, "histogram":{"interval":"1m","series":[…],"buckets":[{"start","count"(,"series":{…})}]},
 *  "metrics":{NAME:{"count","min","max","avg","p50","p95","p99"}}, "approximate":false}
 * </pre>
 * groups and other with groupBy only, histogram and metrics when asked. A bad aggregation is a 400
 * with a code; one still running at the query timeout answers 503 {@code query_timeout}.
 */
public final class AggregateFunction {

  private final FunctionApp app;

  public AggregateFunction() {
    this(FunctionApp.shared());
  }

  public AggregateFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Aggregate")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "logs/aggregate",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    long start = System.nanoTime();
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Aggregate");
      AggregateRequest a = AggregateRequest.read(HttpExchange.body(request));
      AggregateResult r = app.aggregate().aggregate(caller.tenant(), a);
      ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
      try (JsonGenerator g = Json.factory().createGenerator(out)) {
        write(a, r, g);
      }
      return HttpExchange.timed(request, start, out.toByteArray());
    });
  }

  private static void write(AggregateRequest a, AggregateResult r, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeNumberField("total", r.total());
    if (!a.groupBy().isEmpty()) {
      g.writeArrayFieldStart("groups");
      for (AggregateResult.Group group : r.groups()) {
        g.writeStartObject();
        g.writeObjectFieldStart("key");
        for (int i = 0; i < a.groupBy().size(); i++) {
          g.writeStringField(a.groupBy().get(i).name(), group.key().get(i));
        }
        g.writeEndObject();
        g.writeNumberField("count", group.count());
        g.writeStringField("firstSeen", Timestamps.format(group.firstSeenNanos()));
        g.writeStringField("lastSeen", Timestamps.format(group.lastSeenNanos()));
        if (group.template() != null) {
          g.writeStringField("template", group.template());
        }
        if (group.sample() != null) {
          g.writeStringField("sample", group.sample());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("other", r.other());
    }
    if (r.histogram() != null) {
      AggregateResult.Histogram h = r.histogram();
      g.writeObjectFieldStart("histogram");
      g.writeStringField("interval", h.interval());
      if (a.histogram().by() != null) {
        g.writeStringField("by", a.histogram().by().name());
        g.writeArrayFieldStart("series");
        for (String s : h.series()) {
          g.writeString(s);
        }
        g.writeEndArray();
      }
      g.writeArrayFieldStart("buckets");
      for (AggregateResult.Bucket b : h.buckets()) {
        g.writeStartObject();
        g.writeStringField("start", Timestamps.format(b.startNanos()));
        g.writeNumberField("count", b.count());
        if (b.series() != null) {
          g.writeObjectFieldStart("series");
          for (Map.Entry<String, Long> s : b.series().entrySet()) {
            g.writeNumberField(s.getKey(), s.getValue());
          }
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    if (!a.metrics().isEmpty()) {
      g.writeObjectFieldStart("metrics");
      for (Map.Entry<String, AggregateResult.Metric> m : r.metrics().entrySet()) {
        AggregateResult.Metric v = m.getValue();
        g.writeObjectFieldStart(m.getKey());
        g.writeNumberField("count", v.count());
        number(g, "min", v.min());
        number(g, "max", v.max());
        number(g, "avg", v.avg());
        number(g, "p50", v.p50());
        number(g, "p95", v.p95());
        number(g, "p99", v.p99());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeBooleanField("approximate", r.approximate());
    g.writeEndObject();
  }

  /** A number, or null for NaN (a metric of no values), which JSON cannot carry. */
  private static void number(JsonGenerator g, String name, double v) throws IOException {
    if (Double.isNaN(v)) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, v);
    }
  }
}
