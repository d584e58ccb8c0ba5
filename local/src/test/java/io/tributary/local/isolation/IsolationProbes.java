package io.tributary.local.isolation;

import static io.tributary.local.isolation.IsolationWorld.A;
import static io.tributary.local.isolation.IsolationWorld.A_SERVICE;
import static io.tributary.local.isolation.IsolationWorld.A_WORD;
import static io.tributary.local.isolation.IsolationWorld.B;
import static io.tributary.local.isolation.IsolationWorld.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.json.Json;
import io.tributary.local.testing.SseReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The isolation probes of every function, by {@code @FunctionName}: what tenant B tries against
 * tenant A's data, ids, cursors and references through that function, and what must come back.
 * {@link TenantIsolationSuiteTest} runs them all and fails for a function of {@code RouteAccess}
 * (or a method of it) that has none here: a new route is not done until it is probed.
 *
 * <p>The token checks every route gets (no token: 401; a token without the route's role: 403) are
 * added by the suite from {@code RouteAccess}; these are the probes of what each function shows.
 */
final class IsolationProbes {

  private static final String USER = "bravo, user roles";
  private static final String ADMIN = "bravo, tenants.admin";
  private static final String NO_TOKEN = "no token";

  private IsolationProbes() {
  }

  /** The probes, by function name; a function with no HTTP trigger has probes of method "-". */
  static Map<String, List<Probe>> all() {
    return Map.ofEntries(
        Map.entry("Aggregate", aggregate()),
        Map.entry("Alerts", alerts()),
        Map.entry("Alert", alert()),
        Map.entry("AlertCreate", alertCreate()),
        Map.entry("AlertChange", alertChange()),
        Map.entry("AlertHistory", alertHistory()),
        Map.entry("AlertDeliveries", alertDeliveries()),
        Map.entry("AlertEvaluate", alertEvaluate()),
        Map.entry("AlertTick", triggerOnly("the function runs on a timer (Azure); locally the runtime's own timer"
            + " does its work", "alerttick", "AlertTick")),
        Map.entry("ArchivalTick", triggerOnly("the function runs on a timer (Azure); locally the runtime's own"
            + " timer starts the same archival run", "archivaltick", "ArchivalTick")),
        Map.entry("ArchiveCompaction", triggerOnly("the function runs on a timer (Azure); locally the runtime's own"
            + " archive maintenance compacts every minute", "archivecompaction", "ArchiveCompaction")),
        Map.entry("ExportOrchestration", durable("ExportOrchestration")),
        Map.entry("ExportPart", durable("ExportPart")),
        Map.entry("ExportFinish", durable("ExportFinish")),
        Map.entry("ArchivalOrchestration", durable("ArchivalOrchestration")),
        Map.entry("ArchivalTenants", durable("ArchivalTenants")),
        Map.entry("ApplyRetention", durable("ApplyRetention")),
        Map.entry("ReplayOrchestration", durable("ReplayOrchestration")),
        Map.entry("ReplayPlan", durable("ReplayPlan")),
        Map.entry("ReplayDay", durable("ReplayDay")),
        Map.entry("ErasureOrchestration", durable("ErasureOrchestration")),
        Map.entry("ErasurePlan", durable("ErasurePlan")),
        Map.entry("EraseStoreDay", durable("EraseStoreDay")),
        Map.entry("EraseArchiveDay", durable("EraseArchiveDay")),
        Map.entry("RecordErasure", durable("RecordErasure")),
        Map.entry("Audit", audit()),
        Map.entry("Console", console()),
        Map.entry("ElasticBulk", elasticBulk("compat/elasticsearch/_bulk")),
        Map.entry("ElasticIndexBulk", elasticBulk("compat/elasticsearch/" + A + "/_bulk")),
        Map.entry("ElasticInfo", elasticInfo()),
        Map.entry("Export", export()),
        Map.entry("Replays", replays()),
        Map.entry("Replay", replay()),
        Map.entry("Erasures", erasures()),
        Map.entry("Erasure", erasure()),
        Map.entry("ExportJobs", exportJobs()),
        Map.entry("ExportJob", exportJob()),
        Map.entry("ExportJobList", exportJobList()),
        Map.entry("ExportJobFile", exportJobFile()),
        Map.entry("Health", health()),
        Map.entry("Index", index()),
        Map.entry("Ingest", ingest()),
        Map.entry("LokiPush", lokiPush()),
        Map.entry("OpenApi", openApi()),
        Map.entry("OtlpLogs", otlpLogs()),
        Map.entry("Process", process()),
        Map.entry("Query", query()),
        Map.entry("Syslog", syslog()),
        Map.entry("Tail", tail()),
        Map.entry("Tenant", tenant()),
        Map.entry("Tenants", tenants()));
  }

  private static List<Probe> aggregate() {
    return List.of(
        new Probe("POST", USER, "everything, grouped by pattern and service, with a histogram", w -> {
          String body = "{\"last\":\"3660d\",\"groupBy\":[\"pattern\",\"service\"],\"top\":1000,"
              + "\"histogram\":{\"interval\":\"auto\",\"by\":\"service\"}}";
          Answer r = w.call("POST", "logs/aggregate", w.bUser, body, Map.of());
          assertEquals(200, r.status(), r.raw());
          int own = w.events(w.bUser, Map.of()).size();
          assertEquals(own, r.json().path("total").asInt(), r.raw());
          assertFalse(w.mentionsA(r.raw()) || r.raw().contains(A_WORD) || r.raw().contains(A_SERVICE),
              "none of A's events, services or templates: " + r.raw());
          return r.seen(own + " events, all B's own; no pattern, template, sample or service of A's");
        }),
        new Probe("POST", USER, "A's word (`q`) and A's service, grouped by pattern", w -> {
          String body = "{\"q\":\"" + A_WORD + "\",\"groupBy\":\"pattern\"}";
          Answer r = w.call("POST", "logs/aggregate", w.bUser, body, Map.of());
          assertEquals(200, r.status(), r.raw());
          assertEquals(0, r.json().path("total").asInt(), r.raw());
          assertEquals(0, r.json().path("groups").size(), r.raw());
          Answer byService = w.call("POST", "logs/aggregate", w.bUser, "{\"services\":[\"" + A_SERVICE
              + "\"],\"metrics\":[\"pid\"]}", Map.of());
          assertEquals(0, byService.json().path("total").asInt(), byService.raw());
          assertEquals(0, byService.json().path("metrics").path("pid").path("count").asInt(), byService.raw());
          Answer own = w.call("POST", "logs/aggregate", w.aUser, body, Map.of());
          assertTrue(own.json().path("total").asInt() > 0, "A's own aggregation finds them: " + own.raw());
          return r.seen("0 events, no groups, no metric values (A finds " + own.json().path("total").asInt()
              + " with the same body)");
        }));
  }

  private static List<Probe> alerts() {
    return List.of(new Probe("GET", USER, "the list of alert rules", w -> {
      Answer r = w.call("GET", "alerts", w.bUser, null, Map.of());
      assertEquals(200, r.status(), r.raw());
      assertFalse(r.raw().contains(w.aAlert) || r.raw().contains(IsolationWorld.A_ALERT_NAME)
          || r.raw().contains(IsolationWorld.A_ALERT_SECRET), "none of A's rules: " + r.raw());
      return r.seen(r.json().path("alerts").size() + " rules, B's own; not A's");
    }));
  }

  private static List<Probe> alert() {
    return List.of(new Probe("GET", USER, "A's rule by its id", w -> {
      Answer r = w.call("GET", "alerts/" + w.aAlert, w.bUser, null, Map.of());
      assertEquals(404, r.status(), r.raw());
      assertEquals("alert_not_found", r.code());
      Answer none = w.call("GET", "alerts/0000000000nosuchrule00000", w.bUser, null, Map.of());
      assertEquals(r.status() + r.code(), none.status() + none.code(), "no oracle of which ids exist");
      assertFalse(r.raw().contains(IsolationWorld.A_ALERT_NAME), r.raw());
      return r.seen("404 alert_not_found, as for an id that does not exist");
    }));
  }

  private static List<Probe> alertHistory() {
    return List.of(new Probe("GET", USER, "A's rule's firings", w -> {
      Answer r = w.call("GET", "alerts/" + w.aAlert + "/events", w.bUser, null, Map.of());
      assertEquals(404, r.status(), r.raw());
      assertEquals("alert_not_found", r.code());
      return r.seen("404 alert_not_found, as for an id that does not exist");
    }));
  }

  private static List<Probe> alertDeliveries() {
    return List.of(new Probe("GET", USER, "A's rule's delivery attempts", w -> {
      Answer r = w.call("GET", "alerts/" + w.aAlert + "/deliveries", w.bUser, null, Map.of());
      assertEquals(404, r.status(), r.raw());
      assertEquals("alert_not_found", r.code());
      assertFalse(r.raw().contains("alpha.example.com"), r.raw());
      return r.seen("404 alert_not_found, as for an id that does not exist");
    }));
  }

  private static List<Probe> alertCreate() {
    return List.of(new Probe("POST", USER, "a rule of its own (can it land in A?)", w -> {
      Answer r = w.call("POST", "alerts", w.bUser, "{\"name\":\"bravo rule\",\"condition\":{\"type\":\"absence\","
          + "\"count\":1,\"window\":\"5m\"}}", Map.of());
      assertEquals(201, r.status(), r.raw());
      String id = r.json().path("id").asText();
      Answer inA = w.call("GET", "alerts", w.aUser, null, Map.of());
      assertFalse(inA.raw().contains(id), "A does not see B's rule: " + inA.raw());
      Answer cleanup = w.call("DELETE", "alerts/" + id, w.bUser, null, Map.of());
      assertEquals(204, cleanup.status(), cleanup.raw());
      return r.seen("201; the rule is B's (A's list does not have it)");
    }));
  }

  private static List<Probe> alertChange() {
    return List.of(
        new Probe("PUT", USER, "replacing A's rule (`If-Match: *`)", w -> {
          Answer r = w.call("PUT", "alerts/" + w.aAlert, w.bUser, "{\"name\":\"taken\",\"condition\":"
              + "{\"type\":\"absence\",\"count\":1,\"window\":\"5m\"}}", Map.of("If-Match", "*"));
          assertEquals(404, r.status(), r.raw());
          assertEquals("alert_not_found", r.code());
          Answer after = w.call("GET", "alerts/" + w.aAlert, w.aUser, null, Map.of());
          assertEquals(1, after.json().path("version").asLong(), after.raw());
          assertEquals(IsolationWorld.A_ALERT_NAME, after.json().path("name").asText(), after.raw());
          return r.seen("404 alert_not_found; A's rule unchanged (version 1)");
        }),
        new Probe("DELETE", USER, "deleting A's rule", w -> {
          Answer r = w.call("DELETE", "alerts/" + w.aAlert, w.bUser, null, Map.of());
          assertEquals(404, r.status(), r.raw());
          assertEquals("alert_not_found", r.code());
          assertEquals(200, w.call("GET", "alerts/" + w.aAlert, w.aUser, null, Map.of()).status());
          return r.seen("404 alert_not_found; A's rule still there");
        }));
  }

  private static List<Probe> audit() {
    return List.of(
        new Probe("GET", USER, "the whole trail", w -> {
          Answer r = w.call("GET", "audit?from=2000-01-01", w.bUser, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          Set<String> tenants = values(r.json().path("entries"), "tenant");
          assertEquals(Set.of(B), tenants, r.raw());
          assertFalse(r.raw().contains("\"" + A + "\""), "nothing of A's: " + r.raw());
          return r.seen("B's entries only (" + r.json().path("entries").size() + ": its registration, its own rule's"
              + " creation and deletion); none of A's");
        }),
        new Probe("GET", USER, "A's trail by `tenant=alpha`", w -> {
          Answer r = w.call("GET", "audit?tenant=" + A, w.bUser, null, Map.of());
          assertEquals(403, r.status(), r.raw());
          assertEquals("missing_role", r.code());
          return r.seen("refused; nothing of A's in the body");
        }),
        new Probe("GET", ADMIN, "the whole trail (an operator sees every tenant's)", w -> {
          Answer r = w.call("GET", "audit?from=2000-01-01", w.bAdmin, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          assertTrue(values(r.json().path("entries"), "tenant").containsAll(Set.of(A, B)), r.raw());
          return r.seen("A's and B's entries: the operator's view, by design");
        }));
  }

  private static List<Probe> console() {
    return List.of(
        new Probe("GET", NO_TOKEN, "tenant data in the console's page", w -> {
          Answer r = w.call("GET", "console/", null, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          assertFalse(w.mentionsA(r.raw()) || r.raw().contains(A), "the page names no tenant and holds no event");
          return r.seen("the page; no tenant, id or event in it");
        }),
        new Probe("GET", USER, "tenant data in the console's page", w -> {
          Answer r = w.call("GET", "console/", w.bUser, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          assertEquals(w.call("GET", "console/", null, null, Map.of()).raw(), r.raw(), "the same for everyone");
          return r.seen("the same page as without a token");
        }));
  }

  private static List<Probe> health() {
    return List.of(
        new Probe("GET", NO_TOKEN, "anything beyond liveness", w -> {
          Answer r = w.call("GET", "health", null, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          List<String> fields = new ArrayList<>();
          r.json().fieldNames().forEachRemaining(fields::add);
          assertEquals(List.of("status"), fields, r.raw());
          return r.seen("`{\"status\":\"ready\"}` only");
        }),
        new Probe("GET", USER, "other tenants' figures", w -> {
          Answer r = w.call("GET", "health", w.bUser, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          JsonNode tenants = r.json().path("tenants");
          assertEquals(Set.of(B), values(tenants, "id"), r.raw());
          for (String global : List.of("since", "processingLag", "quarantine")) {
            assertFalse(r.json().has(global), "no app-wide " + global + ": " + r.raw());
          }
          // B's own events so far: those seeded and those the probes before this one sent as B.
          int own = w.events(w.bUser, Map.of()).size();
          assertTrue(own >= IsolationWorld.B_SEEDED, r.raw());
          assertEquals(own, tenants.get(0).path("since").path("acceptedEvents").asLong(), r.raw());
          assertFalse(r.raw().contains(A), r.raw());
          return r.seen("B's entry only, its accepted count is B's own " + own
              + " events (not A's " + w.aEvents.size() + "); no app-wide counts, lag or quarantine");
        }),
        new Probe("GET", ADMIN, "every tenant's figures (an operator sees all)", w -> {
          Answer r = w.call("GET", "health", w.bAdmin, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          assertTrue(values(r.json().path("tenants"), "id").containsAll(Set.of(A, B)), r.raw());
          assertTrue(r.json().has("quarantine"), r.raw());
          return r.seen("A and B, app-wide counts and the quarantine: the operator's view, by design");
        }));
  }

  private static List<Probe> elasticBulk(String path) {
    return List.of(new Probe("POST", USER, "documents naming A (`_index: alpha`, a `tenant` field) with an"
        + " `X-Tenant: alpha` header", w -> {
      String doc = "{\"message\":\"bravo over bulk\",\"tenant\":\"" + A + "\",\"service\":{\"name\":\"bravo-bulk\"}}";
      String body = "{\"index\":{\"_index\":\"" + A + "\"}}\n" + doc + "\n{\"create\":{}}\n" + doc + "\n";
      Answer r = w.call("POST", path, w.bUser, body, Map.of("Content-Type", "application/x-ndjson", "X-Tenant", A));
      assertEquals(200, r.status(), r.raw());
      assertFalse(r.json().path("errors").asBoolean(), r.raw());
      w.fx.awaitProcessed();
      List<JsonNode> aNow = w.events(w.aUser, Map.of());
      assertEquals(w.aEvents.size(), w.aEventsAmong(aNow).size(), "A's events are unchanged");
      assertEquals(0, w.events(w.aUser, Map.of("q", "bulk")).size(), "none of B's documents in A");
      assertTrue(w.events(w.bUser, Map.of("q", "bulk")).size() >= 2, "B's documents landed in B");
      return r.seen("200, both items created in B only (the `_index` is reported, not a tenant); none in A, A's"
          + " events unchanged");
    }));
  }

  private static List<Probe> elasticInfo() {
    return List.of(new Probe("GET", USER, "the info document", w -> {
      Answer r = w.call("GET", "compat/elasticsearch", w.bUser, null, Map.of());
      assertEquals(200, r.status(), r.raw());
      assertFalse(w.mentionsA(r.raw()), r.raw());
      return r.seen("the same static document for every tenant; nothing of A's");
    }));
  }

  private static List<Probe> otlpLogs() {
    return List.of(new Probe("POST", USER, "OTLP/JSON records whose resource names A (`tenant.id`, A's service) with"
        + " an `X-Tenant: alpha` header", w -> {
      String body = "{\"resourceLogs\":[{\"resource\":{\"attributes\":["
          + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"" + A_SERVICE + "\"}},"
          + "{\"key\":\"tenant.id\",\"value\":{\"stringValue\":\"" + A + "\"}}]},"
          + "\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"bravo over otlp one\"}},"
          + "{\"body\":{\"stringValue\":\"bravo over otlp two\"}}]}]}]}";
      Answer r = w.call("POST", "compat/otlp/v1/logs?tenant=" + A, w.bUser, body,
          Map.of("Content-Type", "application/json", "X-Tenant", A));
      assertEquals(200, r.status(), r.raw());
      w.fx.awaitProcessed();
      List<JsonNode> aNow = w.events(w.aUser, Map.of());
      assertEquals(w.aEvents.size(), w.aEventsAmong(aNow).size(), "A's events are unchanged");
      assertEquals(0, w.events(w.aUser, Map.of("q", "otlp")).size(), "none of B's records in A");
      List<JsonNode> bNow = w.events(w.bUser, Map.of("q", "otlp"));
      assertEquals(2, bNow.size(), "B's two records landed in B: " + bNow);
      return r.seen("200, accepted into B only (B reads its 2 records, under A's service name); none in A, A's"
          + " events unchanged");
    }));
  }

  private static List<Probe> lokiPush() {
    return List.of(new Probe("POST", USER, "a Loki push whose labels name A (`tenant`, `X-Scope-OrgID`, A's"
        + " service) with an `X-Scope-OrgID: alpha` header (Loki's own tenant header)", w -> {
      String body = "{\"streams\":[{\"stream\":{\"service_name\":\"" + A_SERVICE + "\",\"tenant\":\"" + A
          + "\",\"X_Scope_OrgID\":\"" + A + "\"},\"values\":[[\"1700000000000000000\",\"bravo over loki one\"],"
          + "[\"1700000000000000001\",\"bravo over loki two\"]]}]}";
      Answer r = w.call("POST", "compat/loki/api/v1/push?tenant=" + A, w.bUser, body,
          Map.of("Content-Type", "application/json", "X-Scope-OrgID", A, "X-Tenant", A));
      assertEquals(204, r.status(), r.raw());
      w.fx.awaitProcessed();
      List<JsonNode> aNow = w.events(w.aUser, Map.of());
      assertEquals(w.aEvents.size(), w.aEventsAmong(aNow).size(), "A's events are unchanged");
      assertEquals(0, w.events(w.aUser, Map.of("q", "loki")).size(), "none of B's entries in A");
      List<JsonNode> bNow = w.events(w.bUser, Map.of("q", "loki"));
      assertEquals(2, bNow.size(), "B's two entries landed in B: " + bNow);
      return r.seen("204, accepted into B only (B reads its 2 entries, under A's service name); none in A, A's"
          + " events unchanged");
    }));
  }

  private static List<Probe> syslog() {
    return List.of(new Probe("POST", USER, "syslog messages whose structured data and app name name A"
        + " (`[tributary tenant=\"alpha\"]`, A's service) with an `X-Tenant: alpha` header", w -> {
      String body = "<14>1 - host-b " + A_SERVICE + " - - [tributary tenant=\"" + A + "\"] bravo over syslog one\n"
          + "<14>1 - host-b " + A_SERVICE + " - - [tributary tenant=\"" + A + "\"] bravo over syslog two\n";
      Answer r = w.call("POST", "compat/syslog?tenant=" + A, w.bUser, body,
          Map.of("Content-Type", "text/plain", "X-Tenant", A));
      assertEquals(202, r.status(), r.raw());
      w.fx.awaitProcessed();
      List<JsonNode> aNow = w.events(w.aUser, Map.of());
      assertEquals(w.aEvents.size(), w.aEventsAmong(aNow).size(), "A's events are unchanged");
      assertEquals(0, w.events(w.aUser, Map.of("q", "syslog")).size(), "none of B's messages in A");
      List<JsonNode> bNow = w.events(w.bUser, Map.of("q", "syslog"));
      assertEquals(2, bNow.size(), "B's two messages landed in B: " + bNow);
      return r.seen("202, accepted into B only (B reads its 2 messages, under A's service name); none in A, A's"
          + " events unchanged");
    }));
  }

  private static List<Probe> ingest() {
    return List.of(
        new Probe("POST", USER, "events with A's own ids (`c-1`…`c-5`), `?tenant=alpha`, a `tenant` field and an"
            + " `X-Tenant: alpha` header", w -> {
          Answer r = w.call("POST", "logs/ingest?tenant=" + A + "&service=" + A_SERVICE, w.bUser,
              ndjson(IsolationWorld.A_CLIENT_IDS), Map.of("Content-Type", "application/x-ndjson", "X-Tenant", A));
          assertEquals(202, r.status(), r.raw());
          assertEquals(5, r.json().path("accepted").asInt(), r.raw());
          w.fx.awaitProcessed();
          List<JsonNode> aNow = w.events(w.aUser, Map.of());
          assertEquals(w.aEvents.size(), aNow.size(), "A has exactly its own events still");
          assertEquals(w.aEvents.size(), w.aEventsAmong(aNow).size(), "A's events are unchanged");
          List<JsonNode> bNow = w.events(w.bUser, Map.of("services", List.of(A_SERVICE)));
          assertEquals(5, bNow.size(), "B's five landed in B");
          bNow.forEach(e -> assertTrue(e.path("message").asText().startsWith("bravo collides"), e.toString()));
          return r.seen("accepted into B only: A still has exactly its " + w.aEvents.size()
              + " events, unchanged (its `c-1`…`c-5` too); B reads its own 5 under the same ids");
        }),
        new Probe("POST", USER, "events with ids the server gave A's events", w -> {
          List<String> ids = new ArrayList<>(w.aEvents.keySet()).stream()
              .filter(id -> !IsolationWorld.A_CLIENT_IDS.contains(id)).limit(5).toList();
          Answer r = w.call("POST", "logs/ingest", w.bUser, ndjson(ids), Map.of("Content-Type", "application/x-ndjson"));
          assertEquals(400, r.status(), r.raw());
          assertEquals(Set.of("invalid_id"), values(r.json().path("rejected"), "code"), r.raw());
          assertEquals(w.aEvents.size(), w.aEventsAmong(w.events(w.aUser, Map.of())).size(), "A unchanged");
          return r.seen("every item rejected `invalid_id` (server-made ids cannot be claimed); A unchanged");
        }),
        new Probe("POST", USER, "taking an id before A uses it (`c-next`)", w -> {
          Answer r = w.call("POST", "logs/ingest", w.bUser, "{\"id\":\"c-next\",\"message\":\"bravo first\"}",
              Map.of("Content-Type", "application/x-ndjson"));
          assertEquals(202, r.status(), r.raw());
          w.fx.awaitProcessed();
          Answer a = w.call("POST", "logs/ingest", w.aUser, "{\"id\":\"c-next\",\"message\":\"alpha later\"}",
              Map.of("Content-Type", "application/x-ndjson"));
          assertEquals(202, a.status(), a.raw());
          assertEquals(1, a.json().path("accepted").asInt(), a.raw());
          w.fx.awaitProcessed();
          List<JsonNode> aNext = w.events(w.aUser, Map.of("q", "later"));
          assertEquals(List.of("c-next"), aNext.stream().map(e -> e.path("id").asText()).toList());
          assertEquals("alpha later", aNext.get(0).path("message").asText());
          List<JsonNode> bNext = w.events(w.bUser, Map.of("q", "first"));
          assertEquals(1, bNext.size());
          assertEquals("bravo first", bNext.get(0).path("message").asText());
          return r.seen("B's lands in B; A's later event with that id is still stored, in A, not taken for a repeat");
        }));
  }

  /** NDJSON events of B with {@code ids}, each also naming A in a {@code tenant} field. */
  private static String ndjson(List<String> ids) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      body.append("{\"id\":\"").append(ids.get(i)).append("\",\"message\":\"bravo collides ").append(i)
          .append("\",\"tenant\":\"").append(A).append("\"}\n");
    }
    return body.toString();
  }

  private static List<Probe> openApi() {
    return List.of(
        new Probe("GET", NO_TOKEN, "tenant data in the document", w -> {
          Answer r = w.call("GET", "openapi.json", null, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          assertEquals("3.1.0", r.json().path("openapi").asText());
          assertFalse(w.mentionsA(r.raw()), "the document names no tenant and holds no event");
          return r.seen("the document; no tenant, id or event in it");
        }),
        new Probe("GET", USER, "tenant data in the document", w -> {
          Answer r = w.call("GET", "openapi.json", w.bUser, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          assertEquals(w.call("GET", "openapi.json", null, null, Map.of()).raw(), r.raw(), "the same for everyone");
          return r.seen("the same document as without a token");
        }));
  }

  private static List<Probe> index() {
    return changeFeedOnly("index", "Index");
  }

  private static List<Probe> alertEvaluate() {
    return changeFeedOnly("alertevaluate", "AlertEvaluate");
  }

  /** Probes of a function that runs from the Cosmos DB change feed: no route reaches it. */
  private static List<Probe> changeFeedOnly(String... paths) {
    return triggerOnly("the function runs from the Cosmos DB change feed only (Azure), not locally", paths);
  }

  /** Probes of a function that no HTTP route reaches ({@code why}: what runs it). */
  /**
   * A durable orchestrator or activity function (Azure): only the task hub calls it, with an
   * instance a tenant's own job started; what a tenant sees of the job is probed on the job routes.
   */
  private static List<Probe> durable(String function) {
    return triggerOnly("a durable function (Azure): only the task hub calls it, with the input of an instance the"
        + " job routes started for the caller's tenant; locally the embedded engine runs the same class", function);
  }

  private static List<Probe> triggerOnly(String why, String... paths) {
    List<Probe> out = new ArrayList<>();
    for (String path : paths) {
      for (String method : List.of("GET", "POST")) {
        out.add(new Probe("-", USER, method + " /api/" + path + " (not reachable over HTTP)", w -> {
          Answer r = w.call(method, path, w.bUser, method.equals("POST") ? "[]" : null, Map.of());
          assertEquals(404, r.status(), r.raw());
          assertEquals("not_found", r.code());
          return r.seen("no route: " + why);
        }));
      }
    }
    return out;
  }

  private static List<Probe> process() {
    List<Probe> out = new ArrayList<>();
    for (String path : List.of("process", "Process")) {
      for (String method : List.of("GET", "POST")) {
        out.add(new Probe("-", USER, method + " /api/" + path + " (not reachable over HTTP)", w -> {
          Answer r = w.call(method, path, w.bUser, method.equals("POST") ? "[]" : null, Map.of());
          assertEquals(404, r.status(), r.raw());
          assertEquals("not_found", r.code());
          return r.seen("no route: the function runs from the event log only");
        }));
      }
    }
    return out;
  }

  private static List<Probe> query() {
    return List.of(
        new Probe("POST", USER, "everything, page by page", w -> {
          List<JsonNode> seen = w.events(w.bUser, Map.of());
          assertEquals(List.of(), w.aEventsAmong(seen));
          seen.forEach(e -> assertTrue(e.path("message").asText().startsWith("bravo "), e.toString()));
          return new Seen(200, "", seen.size() + " events, all B's own; 0 of A's " + w.aEvents.size());
        }),
        new Probe("POST", USER, "A's word (`q`) and A's service", w -> {
          List<JsonNode> byWord = w.events(w.bUser, Map.of("q", A_WORD));
          List<JsonNode> byService = w.events(w.bUser, Map.of("services", List.of(A_SERVICE),
              "q", A_WORD));
          assertEquals(0, byWord.size());
          assertEquals(0, byService.size());
          assertTrue(w.events(w.aUser, Map.of("q", A_WORD)).size() > 0, "A's own query finds them");
          return new Seen(200, "", "0 events (A finds its own with the same query)");
        }),
        new Probe("POST", USER, "A's cursor, with A's query", w -> {
          String body = w.aCursorQuery.replace("}", ",\"cursor\":\"" + w.aCursor + "\"}");
          Answer r = Answer.of(w.fx.queryAs(w.bUser, body));
          assertEquals(400, r.status(), r.raw());
          assertEquals("invalid_cursor", r.code());
          assertFalse(w.mentionsA(r.raw()), r.raw());
          Answer own = Answer.of(w.fx.queryAs(w.aUser, body));
          assertEquals(200, own.status(), "the cursor is good for A: " + own.raw());
          return r.seen("refused (the cursor is MAC-bound to A); the same cursor pages on for A");
        }),
        new Probe("POST", ADMIN, "everything (an operator's query is still its own tenant's)", w -> {
          List<JsonNode> seen = w.events(w.bAdmin, Map.of());
          assertEquals(List.of(), w.aEventsAmong(seen));
          return new Seen(200, "", seen.size() + " events, all B's; 0 of A's");
        }));
  }

  /** Frames of a tail as B for {@code window}, while A ingests a live event (B ingests none: other probes count B's). */
  private static List<SseReader.Frame> tailAsB(IsolationWorld w, String query, Duration window) throws Exception {
    try (SseReader t = SseReader.open(w.fx.http, w.fx.uri("logs/tail?" + query),
        Map.of("Authorization", "Bearer " + w.bUser))) {
      assertEquals(200, t.status());
      assertEquals(202, w.fx.ingestAs(w.aUser, "text/plain",
          (A_WORD + " live line of alpha\n").getBytes(StandardCharsets.UTF_8), "service=" + A_SERVICE).statusCode());
      w.fx.awaitProcessed();
      return t.during(window);
    }
  }

  private static List<Probe> tail() {
    return List.of(
        new Probe("GET", USER, "everything (`since=2000-01-01`: the store, then live while A ingests)", w -> {
          List<SseReader.Frame> frames = tailAsB(w, "since=2000-01-01T00:00:00Z", Duration.ofSeconds(2));
          List<JsonNode> seen = new ArrayList<>();
          for (SseReader.Frame f : frames) {
            if ("log".equals(f.event())) {
              seen.add(Json.mapper().readTree(f.data()));
            }
          }
          assertEquals(List.of(), w.aEventsAmong(seen));
          seen.forEach(e -> assertTrue(e.path("message").asText().startsWith("bravo "), e.toString()));
          int logs = seen.size();
          assertTrue(logs >= IsolationWorld.B_SEEDED, "B's seeded events at least: " + frames);
          return new Seen(200, "", logs + " events, all B's own; 0 of A's, stored or live");
        }),
        new Probe("GET", USER, "A's word (`q`) and A's service, live", w -> {
          List<SseReader.Frame> frames = tailAsB(w, "since=2000-01-01T00:00:00Z&q=" + A_WORD + "&service=" + A_SERVICE,
              Duration.ofSeconds(1));
          assertEquals(List.of(), frames.stream().filter(f -> "log".equals(f.event())).toList());
          return new Seen(200, "", "0 events while A's matching event was stored");
        }));
  }

  private static List<Probe> export() {
    return List.of(
        new Probe("GET", USER, "everything, as NDJSON (store and archive)", w -> {
          Answer r = w.call("GET", "logs/export?format=ndjson", w.bUser, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          List<JsonNode> seen = new ArrayList<>();
          for (String line : r.raw().split("\n")) {
            if (!line.isBlank()) {
              seen.add(Json.mapper().readTree(line));
            }
          }
          assertEquals(List.of(), w.aEventsAmong(seen));
          seen.forEach(e -> assertTrue(e.path("message").asText().startsWith("bravo "), e.toString()));
          assertEquals(w.events(w.bUser, Map.of()).size(), seen.size(), "B's own events, each once");
          return new Seen(200, "", seen.size() + " events, all B's own; 0 of A's");
        }),
        new Probe("GET", USER, "A's word (`q`) and A's service, as CSV", w -> {
          Answer r = w.call("GET", "logs/export?format=csv&q=" + A_WORD + "&service=" + A_SERVICE, w.bUser, null,
              Map.of());
          assertEquals(200, r.status(), r.raw());
          assertEquals(1, r.raw().split("\r\n").length, "the header alone: " + r.raw());
          assertFalse(w.mentionsA(r.raw()) || r.raw().contains(A_WORD), r.raw());
          Answer own = w.call("GET", "logs/export?format=csv&q=" + A_WORD + "&service=" + A_SERVICE, w.aUser, null,
              Map.of());
          int rows = own.raw().split("\r\n").length - 1;
          assertTrue(rows > 0, "A's own export finds them: " + own.raw());
          return new Seen(200, "", "the header row alone (A's export of the same finds " + rows + ")");
        }));
  }

  private static List<Probe> replays() {
    return List.of(new Probe("POST", USER, "replaying A's word (`q: " + A_WORD + "`) from the archive", w -> {
      int before = w.events(w.bUser, Map.of()).size();
      JsonNode done = finished(w, "replays", w.bUser, "{\"q\":\"" + A_WORD + "\"}");
      assertEquals("completed", done.path("state").asText(), done.toString());
      assertEquals(0, done.path("result").path("read").asLong(), done.toString());
      assertEquals(0, done.path("result").path("events").asLong(), done.toString());
      List<JsonNode> bNow = w.events(w.bUser, Map.of());
      assertEquals(before, bNow.size(), "B's store is as it was");
      assertEquals(List.of(), w.aEventsAmong(bNow));
      return new Seen(202, "", "a replay of B's own archive: 0 read, 0 stored; B's store still holds only its own "
          + bNow.size() + " events");
    }));
  }

  /**
   * Starts a job at {@code jobs} ({@code exports}, {@code replays}, {@code erasures}) as
   * {@code bearer} and waits for it to end; its final status.
   */
  private static JsonNode finished(IsolationWorld w, String jobs, String bearer, String body) throws Exception {
    Answer started = w.call("POST", jobs, bearer, body, Map.of());
    assertEquals(202, started.status(), started.raw());
    String path = started.response().headers().firstValue("Location").orElseThrow().substring("/api/".length());
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      Answer s = w.call("GET", path, bearer, null, Map.of());
      assertEquals(200, s.status(), s.raw());
      if (!s.json().path("state").asText().equals("running")) {
        return s.json();
      }
      assertTrue(System.nanoTime() < deadline, "the job at " + path + " did not end: " + s.raw());
      Thread.sleep(50);
    }
  }

  private static List<Probe> replay() {
    return List.of(new Probe("GET", USER, "A's replay by its id", w -> {
      JsonNode a = finished(w, "replays", w.aUser, "{\"q\":\"nosuchwordanywhere\"}");
      String id = a.path("id").asText();
      Answer r = w.call("GET", "replays/" + id, w.bUser, null, Map.of());
      assertEquals(404, r.status(), r.raw());
      assertEquals("replay_not_found", r.code());
      Answer none = w.call("GET", "replays/01NOSUCHREPLAY0000000000000", w.bUser, null, Map.of());
      assertEquals(r.status() + r.code(), none.status() + none.code(), "no oracle of which ids exist");
      return r.seen("404 replay_not_found, as for an id that does not exist");
    }));
  }

  private static List<Probe> erasures() {
    return List.of(
        new Probe("POST", USER, "erasing A's word (`q: " + A_WORD + "`) without tenants.admin", w -> {
          Answer r = w.call("POST", "erasures", w.bUser, "{\"q\":\"" + A_WORD + "\"}", Map.of());
          assertEquals(403, r.status(), r.raw());
          assertEquals("missing_role", r.code());
          return r.seen("refused");
        }),
        new Probe("POST", ADMIN, "erasing A's word (`q: " + A_WORD + "`)", w -> {
          JsonNode done = finished(w, "erasures", w.bAdmin, "{\"q\":\"" + A_WORD + "\"}");
          assertEquals("completed", done.path("state").asText(), done.toString());
          assertEquals(0, done.path("result").path("storeEvents").asLong(), done.toString());
          assertEquals(0, done.path("result").path("archiveEvents").asLong(), done.toString());
          assertEquals(B, done.path("result").path("tenant").asText(), done.toString());
          List<JsonNode> aNow = w.events(w.aUser, Map.of());
          assertEquals(w.aEvents.size(), w.aEventsAmong(aNow).size(), "A's events are unchanged");
          return new Seen(202, "", "an erasure of B's own events: 0 removed from B's store and archive; A still has"
              + " all its " + w.aEvents.size() + " events");
        }));
  }

  private static List<Probe> erasure() {
    return List.of(
        new Probe("GET", ADMIN, "A's erasure by its id", w -> {
          String aAdmin = w.fx.token(A, io.tributary.auth.Role.TENANTS_ADMIN);
          JsonNode a = finished(w, "erasures", aAdmin, "{\"q\":\"nosuchwordanywhere\"}");
          String id = a.path("id").asText();
          Answer r = w.call("GET", "erasures/" + id, w.bAdmin, null, Map.of());
          assertEquals(404, r.status(), r.raw());
          assertEquals("erasure_not_found", r.code());
          Answer none = w.call("GET", "erasures/01NOSUCHERASURE000000000000", w.bAdmin, null, Map.of());
          assertEquals(r.status() + r.code(), none.status() + none.code(), "no oracle of which ids exist");
          return r.seen("404 erasure_not_found, as for an id that does not exist");
        }));
  }

  private static List<Probe> exportJobs() {
    return List.of(new Probe("POST", USER, "a job of everything, then its file", w -> {
      JsonNode done = finished(w, "exports", w.bUser, "{\"format\":\"ndjson\"}");
      assertEquals("completed", done.path("state").asText(), done.toString());
      String file = java.nio.file.Files.readString(java.nio.file.Path.of(java.net.URI.create(
          done.path("result").path("url").asText())));
      List<JsonNode> seen = new ArrayList<>();
      for (String line : file.split("\n")) {
        if (!line.isBlank()) {
          seen.add(Json.mapper().readTree(line));
        }
      }
      assertEquals(List.of(), w.aEventsAmong(seen));
      seen.forEach(e -> assertTrue(e.path("message").asText().startsWith("bravo "), e.toString()));
      assertTrue(done.path("result").path("url").asText().contains("/" + B + "/"), "filed under B: " + done);
      return new Seen(202, "", "the job's file holds " + seen.size() + " events, all B's own, filed under B");
    }));
  }

  private static List<Probe> exportJob() {
    return List.of(
        new Probe("GET", USER, "A's job by its id", w -> {
          JsonNode a = finished(w, "exports", w.aUser, "{\"format\":\"csv\"}");
          String id = a.path("id").asText();
          Answer r = w.call("GET", "exports/" + id, w.bUser, null, Map.of());
          assertEquals(404, r.status(), r.raw());
          assertEquals("export_not_found", r.code());
          Answer none = w.call("GET", "exports/01NOSUCHJOB0000000000000000", w.bUser, null, Map.of());
          assertEquals(r.status() + r.code(), none.status() + none.code(), "no oracle of which ids exist");
          assertFalse(r.raw().contains(a.path("result").path("url").asText()), r.raw());
          return r.seen("404 export_not_found, as for an id that does not exist");
        }),
        new Probe("DELETE", USER, "cancelling A's job", w -> {
          JsonNode a = finished(w, "exports", w.aUser, "{\"format\":\"json\"}");
          String id = a.path("id").asText();
          Answer r = w.call("DELETE", "exports/" + id, w.bUser, null, Map.of());
          assertEquals(404, r.status(), r.raw());
          assertEquals("export_not_found", r.code());
          Answer after = w.call("GET", "exports/" + id, w.aUser, null, Map.of());
          assertEquals("completed", after.json().path("state").asText(), after.raw());
          return r.seen("404 export_not_found; A's job unchanged");
        }));
  }

  private static List<Probe> exportJobList() {
    return List.of(new Probe("GET", USER, "the list of jobs, after A started one", w -> {
      JsonNode a = finished(w, "exports", w.aUser, "{\"format\":\"ndjson\"}");
      JsonNode b = finished(w, "exports", w.bUser, "{\"format\":\"ndjson\"}");
      Answer r = w.call("GET", "exports?limit=100", w.bUser, null, Map.of());
      assertEquals(200, r.status(), r.raw());
      assertEquals(b.path("id").asText(), r.json().path("jobs").path(0).path("id").asText(), "B's newest job first");
      for (JsonNode job : r.json().path("jobs")) {
        assertNotEquals(a.path("id").asText(), job.path("id").asText(), r.raw());
        assertTrue(job.path("result").path("url").asText().contains("/" + B + "/"), "B's own: " + job);
      }
      assertFalse(r.raw().contains(a.path("id").asText()), r.raw());
      return r.seen("200 with B's own jobs only, newest first, none of A's");
    }));
  }

  private static List<Probe> exportJobFile() {
    return List.of(new Probe("GET", USER, "A's job's file by its id", w -> {
      JsonNode a = finished(w, "exports", w.aUser, "{\"format\":\"ndjson\"}");
      String id = a.path("id").asText();
      Answer r = w.call("GET", "exports/" + id + "/file", w.bUser, null, Map.of());
      assertEquals(404, r.status(), r.raw());
      assertEquals("export_not_found", r.code());
      Answer none = w.call("GET", "exports/01NOSUCHJOB0000000000000000/file", w.bUser, null, Map.of());
      assertEquals(r.status() + r.code(), none.status() + none.code(), "no oracle of which ids exist");
      return r.seen("404 export_not_found, as for an id that does not exist");
    }));
  }

  private static List<Probe> tenant() {
    return List.of(
        new Probe("GET", USER, "A's record", w -> {
          Answer r = w.call("GET", "tenants/" + A, w.bUser, null, Map.of());
          assertEquals(403, r.status(), r.raw());
          assertEquals("missing_role", r.code());
          Answer none = w.call("GET", "tenants/nobody", w.bUser, null, Map.of());
          assertEquals(r.status() + r.code(), none.status() + none.code(), "no oracle of which tenants exist");
          return r.seen("refused, as for a tenant that does not exist");
        }),
        new Probe("PATCH", USER, "suspending A (`If-Match: *`)", w -> {
          Answer r = w.call("PATCH", "tenants/" + A, w.bUser, "{\"status\":\"suspended\"}", Map.of("If-Match", "*"));
          assertEquals(403, r.status(), r.raw());
          assertEquals("missing_role", r.code());
          Answer after = w.call("GET", "tenants/" + A, w.bAdmin, null, Map.of());
          assertEquals(w.aVersion, after.json().path("version").asLong(), after.raw());
          assertEquals("active", after.json().path("status").asText());
          return r.seen("refused; A's record unchanged (same version, active)");
        }),
        new Probe("GET", ADMIN, "A's record (an operator may)", w -> {
          Answer r = w.call("GET", "tenants/" + A, w.bAdmin, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          return r.seen("A's record: the operator's role, by design");
        }));
  }

  private static List<Probe> tenants() {
    return List.of(
        new Probe("GET", USER, "the list of tenants", w -> {
          Answer r = w.call("GET", "tenants", w.bUser, null, Map.of());
          assertEquals(403, r.status(), r.raw());
          assertEquals("missing_role", r.code());
          assertFalse(r.raw().contains(A), r.raw());
          return r.seen("refused");
        }),
        new Probe("POST", USER, "registering A again, and a new tenant", w -> {
          Answer again = w.call("POST", "tenants", w.bUser, "{\"id\":\"" + A + "\",\"name\":\"mine\","
              + "\"plan\":\"free\",\"status\":\"active\"}", Map.of());
          Answer fresh = w.call("POST", "tenants", w.bUser, "{\"id\":\"mallory\",\"name\":\"mine\","
              + "\"plan\":\"free\",\"status\":\"active\"}", Map.of());
          assertEquals(403, again.status(), again.raw());
          assertEquals("missing_role", again.code());
          assertEquals(again.status() + again.code(), fresh.status() + fresh.code(),
              "the same answer whether the id is taken or not");
          assertEquals(404, w.call("GET", "tenants/mallory", w.bAdmin, null, Map.of()).status());
          assertEquals(w.aVersion, w.call("GET", "tenants/" + A, w.bAdmin, null, Map.of()).json().path("version")
              .asLong());
          return again.seen("refused alike for a taken and a free id; nothing created or changed");
        }),
        new Probe("GET", ADMIN, "the list (an operator may)", w -> {
          Answer r = w.call("GET", "tenants", w.bAdmin, null, Map.of());
          assertEquals(200, r.status(), r.raw());
          assertTrue(values(r.json().path("tenants"), "id").containsAll(Set.of(A, B)), r.raw());
          return r.seen("every tenant: the operator's role, by design");
        }));
  }
}
