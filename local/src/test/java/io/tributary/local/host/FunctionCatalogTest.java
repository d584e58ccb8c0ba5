package io.tributary.local.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.functions.FunctionApp;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionCatalogTest {

  @Test
  void findsEveryFunctionOfTheAppByItsAnnotations() throws Exception {
    List<String> names = FunctionCatalog.scan(FunctionApp.class).stream().map(FunctionDefinition::name).toList();
    assertEquals(List.copyOf(io.tributary.functions.RouteAccess.all().keySet()), names,
        "the catalog finds the functions of the access table");
  }

  @Test
  void routesComeFromTheHttpTriggers() throws Exception {
    HttpRouter router = new HttpRouter("api", FunctionCatalog.scan(FunctionApp.class), c -> null);
    assertEquals(List.of("POST /api/logs/aggregate -> Aggregate", "GET /api/alerts/{id} -> Alert",
        "DELETE,PUT /api/alerts/{id} -> AlertChange", "POST /api/alerts -> AlertCreate",
        "GET /api/alerts/{id}/deliveries -> AlertDeliveries", "GET /api/alerts/{id}/events -> AlertHistory", "GET /api/alerts -> Alerts",
        "GET /api/audit -> Audit", "GET /api/console/{first?}/{second?} -> Console",
        "POST /api/compat/elasticsearch/_bulk -> ElasticBulk",
        "POST /api/compat/elasticsearch/{index}/_bulk -> ElasticIndexBulk", "GET /api/compat/elasticsearch -> ElasticInfo",
        "GET /api/erasures/{id} -> Erasure", "POST /api/erasures -> Erasures",
        "GET /api/logs/export -> Export", "DELETE,GET /api/exports/{id} -> ExportJob",
        "GET /api/exports/{id}/file -> ExportJobFile", "GET /api/exports -> ExportJobList", "POST /api/exports -> ExportJobs",
        "GET /api/health -> Health", "POST /api/logs/ingest -> Ingest",
        "POST /api/compat/loki/api/v1/push -> LokiPush", "GET /api/openapi.json -> OpenApi",
        "POST /api/compat/otlp/v1/logs -> OtlpLogs", "POST /api/logs/query -> Query",
        "GET /api/replays/{id} -> Replay", "POST /api/replays -> Replays",
        "POST /api/compat/syslog -> Syslog", "GET /api/logs/tail -> Tail",
        "GET,PATCH /api/tenants/{id} -> Tenant",
        "GET,POST /api/tenants -> Tenants"), router.describe());
  }
}
