package io.tributary.local.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.functions.FunctionApp;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * The count behind ingest first under saturation ({@code IngestFirst}): the invocations of the named
 * functions in progress, and no others, so that queries never read as a saturated ingest.
 */
class InFlightCountTest {

  @Test
  void countsTheNamedFunctionsWhileTheyRunAndNoOthers() throws Exception {
    AtomicReference<IntSupplier> count = new AtomicReference<>();
    List<String> seen = new ArrayList<>();
    // Every function instance a mock that notes, while it runs, what the count says.
    HttpRouter router = new HttpRouter("api", FunctionCatalog.scan(FunctionApp.class), type -> Mockito.mock(type,
        call -> {
          seen.add(type.getSimpleName() + "=" + count.get().getAsInt());
          return null;
        }));
    count.set(router.countInFlight(Set.of("Ingest", "OtlpLogs")));

    invoke(router, "POST", "/api/logs/ingest");
    invoke(router, "POST", "/api/logs/query");
    invoke(router, "POST", "/api/logs/aggregate");
    invoke(router, "POST", "/api/compat/otlp/v1/logs");

    assertEquals(List.of("IngestFunction=1", "QueryFunction=0", "AggregateFunction=0", "OtlpLogsFunction=1"), seen,
        "an ingest route counts while it runs; a query or an aggregation does not");
    assertEquals(0, count.get().getAsInt(), "and nothing is left counted once they answered");
  }

  @Test
  void aFunctionThatThrowsIsNoLongerCounted() throws Exception {
    HttpRouter router = new HttpRouter("api", FunctionCatalog.scan(FunctionApp.class), type -> Mockito.mock(type,
        call -> {
          throw new IllegalStateException("the function failed");
        }));
    IntSupplier count = router.countInFlight(Set.of("Ingest"));
    HostResponse r = invoke(router, "POST", "/api/logs/ingest");
    assertEquals(500, r.status());
    assertEquals(0, count.getAsInt());
  }

  private static HostResponse invoke(HttpRouter router, String method, String path) {
    HttpRouter.RouteMatch m = router.resolve(method, path).orElseThrow(() -> new AssertionError(path));
    return router.invoke(m, URI.create("http://127.0.0.1" + path), Map.of(), Map.of(), new byte[0], null);
  }
}
