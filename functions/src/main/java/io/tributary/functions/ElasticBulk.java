package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import io.tributary.auth.AuthException;
import io.tributary.auth.Principal;
import io.tributary.http.Problem;
import io.tributary.http.ProblemHeaders;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestResult;
import io.tributary.ingest.elastic.BulkReport;
import io.tributary.ingest.elastic.ElasticBulkFormat;
import io.tributary.ingest.elastic.ElasticResponses;
import io.tributary.json.Json;
import io.tributary.limits.TenantLimits;
import java.util.Map;
import java.util.Optional;

/**
 * What the two bulk routes share ({@link ElasticBulkFunction}, {@link ElasticIndexBulkFunction}):
 * the call into ingest and the answer in bulk's own shape, with the product header official
 * clients check on every answer.
 */
final class ElasticBulk {

  private ElasticBulk() {
  }

  static HttpResponseMessage serve(FunctionApp app, HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context, String function, String index) {
    String contentType = ElasticResponses.contentType(HttpExchange.header(request, "Content-Type"),
        HttpExchange.header(request, "Accept"));
    return HttpExchange.serve(request, context, () -> {
      long start = System.nanoTime();
      Principal caller;
      try {
        caller = HttpExchange.caller(app, request, function);
      } catch (AuthException e) {
        return error(request, contentType, e.problem());
      } catch (ProblemException e) {
        return error(request, contentType, e.problem());
      }
      TenantLimits limits = app.directory().standing(caller.tenant()).limits();
      Problem empty = HttpExchange.emptyBucket(app, request, caller.tenant(), limits);
      if (empty != null) {
        return error(request, contentType, empty);
      }
      IngestResult result = app.ingest().ingest(ElasticBulkFormat.ROUTE, new IngestRequest(caller.tenant(),
          HttpExchange.header(request, "Content-Type"), HttpExchange.header(request, "Content-Encoding"),
          HttpExchange.body(request), EventDefaults.none()), limits);
      BulkReport report = result instanceof IngestResult.Accepted a ? (BulkReport) a.report()
          : (BulkReport) ((IngestResult.Refused) result).report();
      if (report == null) {
        return error(request, contentType, ((IngestResult.Refused) result).problem());
      }
      // Every item rejected is still bulk's 200 with each item's error, as Elasticsearch answers.
      long took = (System.nanoTime() - start) / 1_000_000;
      return answer(request, 200, contentType, ElasticResponses.bulk(report, index, took), Map.of());
    });
  }

  static HttpResponseMessage answer(HttpRequestMessage<?> request, int status, String contentType, Object body,
      Map<String, String> headers) {
    HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(status))
        .header("Content-Type", contentType)
        .header(ElasticResponses.PRODUCT_HEADER, ElasticResponses.PRODUCT);
    headers.forEach((k, v) -> {
      if (!k.equalsIgnoreCase("Content-Type")) {
        b.header(k, v);
      }
    });
    return b.body(Json.bytes(body)).build();
  }

  static HttpResponseMessage error(HttpRequestMessage<?> request, String contentType, Problem p) {
    return answer(request, p.status(), contentType, ElasticResponses.error(p), ProblemHeaders.of(p));
  }
}
