package io.tributary.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import io.tributary.functions.openapi.Body;
import io.tributary.functions.openapi.OpenApiDocument;
import io.tributary.functions.openapi.Operation;
import io.tributary.functions.openapi.Param;
import io.tributary.functions.openapi.Reply;
import io.tributary.functions.openapi.Schemas;
import io.tributary.ingest.Reasons;
import io.tributary.query.QueryReasons;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each HTTP function takes and answers, by {@code @FunctionName} and method: the sibling of
 * {@link RouteAccess} that the OpenAPI document is written from (with the routes of the
 * functions' annotations and the roles of {@code RouteAccess}). Every HTTP function of the app
 * has an entry for each of its methods (a test and the layout generator fail otherwise).
 *
 * <p>Only the answers of the function itself are listed here; the 401 and 403 of its access and
 * the 500 are added by the document.
 */
public final class RouteDocs {

  private static final String SERVER_TIMING = "app;dur=<milliseconds> (W3C Server Timing): the time the server spent on"
      + " the request.";
  private static final String RETRY_AFTER = "Seconds to wait before trying again.";

  private static final Map<String, JsonNode> SCHEMAS = Map.ofEntries(
      Map.entry("Event", Schemas.parse("""
          {"type":"object","description":"A stored log event.",
           "required":["id","timestamp","ingestedAt","severity","service","host","message","attributes"],
           "properties":{
             "id":{"type":"string"},
             "timestamp":{"type":"string","format":"date-time"},
             "ingestedAt":{"type":"string","format":"date-time"},
             "severity":{"type":["string","null"],"enum":["TRACE","DEBUG","INFO","WARN","ERROR","FATAL",null]},
             "severityText":{"type":"string"},
             "service":{"type":"string"},
             "host":{"type":"string"},
             "message":{"type":"string"},
             "attributes":{"type":"object"}
           }}
          """)),
      Map.entry("ExportJob", Schemas.parse("""
          {"type":"object","required":["id","state","progress","result"],
           "properties":{
             "id":{"type":"string"},
             "state":{"type":"string","enum":["running","completed","failed","cancelled"]},
             "progress":{"type":"object","properties":{"events":{"type":"integer"},"bytes":{"type":"integer"},
               "percent":{"type":"integer"}}},
             "result":{"type":["object","null"],"properties":{"url":{"type":"string"},"events":{"type":"integer"},
               "bytes":{"type":"integer"},"sha256":{"type":"string"},"download":{"type":"string",
               "description":"Where the url is a file: URI (the local runtime): GET /api/exports/{id}/file"}}},
             "error":{"type":"string"}
           }}
          """)),
      Map.entry("Erasure", Schemas.parse("""
          {"type":"object","required":["id","state","progress","result"],
           "properties":{
             "id":{"type":"string"},
             "state":{"type":"string","enum":["running","completed","failed","cancelled"]},
             "progress":{"type":"object","properties":{"events":{"type":"integer"},"bytes":{"type":"integer"},
               "percent":{"type":"integer"}}},
             "result":{"type":["object","null"],"description":"The receipt, once completed.","properties":{
               "id":{"type":"string"},"tenant":{"type":"string"},"q":{"type":"string"},
               "from":{"type":["string","null"]},"to":{"type":["string","null"]},
               "storeEvents":{"type":"integer"},"archiveEvents":{"type":"integer"},
               "segmentsRewritten":{"type":"integer"},"requestedBy":{"type":"string"},
               "requestedAt":{"type":"string"},"completedAt":{"type":"string"}}},
             "error":{"type":"string"}
           }}
          """)),
      Map.entry("Replay", Schemas.parse("""
          {"type":"object","required":["id","state","progress","result"],
           "properties":{
             "id":{"type":"string"},
             "state":{"type":"string","enum":["running","completed","failed","cancelled"]},
             "progress":{"type":"object","properties":{"events":{"type":"integer"},"bytes":{"type":"integer"},
               "percent":{"type":"integer"}}},
             "result":{"type":["object","null"],"properties":{"events":{"type":"integer"},"read":{"type":"integer"},
               "days":{"type":"integer"}}},
             "error":{"type":"string"}
           }}
          """)),
      Map.entry("EventDraft", Schemas.parse("""
          {"type":"object","description":"An event to ingest: only message is required.",
           "required":["message"],
           "properties":{
             "id":{"type":"string","description":"The client's id; a repeat within the idempotency window is stored once."},
             "timestamp":{"type":["string","number"],"description":"ISO-8601 or epoch; defaults to the time of ingest."},
             "severity":{"type":"string"},
             "service":{"type":"string"},
             "host":{"type":"string"},
             "message":{"type":"string"},
             "attributes":{"type":"object"}
           }}
          """)),
      Map.entry("IngestReceipt", Schemas.parse("""
          {"type":"object","required":["accepted","rejectedCount","rejected"],
           "properties":{
             "accepted":{"type":"integer","description":"Events made durable."},
             "rejectedCount":{"type":"integer"},
             "rejected":{"type":"array","description":"The first rejected items, each with its index and reason code.",
               "items":{"type":"object","properties":{"index":{"type":"integer"},"code":{"type":"string"},"detail":{"type":"string"}}}}
           }}
          """)),
      Map.entry("QueryRequest", Schemas.parse("""
          {"type":"object","additionalProperties":false,
           "properties":{
             "from":{"type":["string","integer"],"description":"ISO-8601 or epoch milliseconds."},
             "to":{"type":["string","integer"]},
             "last":{"type":"string","pattern":"^[0-9]{1,7}(ms|s|m|h|d|w)$",
               "description":"Relative time range back from now, such as 15m; not with from or to."},
             "severity":{"type":"array","items":{"type":"string"}},
             "minSeverity":{"type":"string"},
             "services":{"type":"array","items":{"type":"string"}},
             "hosts":{"type":"array","items":{"type":"string"}},
             "attributes":{"type":"object","additionalProperties":{"type":"string"}},
             "q":{"type":"string","maxLength":65536,"description":"The query language (docs/query-language.md): words, \\"phrases\\", prefix*, field:value, field:>=N, field:[a TO b], severity:>=warn, AND, OR, NOT or -, parentheses; ANDed with the other filters. At most 256 distinct terms, 32 levels deep."},
             "order":{"type":"string","enum":["newest","oldest"]},
             "limit":{"type":"integer","minimum":1,"maximum":1000},
             "cursor":{"type":"string","description":"nextCursor of the previous page of the same query, same tenant."},
             "fields":{"type":"array","minItems":1,"maxItems":100,"items":{"type":"string"},
               "description":"Event fields to return (id and timestamp always come); attributes.NAME for one attribute."}
           }}
          """)),
      Map.entry("QueryPage", Schemas.parse("""
          {"type":"object","required":["events","nextCursor"],
           "properties":{
             "events":{"type":"array","items":{"$ref":"#/components/schemas/Event"}},
             "nextCursor":{"type":["string","null"],"description":"Null on the last page."}
           }}
          """)),
      Map.entry("AggregateRequest", Schemas.parse("""
          {"type":"object","additionalProperties":false,
           "description":"The filters of a query and what to compute over the events they match.",
           "properties":{
             "from":{"type":["string","integer"],"description":"ISO-8601 or epoch milliseconds."},
             "to":{"type":["string","integer"],"description":"With a histogram, now when left out."},
             "last":{"type":"string","pattern":"^[0-9]{1,7}(ms|s|m|h|d|w)$",
               "description":"[now - last, now]; not with from or to."},
             "severity":{"type":"array","items":{"type":"string"}},
             "minSeverity":{"type":"string"},
             "services":{"type":"array","items":{"type":"string"}},
             "hosts":{"type":"array","items":{"type":"string"}},
             "attributes":{"type":"object","additionalProperties":{"type":"string"}},
             "q":{"type":"string","maxLength":65536,"description":"The query language (docs/query-language.md)."},
             "groupBy":{"type":"array","minItems":1,"maxItems":3,"items":{"type":"string"},
               "description":"severity, service, host, pattern, or an attribute (attributes.NAME or NAME)."},
             "top":{"type":"integer","minimum":1,"maximum":1000,"description":"Groups to list, largest first; 10 by default."},
             "histogram":{"type":"object","additionalProperties":false,
               "description":"Counts per time bucket; needs last or from.",
               "properties":{
                 "interval":{"type":"string","description":"auto (48-120 buckets) or a duration such as 1m; at most 1,000 buckets."},
                 "by":{"type":"string","description":"A field to split each bucket by."},
                 "series":{"type":"integer","minimum":1,"maximum":20,"description":"Values of by listed; the rest are other. 5 by default."}}},
             "metrics":{"type":"array","minItems":1,"maxItems":10,"items":{"type":"string"},
               "description":"Numeric attributes to summarise (attributes.NAME or NAME)."}
           }}
          """)),
      Map.entry("AggregateResult", Schemas.parse("""
          {"type":"object","required":["total","approximate"],
           "properties":{
             "total":{"type":"integer","description":"Events that matched."},
             "groups":{"type":"array","description":"With groupBy: the largest groups, largest first.",
               "items":{"type":"object","required":["key","count","firstSeen","lastSeen"],
                 "properties":{"key":{"type":"object","description":"Each groupBy field's value (null when events have none)."},
                   "count":{"type":"integer"},
                   "firstSeen":{"type":"string","format":"date-time"},
                   "lastSeen":{"type":"string","format":"date-time"},
                   "template":{"type":"string","description":"With groupBy pattern: the pattern's template."},
                   "sample":{"type":"string","description":"With groupBy pattern: the message of the group's earliest event."}}}},
             "other":{"type":"integer","description":"With groupBy: matching events of no group listed."},
             "histogram":{"type":"object","required":["interval","buckets"],
               "properties":{"interval":{"type":"string"},"by":{"type":"string"},
                 "series":{"type":"array","items":{"type":"string"}},
                 "buckets":{"type":"array","items":{"type":"object","required":["start","count"],
                   "properties":{"start":{"type":"string","format":"date-time"},"count":{"type":"integer"},
                     "series":{"type":"object","additionalProperties":{"type":"integer"},
                       "description":"Counts of the series listed, and other."}}}}}},
             "metrics":{"type":"object","additionalProperties":{"type":"object","required":["count"],
               "properties":{"count":{"type":"integer"},"min":{"type":["number","null"]},"max":{"type":["number","null"]},
                 "avg":{"type":["number","null"]},"p50":{"type":["number","null"]},"p95":{"type":["number","null"]},
                 "p99":{"type":["number","null"]}},
               "description":"Exact count, min, max and avg; percentiles within 1%. Null when count is 0."}},
             "approximate":{"type":"boolean","description":"More than 10,000 distinct groups (or 100 series) came: the later ones were counted as other."}
           }}
          """)),
      Map.entry("Health", Schemas.parse("""
          {"type":"object","required":["status"],
           "properties":{
             "status":{"type":"string","const":"ready"},
             "backend":{"type":"string"},
             "partitions":{"type":"integer"},
             "tenant":{"type":"string","description":"The token's tenant."},
             "tenants":{"type":"array","description":"The caller's tenant only; every tenant for tenants.admin.",
               "items":{"$ref":"#/components/schemas/TenantHealth"}},
             "processingLag":{"type":"object","description":"tenants.admin only: the whole app's.",
               "properties":{"group":{"type":"string"},"pending":{"type":"integer"}}},
             "since":{"type":"object","description":"tenants.admin only: the whole app's counts since start.",
               "properties":{"acceptedEvents":{"type":"integer"},"processedEvents":{"type":"integer"}}},
             "quarantine":{"type":"object","description":"tenants.admin only.",
               "properties":{"frames":{"type":"integer"},"events":{"type":"integer"},
                 "framesSinceStart":{"type":"integer"},"eventsSinceStart":{"type":"integer"}}}
           }}
          """)),
      Map.entry("TenantHealth", Schemas.parse("""
          {"type":"object","required":["id","registered","status","processingLag","since"],
           "properties":{
             "id":{"type":"string"},
             "registered":{"type":"boolean"},
             "status":{"type":"string"},
             "plan":{"type":"string"},
             "limits":{"type":"object","properties":{"eventsPerSecond":{"type":"integer"},"bytesPerSecond":{"type":"integer"},
               "burstSeconds":{"type":"integer"},"remainingEvents":{"type":"integer"},"resetSeconds":{"type":"integer"}}},
             "processingLag":{"type":"object","properties":{"partition":{"type":"integer"},"pending":{"type":"integer"}}},
             "since":{"type":"object","description":"This instance, since start.",
               "properties":{"acceptedEvents":{"type":"integer"},"processedEvents":{"type":"integer"}}}
           }}
          """)),
      Map.entry("Tenant", Schemas.parse("""
          {"type":"object","description":"A tenant's record; limits and retention null (or left out) for the plan's.",
           "required":["id","name","plan"],
           "properties":{
             "id":{"type":"string","pattern":"^[a-z0-9_-]{1,64}$"},
             "name":{"type":"string"},
             "plan":{"type":"string","enum":["free","standard","enterprise","unlimited"]},
             "limits":{"type":["object","null"],"properties":{"eventsPerSecond":{"type":"integer"},
               "bytesPerSecond":{"type":"integer"},"burstSeconds":{"type":"integer"}}},
             "retention":{"type":["object","null"],"properties":{"hotDays":{"type":"integer"},"coldDays":{"type":"integer"}}},
             "status":{"type":"string","enum":["active","suspended"]}
           }}
          """)),
      Map.entry("TenantAnswer", Schemas.parse("""
          {"allOf":[{"$ref":"#/components/schemas/Tenant"},
            {"type":"object","required":["effectiveLimits","effectiveRetention","version"],
             "properties":{"effectiveLimits":{"type":"object"},"effectiveRetention":{"type":"object"},
               "version":{"type":"integer","description":"Also the ETag."}}}]}
          """)),
      Map.entry("TenantList", Schemas.parse("""
          {"type":"object","required":["tenants"],
           "properties":{"tenants":{"type":"array","items":{"$ref":"#/components/schemas/TenantAnswer"}}}}
          """)),
      Map.entry("AlertRule", Schemas.parse("""
          {"type":"object","required":["name","condition"],
           "description":"An alert rule (docs/alerts.md).",
           "properties":{
             "name":{"type":"string","minLength":1,"maxLength":200},
             "query":{"type":"object","description":"A POST /api/logs/query body (q, services, hosts, severities, minSeverity, attributes); paging fields are ignored."},
             "condition":{"type":"object","required":["type","window"],
               "properties":{"type":{"enum":["threshold","absence","rateChange","newPattern"]},
                 "count":{"type":"integer","minimum":1},"window":{"type":"string","examples":["1m"]},
                 "groupBy":{"type":"string"},"factor":{"type":"number","exclusiveMinimum":1},
                 "baseline":{"type":"string"},"direction":{"enum":["up","down","both"]}}},
             "cooldown":{"type":"string","examples":["10m"]},
             "notify":{"type":"array","maxItems":5,"items":{"type":"object","required":["type","url"],
               "properties":{"type":{"enum":["webhook","logicApp"]},"url":{"type":"string","format":"uri"},
                 "secret":{"type":"string","minLength":16,"maxLength":200}}}},
             "enabled":{"type":"boolean"}}}
          """)),
      Map.entry("AlertAnswer", Schemas.parse("""
          {"allOf":[{"$ref":"#/components/schemas/AlertRule"},
            {"type":"object","required":["id","version"],
             "properties":{"id":{"type":"string"},"version":{"type":"integer","description":"Also the ETag."}}}]}
          """)),
      Map.entry("AlertList", Schemas.parse("""
          {"type":"object","required":["alerts"],
           "properties":{"alerts":{"type":"array","items":{"$ref":"#/components/schemas/AlertAnswer"}}}}
          """)),
      Map.entry("AuditPage", Schemas.parse("""
          {"type":"object","required":["from","to","tenant","entries","more"],
           "properties":{
             "from":{"type":"string","format":"date-time"},
             "to":{"type":"string","format":"date-time"},
             "tenant":{"type":["string","null"],"description":"The tenant whose trail this is; null for every tenant's."},
             "entries":{"type":"array","items":{"type":"object",
               "required":["at","tenant","actor","type","stream","version"],
               "properties":{"at":{"type":"string","format":"date-time"},"tenant":{"type":"string"},
                 "actor":{"type":"string"},"type":{"type":"string"},"stream":{"type":"string"},
                 "version":{"type":"integer"},"before":{"type":"object"},"after":{"type":"object"},
                 "patch":{"type":"object"}}}},
             "more":{"type":"boolean","description":"More entries than limit: ask again from the last one's time."}
           }}
          """)),
      Map.entry("OpenApiDocument", Schemas.parse("""
          {"type":"object","description":"This document.","required":["openapi","info","paths"]}
          """)));

  private static final String[] ALERT_400 = {"invalid_alert", "invalid_notify", "malformed_json",
      "notify_target_not_allowed",
      QueryReasons.UNKNOWN_FIELD, QueryReasons.INVALID_FIELD, QueryReasons.INVALID_QUERY, QueryReasons.INVALID_RANGE,
      QueryReasons.QUERY_TOO_COMPLEX};

  /** google.rpc.Status, OTLP's failure answer. */
  private static final com.fasterxml.jackson.databind.JsonNode OTLP_STATUS = Schemas.parse(
      "{\"type\":\"object\",\"description\":\"google.rpc.Status\",\"properties\":{\"code\":{\"type\":\"integer\"},"
          + "\"message\":{\"type\":\"string\"}}}");

  private static final Map<String, Map<HttpMethod, Operation>> ALERT_ROUTES = Map.of(
      "Alerts", Map.of(HttpMethod.GET, Operation.builder("List the caller's tenant's alert rules")
          .reply(Reply.json(200, "The rules, secrets shown as ***.", Schemas.ref("AlertList"))
              .withHeader("ETag", "A weak tag of the whole list."))
          .build()),
      "AlertCreate", Map.of(HttpMethod.POST, Operation.builder("Create an alert rule")
          .body(Body.json("The rule.", Schemas.ref("AlertRule")))
          .reply(Reply.json(201, "Created: its id and the whole rule.", Schemas.ref("AlertAnswer"))
              .withHeader("ETag", "The rule's version, \"1\".")
              .withHeader("Location", "/api/alerts/{id}."))
          .reply(Reply.problem(400, "Not a valid rule: the field to fix is named.", ALERT_400))
          .reply(Reply.problem(409, "The tenant has as many rules as its plan allows.", "alert_limit"))
          .reply(Reply.problem(413, "The body is over 64 KiB.", "body_too_large"))
          .build()),
      "AlertDeliveries", ruleRecords("An alert rule's delivery attempts", "Newest first: the target (its query"
          + " string left out), attempt, outcome (delivered, retrying, dead_letter), status or failure, duration and"
          + " next attempt (docs/alerts-delivery.md).", "deliveries"),
      "AlertHistory", ruleRecords("An alert rule's firings and resolutions", "Newest first: state, group, window,"
          + " count, threshold, up to 10 sample events and a query that finds the window's matches. Kept by the"
          + " instance that decided them, since it started.", "events"),
      "Alert", Map.of(HttpMethod.GET, Operation.builder("Read an alert rule")
          .param(Param.path("id", "The rule's id."))
          .reply(Reply.json(200, "The rule.", Schemas.ref("AlertAnswer"))
              .withHeader("ETag", "The rule's version, for If-Match."))
          .reply(Reply.problem(404, "No such rule for this tenant.", "alert_not_found"))
          .build()),
      "AlertChange", Map.of(
          HttpMethod.PUT, Operation.builder("Replace an alert rule")
              .param(Param.path("id", "The rule's id."))
              .param(Param.header("If-Match", true, "The ETag of the rule as read, or * for whatever is current."))
              .body(Body.json("The whole rule.", Schemas.ref("AlertRule")))
              .reply(Reply.json(200, "Replaced.", Schemas.ref("AlertAnswer"))
                  .withHeader("ETag", "The rule's new version."))
              .reply(Reply.problem(400, "Not a valid rule, or If-Match is not an ETag.",
                  java.util.stream.Stream.concat(java.util.Arrays.stream(ALERT_400), java.util.stream.Stream.of(
                      "invalid_if_match")).toArray(String[]::new)))
              .reply(Reply.problem(404, "No such rule for this tenant.", "alert_not_found"))
              .reply(Reply.problem(412, "The rule changed since that ETag.", "version_conflict"))
              .reply(Reply.problem(413, "The body is over 64 KiB.", "body_too_large"))
              .reply(Reply.problem(428, "If-Match is missing.", "if_match_required"))
              .build(),
          HttpMethod.DELETE, Operation.builder("Delete an alert rule")
              .param(Param.path("id", "The rule's id."))
              .reply(Reply.empty(204, "Deleted."))
              .reply(Reply.problem(404, "No such rule for this tenant.", "alert_not_found"))
              .build()));

  /** The routes shippers send to in their own protocols (issue 16). */
  private static final Map<String, Map<HttpMethod, Operation>> COMPAT_ROUTES = Map.of(
      "OtlpLogs", Map.of(HttpMethod.POST, Operation.builder("Receive OTLP/HTTP logs")
          .description("An OpenTelemetry ExportLogsServiceRequest, binary protobuf or OTLP/JSON, optionally gzip:"
              + " point an SDK's or the Collector's OTLP/HTTP logs exporter at …/api/compat/otlp/v1/logs with the"
              + " token as 'Authorization: Bearer'. Resource service.name and host.name become service and host,"
              + " severityNumber/severityText the severity, the body the message, and attributes of every level"
              + " are kept. Answers 200 once the accepted records are durable, with partialSuccess counting the"
              + " rejected ones (each named in errorMessage with its index and reason code); failures are a"
              + " google.rpc.Status in the request's encoding.")
          .param(Param.header("Content-Encoding", false, "gzip, zstd or none."))
          .body(new Body("The request.", true, linked(
              "application/x-protobuf", Schemas.parse(
                  "{\"type\":\"string\",\"format\":\"binary\",\"description\":\"ExportLogsServiceRequest\"}"),
              "application/json", Schemas.parse(
                  "{\"type\":\"object\",\"properties\":{\"resourceLogs\":{\"type\":\"array\"}}}"))))
          .reply(new Reply(200, "The accepted records are durable; partialSuccess counts the rejected ones.",
              "application/x-protobuf", Schemas.parse("{\"type\":\"object\",\"properties\":{\"partialSuccess\":"
                  + "{\"type\":\"object\",\"properties\":{\"rejectedLogRecords\":{\"type\":\"string\"},"
                  + "\"errorMessage\":{\"type\":\"string\"}}}}}"), java.util.List.of(), Map.of()))
          .reply(otlpStatus(400, "The body is not an ExportLogsServiceRequest, or holds no valid record; not"
              + " retried.", Reasons.MALFORMED_PROTOBUF, Reasons.MALFORMED_JSON, Reasons.NO_VALID_EVENTS,
              Reasons.INVALID_GZIP, Reasons.INVALID_ZSTD))
          .reply(otlpStatus(413, "Too large.", Reasons.BODY_TOO_LARGE, Reasons.TOO_MANY_EVENTS,
              Reasons.EXPANSION_TOO_LARGE))
          .reply(otlpStatus(415, "Not application/x-protobuf or application/json, or an unknown Content-Encoding.",
              Reasons.UNSUPPORTED_MEDIA_TYPE, Reasons.UNSUPPORTED_ENCODING, Reasons.UNSUPPORTED_CHARSET))
          .reply(otlpStatus(429, "The tenant's rate limit is spent; retried after Retry-After.", "rate_limited")
              .withHeader("Retry-After", RETRY_AFTER))
          .reply(otlpStatus(503, "Nothing was accepted; retried after Retry-After.", "backpressure", "disk_full",
              Reasons.PUBLISH_FAILED).withHeader("Retry-After", RETRY_AFTER))
          .build()),
      "LokiPush", Map.of(HttpMethod.POST, Operation.builder("Receive a Loki push")
          .description("Loki's push API: JSON ({\"streams\":[{\"stream\":{labels},\"values\":[[\"<ns>\",\"<line>\","
              + "{structured metadata}]]}]}, optionally gzip) or a protobuf PushRequest compressed with snappy's block"
              + " format: point Promtail, Alloy, Fluent Bit, Vector or loki4j at …/api/compat (the push URL"
              + " …/api/compat/loki/api/v1/push) with the token as Bearer or as Basic's password. The labels"
              + " service_name, service, app, job (the first present) become the service, host, hostname, instance the"
              + " host (settings TRIBUTARY_LOKI_SERVICE_LABELS, TRIBUTARY_LOKI_HOST_LABELS), level the severity; other"
              + " labels and structured metadata are attributes. Entries of any age and order are kept. Answers 204"
              + " once the entries are durable; as Loki does, 400 in plain text naming the rejected entries when some"
              + " were rejected, the others kept.")
          .param(Param.header("Content-Encoding", false, "gzip, zstd or none (JSON; protobuf is always snappy)."))
          .body(new Body("The push.", true, linked(
              "application/json", Schemas.parse("{\"type\":\"object\",\"properties\":{\"streams\":{\"type\":\"array\"}}}"),
              "application/x-protobuf", Schemas.parse(
                  "{\"type\":\"string\",\"format\":\"binary\",\"description\":\"logproto.PushRequest, snappy block\"}"))))
          .reply(Reply.empty(204, "Every entry is durable."))
          .reply(lokiText(400, "Some entries were rejected (the others are kept and must not be sent again), or the"
              + " body cannot be read (nothing kept).", Reasons.INVALID_LABELS, Reasons.INVALID_TIMESTAMP,
              Reasons.MISSING_MESSAGE, Reasons.INVALID_SNAPPY, Reasons.MALFORMED_PROTOBUF, Reasons.MALFORMED_JSON,
              Reasons.NO_VALID_EVENTS, Reasons.INVALID_GZIP))
          .reply(lokiText(413, "Too large.", Reasons.BODY_TOO_LARGE, Reasons.TOO_MANY_EVENTS,
              Reasons.EXPANSION_TOO_LARGE))
          .reply(lokiText(415, "Not application/json or application/x-protobuf, or an unknown Content-Encoding.",
              Reasons.UNSUPPORTED_MEDIA_TYPE, Reasons.UNSUPPORTED_ENCODING, Reasons.UNSUPPORTED_CHARSET))
          .reply(lokiText(429, "The tenant's rate limit is spent; nothing was accepted.", "rate_limited")
              .withHeader("Retry-After", RETRY_AFTER))
          .reply(lokiText(503, "Nothing was accepted; retry after Retry-After.", "backpressure", "disk_full",
              Reasons.PUBLISH_FAILED).withHeader("Retry-After", RETRY_AFTER))
          .build()));

  private static final Map<String, Map<HttpMethod, Operation>> SYSLOG_ROUTES = Map.of(
      "Syslog", Map.of(HttpMethod.POST, Operation.builder("Receive syslog messages")
          .description("RFC 5424 or RFC 3164 messages, newline-separated or octet-counted (RFC 6587), optionally gzip"
              + " or zstd: rsyslog omhttp, syslog-ng http(), Vector, Fluent Bit. PRI gives the severity (and the"
              + " facility, attribute syslog.facility), HOSTNAME the host, APP-NAME (3164: the tag) the service;"
              + " PROCID, MSGID and structured data are attributes. A message with a bad PRI is rejected alone"
              + " (invalid_pri), the rest accepted. Answers 202 with the receipt once the accepted messages are"
              + " durable, as /api/logs/ingest.")
          .param(Param.header("Content-Encoding", false, "gzip, zstd or none."))
          .body(new Body("The messages.", true, Map.of("text/plain", Schemas.parse(
              "{\"type\":\"string\",\"description\":\"Syslog messages, one a line or octet-counted.\"}"))))
          .reply(Reply.json(202, "The accepted messages are durable; rejected ones are listed.",
              Schemas.ref("IngestReceipt")))
          .reply(Reply.problem(400, "No message, or none valid.", Reasons.EMPTY_BODY, Reasons.NO_VALID_EVENTS,
              Reasons.INVALID_GZIP, Reasons.INVALID_ZSTD))
          .reply(Reply.problem(413, "Too large.", Reasons.BODY_TOO_LARGE, Reasons.TOO_MANY_EVENTS,
              Reasons.EXPANSION_TOO_LARGE))
          .reply(Reply.problem(415, "A media type, encoding or charset not accepted.", Reasons.UNSUPPORTED_MEDIA_TYPE,
              Reasons.UNSUPPORTED_ENCODING, Reasons.UNSUPPORTED_CHARSET))
          .reply(Reply.problem(429, "The tenant's rate limit is spent; nothing was accepted.", "rate_limited")
              .withHeader("Retry-After", RETRY_AFTER))
          .reply(Reply.problem(503, "Nothing was accepted; retry after Retry-After.", "backpressure", "disk_full",
              Reasons.PUBLISH_FAILED).withHeader("Retry-After", RETRY_AFTER))
          .build()));

  /** A plain-text Loki answer starting with one of {@code codes}. */
  private static Reply lokiText(int status, String description, String... codes) {
    return new Reply(status, description + " Plain text, as Loki answers; it starts with the reason code.",
        "text/plain", Schemas.STRING, java.util.List.of(codes), Map.of());
  }

  /** The export routes: the streaming export and the export jobs (docs/export.md, docs/orchestrations.md). */
  private static final Map<String, Map<HttpMethod, Operation>> EXPORT_ROUTES = Map.of(
      "Export", Map.of(HttpMethod.GET, Operation.builder("Export the caller's tenant's events")
          .description("Every event the filters match, oldest first by (time, id), each once: from the hot store and,"
              + " for what may have left it, the archive (docs/export.md). CSV per RFC 4180 with a header row: id,"
              + " timestamp and the fields listed, or without fields the event's own fields, one attributes.NAME"
              + " column per attribute name of the first 1,000 events and an attributes column (JSON) with the rest;"
              + " NDJSON one event per line; JSON one array. The local host streams it chunked in constant memory and"
              + " cuts the transfer off (no last chunk) if it fails part-way; the Azure Functions host buffers"
              + " responses, so there an export over 64 MiB is refused 413 export_too_large.")
          .param(Param.query("from", "Inclusive start of event time: ISO-8601 or an epoch number.", Schemas.STRING))
          .param(Param.query("to", "Exclusive end of event time: ISO-8601 or an epoch number.", Schemas.STRING))
          .param(Param.query("q", "The query language (docs/query-language.md).", Schemas.STRING))
          .param(Param.query("format", "csv, ndjson (the default) or json.", Schemas.STRING))
          .param(Param.query("fields", "Fields of each event, comma-separated: event fields or attributes.NAME;"
              + " id and timestamp always.", Schemas.STRING))
          .param(Param.query("service", "Services, comma-separated.", Schemas.STRING))
          .param(Param.query("host", "Hosts, comma-separated.", Schemas.STRING))
          .param(Param.query("severity", "Severities, comma-separated: TRACE, DEBUG, INFO, WARN, ERROR, FATAL.",
              Schemas.STRING))
          .param(Param.query("minSeverity", "The lowest severity to export.", Schemas.STRING))
          .reply(new Reply(200, "The events, as an attachment.", "text/csv",
              Schemas.parse("{\"type\":\"string\",\"description\":\"CSV, NDJSON (application/x-ndjson) or a JSON"
                  + " array (application/json), as format says.\"}"), java.util.List.of(),
              Map.of("Content-Disposition", "attachment; filename=\"tributary-<tenant>-<from>-<to>.<format>\"")))
          .reply(Reply.problem(400, "The parameters cannot be run as written.", QueryReasons.UNKNOWN_FIELD,
              QueryReasons.INVALID_FIELD, QueryReasons.QUERY_TOO_LARGE, QueryReasons.INVALID_QUERY,
              QueryReasons.INVALID_RANGE, QueryReasons.QUERY_TOO_COMPLEX, io.tributary.export.ExportReasons.INVALID_FORMAT))
          .reply(Reply.problem(413, "A host that buffers responses cannot hold this export; narrow it.",
              io.tributary.export.ExportReasons.EXPORT_TOO_LARGE))
          .reply(Reply.problem(503, "This instance runs its most exports at once, or none.",
              io.tributary.export.ExportReasons.EXPORT_BUSY, "export_unavailable")
              .withHeader("Retry-After", RETRY_AFTER))
          .build()),
      "ExportJobs", Map.of(HttpMethod.POST, Operation.builder("Start an export job")
          .description("The streaming export's filters and format as a JSON object (from, to, q, format, fields,"
              + " service, host, severity, minSeverity; lists as arrays or comma-separated); every field optional."
              + " The job runs as a durable orchestration in parts of up to 1,000,000 events at the snapshot of the"
              + " start: it resumes after a restart and its file is exact (docs/orchestrations.md). An optional"
              + " destination {\"url\": \"<blob container SAS URL>\"} (https, or http to 127.0.0.1/localhost; the"
              + " SAS must allow writing, sp with w) has the file written into that container as"
              + " tributary-<id>.<format>, and result.url names that blob without the SAS (400 invalid_destination"
              + " saying what to fix otherwise).")
          .body(Body.json("The export's filters and format.", Schemas.parse("{\"type\":\"object\"}")))
          .reply(Reply.json(202, "The job, running; Location is its status.", Schemas.ref("ExportJob"))
              .withHeader("Location", "/api/exports/{id}"))
          .reply(Reply.problem(400, "The filters cannot be run as written.", QueryReasons.MALFORMED_JSON,
              QueryReasons.UNKNOWN_FIELD, QueryReasons.INVALID_FIELD, QueryReasons.INVALID_QUERY,
              QueryReasons.QUERY_TOO_COMPLEX, io.tributary.export.ExportReasons.INVALID_FORMAT,
              io.tributary.functions.durable.ExportDestinationUrl.INVALID))
          .reply(Reply.problem(503, "This instance runs no export jobs.", "export_jobs_unavailable"))
          .build()),
      "ExportJob", Map.of(
          HttpMethod.GET, Operation.builder("An export job's state, progress and result")
              .param(Param.path("id", "The job's id."))
              .reply(Reply.json(200, "The job: state running, completed, failed or cancelled; progress; the result"
                  + " once completed (url, events, bytes, sha256).", Schemas.ref("ExportJob")))
              .reply(Reply.problem(404, "No such job of the caller's tenant.",
                  io.tributary.functions.durable.ExportJobs.NOT_FOUND))
              .reply(Reply.problem(503, "This instance runs no export jobs.", "export_jobs_unavailable"))
              .build(),
          HttpMethod.DELETE, Operation.builder("Cancel an export job")
              .param(Param.path("id", "The job's id."))
              .reply(Reply.empty(204, "Cancelled: the job's state is cancelled."))
              .reply(Reply.problem(404, "No such job of the caller's tenant.",
                  io.tributary.functions.durable.ExportJobs.NOT_FOUND))
              .reply(Reply.problem(409, "The job has ended.", io.tributary.functions.durable.ExportJobs.ENDED))
              .reply(Reply.problem(503, "This instance runs no export jobs.", "export_jobs_unavailable"))
              .build()),
      "ExportJobList", Map.of(HttpMethod.GET, Operation.builder("List the caller's tenant's export jobs")
          .description("Newest first, each as GET /api/exports/{id} answers it: {\"jobs\": [...]}.")
          .param(Param.query("limit", "The most jobs to answer: 1 to 100, default 20.", Schemas.INTEGER))
          .reply(Reply.json(200, "The jobs, newest first.", Schemas.parse(
              "{\"type\":\"object\",\"required\":[\"jobs\"],\"properties\":{\"jobs\":{\"type\":\"array\","
                  + "\"items\":{\"$ref\":\"#/components/schemas/ExportJob\"}}}}")))
          .reply(Reply.problem(400, "limit is not a whole number from 1 to 100.", "invalid_parameter"))
          .reply(Reply.problem(503, "This instance runs no export jobs, or cannot list them.", "export_jobs_unavailable",
              io.tributary.functions.durable.ExportJobs.LIST_UNAVAILABLE))
          .build()),
      "ExportJobFile", Map.of(HttpMethod.GET, Operation.builder("A completed export job's file")
          .description("Locally the file the job wrote (its result's url is a file: URI, which a browser cannot open;"
              + " result.download names this route), streamed as an attachment. Where the result is a link of its"
              + " own (Azure: a short-lived SAS URL to the blob), a 302 to it.")
          .param(Param.path("id", "The job's id."))
          .reply(new Reply(200, "The file, as an attachment.", "application/x-ndjson",
              Schemas.parse("{\"type\":\"string\",\"description\":\"CSV (text/csv), NDJSON or a JSON array"
                  + " (application/json), as the job's format says.\"}"), java.util.List.of(),
              Map.of("Content-Disposition", "attachment; filename=\"tributary-<tenant>-<id>.<format>\"")))
          .reply(Reply.empty(302, "The result is a link of its own (Azure's SAS URL).")
              .withHeader("Location", "The result's url."))
          .reply(Reply.problem(404, "No such job of the caller's tenant.",
              io.tributary.functions.durable.ExportJobs.NOT_FOUND))
          .reply(Reply.problem(409, "The job is running, failed or was cancelled: it has no file.",
              io.tributary.functions.durable.ExportJobs.NOT_COMPLETED))
          .reply(Reply.problem(410, "The job's file is no longer on this runtime.",
              io.tributary.functions.durable.ExportJobs.FILE_GONE))
          .reply(Reply.problem(413, "A host that buffers responses cannot hold this file.",
              io.tributary.export.ExportReasons.EXPORT_TOO_LARGE))
          .reply(Reply.problem(503, "This instance runs no export jobs.", "export_jobs_unavailable"))
          .build()));

  /** Elasticsearch's error document. */
  private static final com.fasterxml.jackson.databind.JsonNode ES_ERROR = Schemas.parse(
      "{\"type\":\"object\",\"properties\":{\"error\":{\"type\":\"object\",\"properties\":{\"type\":"
          + "{\"type\":\"string\"},\"reason\":{\"type\":\"string\"}}},\"status\":{\"type\":\"integer\"}}}");

  private static Map<HttpMethod, Operation> elasticBulk(String summary, boolean index) {
    return Map.of(HttpMethod.POST, elasticBulkOperation(summary, index));
  }

  private static Operation elasticBulkOperation(String summary, boolean index) {
    Operation.Builder b = Operation.builder(summary);
    if (index) {
      b.param(Param.path("index", "The index of actions that name none (reported in the answer, not stored)."));
    }
    return b
        .description("Elasticsearch's bulk API: NDJSON action lines (index or create), each followed by its"
            + " document, optionally gzip; Content-Type application/x-ndjson, application/json or"
            + " application/vnd.elasticsearch+x-ndjson;compatible-with=7|8|9. Documents are read with ECS names:"
            + " @timestamp, message, log.level, service.name, host.name, trace.id, span.id (dotted or nested);"
            + " everything else is an attribute. Answers bulk's own shape (took, errors, items[{create|index:"
            + "{_index,status,error}}]) once the accepted documents are durable, every item's verdict in order;"
            + " update and delete are refused per item (unsupported_action), an action with no document"
            + " missing_document. Every answer carries X-Elastic-Product: Elasticsearch. Credentials: ApiKey"
            + " <token>, Basic with the token as password, or Bearer.")
        .param(Param.header("Content-Encoding", false, "gzip, zstd or none."))
        .body(new Body("Action and document lines.", true, Map.of("application/x-ndjson", Schemas.parse(
            "{\"type\":\"string\",\"description\":\"NDJSON: action line, document line, …\"}"))))
        .reply(Reply.json(200, "Every item's verdict, in order; errors is true when any item failed.",
            Schemas.parse("{\"type\":\"object\",\"required\":[\"took\",\"errors\",\"items\"],\"properties\":"
                + "{\"took\":{\"type\":\"integer\"},\"errors\":{\"type\":\"boolean\"},\"items\":"
                + "{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}")))
        .reply(elasticError(400, "The body is not a bulk request (an action line that is not one, or no item).",
            Reasons.MALFORMED_BULK, Reasons.EMPTY_BODY, Reasons.INVALID_GZIP, Reasons.INVALID_ZSTD))
        .reply(elasticError(413, "Too large.", Reasons.BODY_TOO_LARGE, Reasons.TOO_MANY_EVENTS,
            Reasons.EXPANSION_TOO_LARGE))
        .reply(elasticError(415, "A media type, encoding or charset not accepted.", Reasons.UNSUPPORTED_MEDIA_TYPE,
            Reasons.UNSUPPORTED_ENCODING, Reasons.UNSUPPORTED_CHARSET))
        .reply(elasticError(429, "The tenant's rate limit is spent; nothing was accepted.", "rate_limited")
            .withHeader("Retry-After", RETRY_AFTER))
        .reply(elasticError(503, "Nothing was accepted; retry after Retry-After.", "backpressure", "disk_full",
            Reasons.PUBLISH_FAILED).withHeader("Retry-After", RETRY_AFTER))
        .build();
  }

  /** An Elasticsearch error document whose reason starts with one of {@code codes}. */
  private static Reply elasticError(int status, String description, String... codes) {
    return new Reply(status, description + " Elasticsearch's error document; its reason starts with the reason code.",
        "application/json", ES_ERROR, java.util.List.of(codes), Map.of());
  }

  private static final Map<String, Map<HttpMethod, Operation>> ELASTIC_ROUTES = Map.of(
      "ElasticBulk", elasticBulk("Receive an Elasticsearch bulk request", false),
      "ElasticIndexBulk", elasticBulk("Receive an Elasticsearch bulk request with a default index", true),
      "ElasticInfo", Map.of(HttpMethod.GET, elasticInfo()));

  private static Operation elasticInfo() {
    return Operation.builder("Elasticsearch's root info document")
        .description("What Beats, Logstash and clients read at start: the version (" + "8.17.0"
            + ") and tagline, with X-Elastic-Product: Elasticsearch.")
        .reply(Reply.json(200, "The info document.", Schemas.parse("{\"type\":\"object\"}")))
        .build();
  }

  private static final Map<String, Map<HttpMethod, Operation>> LIFECYCLE_ROUTES = Map.of(
      "Replays", Map.of(HttpMethod.POST, Operation.builder("Replay archived events into the store")
          .description("Re-drives the caller's tenant's archived events that match q within from and to (all"
              + " optional) into the hot store, as a durable orchestration: after retention dropped them, or to"
              + " rebuild the store. Idempotent by event id: what the store holds is not stored again, so a second"
              + " replay of the same range adds nothing (docs/retention.md).")
          .body(Body.json("What to replay.", Schemas.parse("{\"type\":\"object\",\"properties\":{"
              + "\"q\":{\"type\":\"string\"},\"from\":{\"type\":[\"string\",\"number\"]},"
              + "\"to\":{\"type\":[\"string\",\"number\"]}}}")))
          .reply(Reply.json(202, "The replay, running; Location is its status.", Schemas.ref("Replay"))
              .withHeader("Location", "/api/replays/{id}"))
          .reply(Reply.problem(400, "The body cannot be read as a replay.", QueryReasons.MALFORMED_JSON,
              QueryReasons.UNKNOWN_FIELD, QueryReasons.INVALID_FIELD, QueryReasons.INVALID_QUERY,
              QueryReasons.QUERY_TOO_COMPLEX))
          .reply(Reply.problem(503, "This instance runs no replays.",
              io.tributary.functions.durable.ReplayJobs.UNAVAILABLE))
          .build()),
      "Replay", Map.of(HttpMethod.GET, Operation.builder("A replay's state, progress and result")
          .param(Param.path("id", "The replay's id."))
          .reply(Reply.json(200, "The replay: state, progress (events stored so far), and the result once"
              + " completed (events stored, read, days).", Schemas.ref("Replay")))
          .reply(Reply.problem(404, "No such replay of the caller's tenant.",
              io.tributary.functions.durable.ReplayJobs.NOT_FOUND))
          .reply(Reply.problem(503, "This instance runs no replays.",
              io.tributary.functions.durable.ReplayJobs.UNAVAILABLE))
          .build()),
      "Erasures", Map.of(HttpMethod.POST, Operation.builder("Erase events")
          .description("Removes the caller's tenant's events that match q (the query language, required) within"
              + " from and to (both optional) from the hot store and the archive (its segments rewritten), as a"
              + " durable orchestration; a receipt (what, how many, when, by whom) is recorded in the audit history"
              + " (docs/retention.md). Afterwards queries, exports, aggregations and replays never return them.")
          .body(Body.json("What to erase.", Schemas.parse("{\"type\":\"object\",\"required\":[\"q\"],"
              + "\"properties\":{\"q\":{\"type\":\"string\"},\"from\":{\"type\":[\"string\",\"number\"]},"
              + "\"to\":{\"type\":[\"string\",\"number\"]}}}")))
          .reply(Reply.json(202, "The erasure, running; Location is its status.", Schemas.ref("Erasure"))
              .withHeader("Location", "/api/erasures/{id}"))
          .reply(Reply.problem(400, "The body does not say what to erase, or cannot be read.",
              QueryReasons.MALFORMED_JSON, QueryReasons.UNKNOWN_FIELD, QueryReasons.INVALID_FIELD,
              QueryReasons.INVALID_QUERY, QueryReasons.QUERY_TOO_COMPLEX, io.tributary.functions.durable.ErasureJobs.INVALID))
          .reply(Reply.problem(503, "This instance cannot erase events.",
              io.tributary.functions.durable.ErasureJobs.UNAVAILABLE))
          .build()),
      "Erasure", Map.of(HttpMethod.GET, Operation.builder("An erasure's state, progress and receipt")
          .param(Param.path("id", "The erasure's id."))
          .reply(Reply.json(200, "The erasure: state, progress (events removed so far), and the receipt once"
              + " completed.", Schemas.ref("Erasure")))
          .reply(Reply.problem(404, "No such erasure of the caller's tenant.",
              io.tributary.functions.durable.ErasureJobs.NOT_FOUND))
          .reply(Reply.problem(503, "This instance cannot erase events.",
              io.tributary.functions.durable.ErasureJobs.UNAVAILABLE))
          .build()));

  private static final Map<String, Map<HttpMethod, Operation>> BY_FUNCTION = joined(joined(joined(joined(ALERT_ROUTES,
      ELASTIC_ROUTES), joined(COMPAT_ROUTES, LIFECYCLE_ROUTES)), SYSLOG_ROUTES), joined(EXPORT_ROUTES, Map.of(
      "Health", Map.of(HttpMethod.GET, Operation.builder("Liveness, and with a token the caller's figures")
          .description("Without a token: liveness only. With a valid token (any role): the caller's tenant only:"
              + " its standing, limits, partition lag and events accepted and processed since start. With"
              + " tenants.admin: every tenant, the whole lag and counts, and the quarantine. An invalid token is"
              + " refused.")
          .optionalToken()
          .reply(Reply.json(200, "Ready.", Schemas.ref("Health")))
          .reply(Reply.problem(401, "A token was sent but is not accepted.", "invalid_token", "token_expired",
              "token_without_issue_time", "token_lifetime_too_long", "token_issued_in_future")
              .withHeader("WWW-Authenticate", "Bearer"))
          .reply(OpenApiDocument.IDP_UNAVAILABLE)
          .build()),
      "Ingest", Map.of(HttpMethod.POST, Operation.builder("Send log events")
          .description("NDJSON, a JSON array, {\"events\":[…]} or text lines, optionally gzip or zstd. Answers 202 once"
              + " the accepted events are durable; items that are not valid events are rejected one by one and"
              + " listed, the rest accepted.")
          .param(Param.query("service", "Default service of events without one (1-256 characters).", Schemas.STRING))
          .param(Param.query("host", "Default host of events without one.", Schemas.STRING))
          .param(Param.query("severity", "Default severity: TRACE, DEBUG, INFO, WARN, ERROR or FATAL.", Schemas.STRING))
          .param(Param.header("Content-Encoding", false, "gzip, zstd or none."))
          .body(new Body("The events.", true, linked(
              "application/x-ndjson", Schemas.parse("{\"type\":\"string\",\"description\":\"One event object per line.\"}"),
              "application/json", Schemas.parse("""
                  {"oneOf":[{"type":"array","items":{"$ref":"#/components/schemas/EventDraft"}},
                            {"type":"object","properties":{"events":{"type":"array","items":{"$ref":"#/components/schemas/EventDraft"}}}},
                            {"$ref":"#/components/schemas/EventDraft"}]}
                  """),
              "text/plain", Schemas.parse("{\"type\":\"string\",\"description\":\"One event per line; timestamp and severity parsed from it.\"}"))))
          .reply(Reply.json(202, "The accepted events are durable; rejected items are listed.",
              Schemas.ref("IngestReceipt"))
              .withHeader("RateLimit-Limit", "Events the tenant's bucket holds.")
              .withHeader("RateLimit-Remaining", "Events left in the bucket.")
              .withHeader("RateLimit-Reset", "Seconds until the bucket is full again."))
          .reply(Reply.problem(400, "The request cannot be read, or holds no valid event.", Reasons.EMPTY_BODY,
              Reasons.MALFORMED_JSON, Reasons.JSON_TOO_DEEP, Reasons.INVALID_GZIP, Reasons.INVALID_ZSTD,
              Reasons.NO_VALID_EVENTS, Reasons.INVALID_PARAMETER))
          .reply(Reply.problem(413, "Too large.", Reasons.BODY_TOO_LARGE, Reasons.TOO_MANY_EVENTS,
              Reasons.EXPANSION_TOO_LARGE))
          .reply(Reply.problem(415, "A media type, encoding or charset not accepted.", Reasons.UNSUPPORTED_MEDIA_TYPE,
              Reasons.UNSUPPORTED_ENCODING, Reasons.UNSUPPORTED_CHARSET))
          .reply(Reply.problem(429, "The tenant's rate limit is spent; nothing was accepted.", "rate_limited")
              .withHeader("Retry-After", RETRY_AFTER)
              .withHeader("RateLimit-Limit", "Events the tenant's bucket holds.")
              .withHeader("RateLimit-Remaining", "Events left in the bucket.")
              .withHeader("RateLimit-Reset", "Seconds until the bucket is full again."))
          .reply(Reply.problem(503, "Nothing was accepted: processing is behind, the disk is full, or the event log"
              + " did not take the events in time.", "backpressure", "disk_full", Reasons.PUBLISH_FAILED)
              .withHeader("Retry-After", RETRY_AFTER))
          .build()),
      "Query", Map.of(HttpMethod.POST, Operation.builder("Search the caller's tenant's events")
          .description("Filters, the query language of q and cursor paging over the events of the token's tenant only.")
          .body(Body.json("The query; every field optional.", Schemas.ref("QueryRequest")))
          .reply(Reply.json(200, "A page of events, newest first unless order says otherwise.",
              Schemas.ref("QueryPage")).withHeader("Server-Timing", SERVER_TIMING))
          .reply(Reply.problem(400, "The query cannot be run as written.", QueryReasons.MALFORMED_JSON,
              QueryReasons.UNKNOWN_FIELD, QueryReasons.INVALID_FIELD, QueryReasons.INVALID_CURSOR,
              QueryReasons.CURSOR_MISMATCH, QueryReasons.QUERY_TOO_LARGE, QueryReasons.INVALID_QUERY,
              QueryReasons.INVALID_RANGE, QueryReasons.QUERY_TOO_COMPLEX, QueryReasons.CONFLICTING_FIELDS))
          .reply(Reply.problem(503, "The query ran past its deadline; narrow it.", QueryReasons.QUERY_TIMEOUT)
              .withHeader("Retry-After", RETRY_AFTER))
          .build()),
      "Aggregate", Map.of(HttpMethod.POST, Operation.builder("Count, group and summarise the caller's tenant's events")
          .description("The filters of a query; over the events they match, the top groups (groupBy severity, service,"
              + " host, pattern or an attribute), a histogram split by one field, and metrics of numeric attributes."
              + " groupBy pattern gives the top templates with first and last seen and a sample.")
          .body(Body.json("The aggregation; every field optional.", Schemas.ref("AggregateRequest")))
          .reply(Reply.json(200, "The aggregation.", Schemas.ref("AggregateResult"))
              .withHeader("Server-Timing", SERVER_TIMING))
          .reply(Reply.problem(400, "The aggregation cannot be run as written.", QueryReasons.MALFORMED_JSON,
              QueryReasons.UNKNOWN_FIELD, QueryReasons.INVALID_FIELD, QueryReasons.QUERY_TOO_LARGE,
              QueryReasons.INVALID_QUERY, QueryReasons.INVALID_RANGE, QueryReasons.QUERY_TOO_COMPLEX,
              QueryReasons.CONFLICTING_FIELDS, QueryReasons.INVALID_INTERVAL, QueryReasons.TOO_MANY_BUCKETS,
              QueryReasons.INVALID_METRIC))
          .reply(Reply.problem(503, "The aggregation ran past the query deadline; narrow it.", QueryReasons.QUERY_TIMEOUT)
              .withHeader("Retry-After", RETRY_AFTER))
          .build()),
      "Tail", Map.of(HttpMethod.GET, Operation.builder("Follow the caller's tenant's events live")
          .description("Server-sent events of the events stored from the call on (or since= / Last-Event-ID, replayed"
              + " from the store first, then live without gaps): 'id: <event id>', 'event: log', 'data: <event JSON>';"
              + " ': heartbeat' comments when quiet; 'event: dropped' with the reason (slow_reader, shutting_down)"
              + " before the stream ends. The local host streams until the client leaves; the Azure Functions host"
              + " buffers responses, so there a call answers with what came within TRIBUTARY_TAIL_WINDOW_MS and the"
              + " EventSource reconnects after 'retry:' with Last-Event-ID (docs/tail.md).")
          .param(Param.query("q", "The query language (docs/query-language.md).", Schemas.STRING))
          .param(Param.query("service", "Services, comma-separated.", Schemas.STRING))
          .param(Param.query("host", "Hosts, comma-separated.", Schemas.STRING))
          .param(Param.query("severity", "Severities, comma-separated: TRACE, DEBUG, INFO, WARN, ERROR, FATAL.",
              Schemas.STRING))
          .param(Param.query("minSeverity", "The lowest severity to follow.", Schemas.STRING))
          .param(Param.query("since", "Replay stored events from this ISO-8601 time, epoch number or event id first.",
              Schemas.STRING))
          .param(Param.header("Last-Event-ID", false, "As since, sent by an EventSource when it reconnects."))
          .reply(new Reply(200, "The event stream.", io.tributary.tail.TailFrames.MEDIA_TYPE,
              Schemas.parse("{\"type\":\"string\",\"description\":\"Server-sent events (id, event: log, data)."
                  + "\"}"), java.util.List.of(), Map.of("Cache-Control", "no-cache")))
          .reply(Reply.problem(400, "The filters cannot be run as written, or since is not a time or event id.",
              QueryReasons.UNKNOWN_FIELD, QueryReasons.INVALID_FIELD, QueryReasons.QUERY_TOO_LARGE,
              QueryReasons.INVALID_QUERY, QueryReasons.INVALID_RANGE, QueryReasons.QUERY_TOO_COMPLEX,
              io.tributary.tail.TailReasons.INVALID_SINCE))
          .reply(Reply.problem(429, "The tenant holds its most live tails already; close one.",
              io.tributary.tail.TailReasons.TOO_MANY_TAILS).withHeader("Retry-After", RETRY_AFTER))
          .reply(Reply.problem(503, "This instance serves no live tails.", "tail_unavailable"))
          .build()),
      "Tenants", Map.of(
          HttpMethod.GET, Operation.builder("List every tenant")
              .reply(Reply.json(200, "Every tenant with its version.", Schemas.ref("TenantList"))
                  .withHeader("ETag", "A weak tag of the whole list."))
              .build(),
          HttpMethod.POST, Operation.builder("Register a tenant")
              .body(Body.json("The tenant's record.", Schemas.ref("Tenant")))
              .reply(Reply.json(201, "Registered.", Schemas.ref("TenantAnswer"))
                  .withHeader("ETag", "The tenant's version, \"1\".")
                  .withHeader("Location", "/api/tenants/{id}."))
              .reply(Reply.problem(400, "Not a valid tenant record.", "invalid_tenant", "malformed_json"))
              .reply(Reply.problem(409, "The id is taken.", "tenant_exists"))
              .reply(Reply.problem(413, "The body is over 64 KiB.", "body_too_large"))
              .build()),
      "Tenant", Map.of(
          HttpMethod.GET, Operation.builder("Read a tenant")
              .param(Param.path("id", "The tenant's id."))
              .reply(Reply.json(200, "The tenant.", Schemas.ref("TenantAnswer"))
                  .withHeader("ETag", "The tenant's version, for If-Match."))
              .reply(Reply.problem(400, "Not a tenant id.", "invalid_tenant"))
              .reply(Reply.problem(404, "No such tenant.", "tenant_not_found"))
              .build(),
          HttpMethod.PATCH, Operation.builder("Change a tenant (JSON merge patch)")
              .description("RFC 7386 merge patch against the version If-Match names; suspending a tenant"
                  + " ({\"status\":\"suspended\"}) refuses its calls with 403 tenant_suspended.")
              .param(Param.path("id", "The tenant's id."))
              .param(Param.header("If-Match", true, "The ETag of the tenant as read, or * for whatever is current."))
              .body(new Body("A JSON merge patch of the tenant's record.", true,
                  Map.of("application/merge-patch+json", Schemas.parse("{\"type\":\"object\"}"))))
              .reply(Reply.json(200, "Changed.", Schemas.ref("TenantAnswer"))
                  .withHeader("ETag", "The tenant's new version."))
              .reply(Reply.problem(400, "The patch makes an invalid tenant, changes the id, or If-Match is not an"
                  + " ETag.", "invalid_tenant", "malformed_json", "invalid_if_match"))
              .reply(Reply.problem(404, "No such tenant.", "tenant_not_found"))
              .reply(Reply.problem(412, "The tenant changed since that ETag.", "version_conflict"))
              .reply(Reply.problem(413, "The body is over 64 KiB.", "body_too_large"))
              .reply(Reply.problem(428, "If-Match is missing.", "if_match_required"))
              .build()),
      "Audit", Map.of(HttpMethod.GET, Operation.builder("The configuration audit trail")
          .description("Configuration events of [from, to), oldest first: the caller's tenant's; every tenant's"
              + " (or one with tenant=) for tenants.admin.")
          .param(Param.query("from", "ISO-8601 instant or date; 30 days before to by default.", Schemas.STRING))
          .param(Param.query("to", "ISO-8601 instant or date; now by default.", Schemas.STRING))
          .param(Param.query("tenant", "tenants.admin: one tenant's trail; others may name only their own.",
              Schemas.STRING))
          .param(Param.query("limit", "1 to 10,000; 1,000 by default.", Schemas.INTEGER))
          .reply(Reply.json(200, "The entries.", Schemas.ref("AuditPage")))
          .reply(Reply.problem(400, "A parameter cannot be read.", "invalid_parameter"))
          .reply(Reply.problem(403, "tenant= names another tenant without tenants.admin.", "missing_role"))
          .build()),
      "Console", Map.of(HttpMethod.GET, Operation.builder("The web console")
          .description("Its page at console/ (console without the slash is a 301 to it) and its bundle at"
              + " console/assets/NAME; public, no tenant data (docs/console.md).")
          .param(Param.path("first", "Nothing (the page), index.html, or assets."))
          .param(Param.path("second", "Under assets: a file of the bundle."))
          .reply(new Reply(200, "The page (revalidated each time) or a file of the bundle (cached for good, its type"
              + " by its extension).", "text/html", Schemas.STRING, List.of(), Map.of()))
          .reply(Reply.empty(301, "console without the slash.").withHeader("Location", "console/"))
          .reply(Reply.problem(404, "No such file, or a build without the console.", "not_found", "console_not_built"))
          .build()),
      "OpenApi", Map.of(HttpMethod.GET, Operation.builder("This API as an OpenAPI 3.1 document")
          .description("Written from the routes of the functions, their access table and their docs table.")
          .reply(Reply.json(200, "The document.", Schemas.ref("OpenApiDocument")))
          .build()))));

  private RouteDocs() {
  }

  /** A list of a rule's records ({@code GET /api/alerts/{id}/<member>}), newest first, {@code ?limit=}. */
  private static Map<HttpMethod, Operation> ruleRecords(String summary, String description, String member) {
    return Map.of(HttpMethod.GET, Operation.builder(summary)
        .description(description)
        .param(Param.path("id", "The rule's id."))
        .param(Param.query("limit", "1 to 1,000; 100 by default.", Schemas.INTEGER))
        .reply(Reply.json(200, "The records.", Schemas.parse("{\"type\":\"object\",\"required\":[\"" + member
            + "\"],\"properties\":{\"" + member + "\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}")))
        .reply(Reply.problem(400, "limit is not 1 to 1,000.", "invalid_parameter"))
        .reply(Reply.problem(404, "No such rule for this tenant.", "alert_not_found"))
        .build());
  }

  private static <K, V> Map<K, V> joined(Map<K, V> a, Map<K, V> b) {
    Map<K, V> m = new java.util.HashMap<>(a);
    m.putAll(b);
    return Map.copyOf(m);
  }

  /**
   * What {@code function} takes and answers, by method.
   *
   * @throws IllegalArgumentException when the function is not in the table
   */
  public static Map<HttpMethod, Operation> of(String function) {
    Map<HttpMethod, Operation> d = BY_FUNCTION.get(function);
    if (d == null) {
      throw new IllegalArgumentException("function '" + function + "' is not in " + RouteDocs.class.getName()
          + "; add what it takes and answers for each of its methods");
    }
    return d;
  }

  /** The whole table, by function name. */
  public static Map<String, Map<HttpMethod, Operation>> all() {
    return new TreeMap<>(BY_FUNCTION);
  }

  /** The component schemas the entries refer to, by name. */
  public static Map<String, JsonNode> schemas() {
    return new TreeMap<>(SCHEMAS);
  }

  /**
   * An OTLP failure: a google.rpc.Status in the request's encoding whose message starts with one of
   * {@code codes} (the host's own refusals before the function, 401 and 403, stay problem+json).
   */
  private static Reply otlpStatus(int status, String description, String... codes) {
    return new Reply(status, description + " A google.rpc.Status whose message starts with the reason code.",
        "application/x-protobuf", OTLP_STATUS, java.util.List.of(codes), Map.of());
  }

  private static Map<String, JsonNode> linked(String k1, JsonNode v1, String k2, JsonNode v2) {
    Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  private static Map<String, JsonNode> linked(String k1, JsonNode v1, String k2, JsonNode v2, String k3, JsonNode v3) {
    Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    m.put(k3, v3);
    return m;
  }
}
