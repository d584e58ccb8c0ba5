package io.tributary.functions.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import io.tributary.auth.AuthReasons;
import io.tributary.auth.Role;
import io.tributary.functions.Access;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import io.tributary.tenancy.TenantDirectory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the OpenAPI 3.1 document of the app from its three sources: the routes and methods of the
 * functions' {@code @HttpTrigger}s, who may call each function ({@code RouteAccess}: the
 * operation's {@code security}, its {@code x-access} and {@code x-required-role}, and the 401 and
 * 403 answers with their codes), and what each operation takes and answers ({@code RouteDocs}).
 * Trigger-only functions have no path; they are listed in {@code x-trigger-functions}.
 *
 * <p>Every problem answer is {@code application/problem+json} of the Problem schema, its
 * {@code code} restricted to the codes that answer may carry, also listed in
 * {@code x-problem-codes} and in the answer's description.
 */
public final class OpenApiDocument {

  /** The version of OpenAPI the document follows. */
  public static final String OPENAPI_VERSION = "3.1.0";
  /** The security scheme every token-taking operation names. */
  public static final String BEARER = "bearer";
  /** The codes of a 401: a token missing, unreadable or not accepted. */
  public static final List<String> TOKEN_CODES = List.of(AuthReasons.MISSING_TOKEN, AuthReasons.INVALID_TOKEN,
      AuthReasons.TOKEN_EXPIRED, AuthReasons.TOKEN_WITHOUT_ISSUE_TIME, AuthReasons.TOKEN_LIFETIME_TOO_LONG,
      AuthReasons.TOKEN_ISSUED_IN_FUTURE);
  /** The codes of a 403 about the caller's tenant, on every route that takes a token but an operator's. */
  public static final List<String> STANDING_CODES = List.of(TenantDirectory.TENANT_SUSPENDED,
      TenantDirectory.TENANT_NOT_REGISTERED);

  /** The 503 of a token whose signature cannot be checked: the identity provider's keys are out of reach. */
  public static final Reply IDP_UNAVAILABLE = Reply.problem(503, "The identity provider's keys cannot be fetched to"
      + " check the token; retry as it is.", AuthReasons.IDENTITY_PROVIDER_UNAVAILABLE)
      .withHeader("Retry-After", "Seconds to wait before trying again.");

  private OpenApiDocument() {
  }

  /**
   * The document.
   *
   * @param routePrefix the host's route prefix ({@code api}): the server URL
   * @param version the app's version, for {@code info.version}
   * @param routes the HTTP-triggered functions
   * @param access who may call each function, by name (every function of the app)
   * @param docs what each HTTP function takes and answers, by name and method
   * @param schemas the component schemas the docs refer to, by name
   * @throws IllegalArgumentException when a route has no access entry or no docs for one of its
   *     methods, or its docs leave out a path parameter
   */
  public static ObjectNode write(String routePrefix, String version, List<HttpRoute> routes, Map<String, Access> access,
      Map<String, Map<HttpMethod, Operation>> docs, Map<String, JsonNode> schemas) {
    ObjectNode doc = Json.mapper().createObjectNode();
    doc.put("openapi", OPENAPI_VERSION);
    ObjectNode info = doc.putObject("info");
    info.put("title", "Tributary");
    info.put("version", version);
    info.put("description", "Multi-tenant log platform. Every call is scoped to the tenant of the caller's token;"
        + " each operation names the role its token must hold (x-required-role). Errors are RFC 7807 problems"
        + " whose stable `code` each answer lists.");
    doc.putArray("servers").addObject().put("url", "/" + routePrefix);
    ObjectNode paths = doc.putObject("paths");
    for (HttpRoute r : routes) {
      Access a = access.get(r.function());
      if (a == null) {
        throw new IllegalArgumentException("function " + r.function() + " has no access entry");
      }
      Map<HttpMethod, Operation> ops = docs.get(r.function());
      if (ops == null) {
        throw new IllegalArgumentException("function " + r.function() + " has no route docs");
      }
      ObjectNode item = paths.has(r.openApiPath()) ? (ObjectNode) paths.get(r.openApiPath())
          : paths.putObject(r.openApiPath());
      for (HttpMethod m : new java.util.TreeSet<>(r.methods())) {
        Operation op = ops.get(m);
        if (op == null) {
          throw new IllegalArgumentException("function " + r.function() + " answers " + m + " but its route docs"
              + " do not describe it");
        }
        item.set(m.name().toLowerCase(Locale.ROOT), operation(r, m, a, op));
      }
    }
    ObjectNode components = doc.putObject("components");
    ObjectNode s = components.putObject("schemas");
    s.set("Problem", problemSchema());
    new TreeMap<>(schemas).forEach((name, schema) -> s.set(name, schema.deepCopy()));
    ObjectNode bearer = components.putObject("securitySchemes").putObject(BEARER);
    bearer.put("type", "http");
    bearer.put("scheme", "bearer");
    bearer.put("bearerFormat", "JWT");
    bearer.put("description", "A JWT naming the caller's tenant and, in its roles claim, what it may do:"
        + " logs.write, logs.read, logs.export, alerts.manage, tenants.admin.");
    ArrayNode triggers = doc.putArray("x-trigger-functions");
    new TreeMap<>(access).forEach((name, a) -> {
      if (a.kind() == Access.Kind.TRIGGER) {
        triggers.add(name);
      }
    });
    return doc;
  }

  private static ObjectNode operation(HttpRoute r, HttpMethod m, Access a, Operation op) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("operationId", r.methods().size() == 1 ? r.function()
        : r.function() + "." + m.name().toLowerCase(Locale.ROOT));
    o.put("summary", op.summary());
    o.put("description", (op.description().isEmpty() ? "" : op.description() + "\n\n") + accessText(a));
    o.put("x-access", a.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    if (a.role() != null) {
      o.put("x-required-role", a.role().claim());
    }
    ArrayNode security = o.putArray("security");
    if (!a.needsToken() && op.optionalToken()) {
      security.addObject();
      security.addObject().putArray(BEARER);
    } else if (a.needsToken()) {
      ArrayNode scopes = security.addObject().putArray(BEARER);
      if (a.role() != null) {
        scopes.add(a.role().claim());
      }
    }
    Set<String> documented = new LinkedHashSet<>();
    if (!op.params().isEmpty()) {
      ArrayNode params = o.putArray("parameters");
      for (Param p : op.params()) {
        ObjectNode n = params.addObject();
        n.put("name", p.name());
        n.put("in", p.in());
        n.put("required", p.required());
        n.put("description", p.description());
        n.set("schema", p.schema().deepCopy());
        if (p.in().equals("path")) {
          documented.add(p.name());
        }
      }
    }
    if (!documented.equals(new LinkedHashSet<>(r.pathParameters()))) {
      throw new IllegalArgumentException("function " + r.function() + " " + m + ": route " + r.route()
          + " has path parameters " + r.pathParameters() + " but its docs describe " + documented);
    }
    if (op.body() != null) {
      ObjectNode b = o.putObject("requestBody");
      b.put("description", op.body().description());
      b.put("required", op.body().required());
      ObjectNode content = b.putObject("content");
      op.body().content().forEach((type, schema) -> content.putObject(type).set("schema", schema.deepCopy()));
    }
    ObjectNode responses = o.putObject("responses");
    for (Reply reply : replies(a, op)) {
      responses.set(Integer.toString(reply.status()), response(reply));
    }
    return o;
  }

  /** The operation's own answers, with the ones its access adds (401, 403, merged by status) and the 500. */
  static List<Reply> replies(Access a, Operation op) {
    Map<Integer, Reply> byStatus = new TreeMap<>();
    for (Reply r : op.replies()) {
      byStatus.merge(r.status(), r, OpenApiDocument::merge);
    }
    if (a.needsToken()) {
      byStatus.merge(401, Reply.problem(401, "The token is missing, cannot be read or is not accepted.",
          TOKEN_CODES.toArray(String[]::new)).withHeader("WWW-Authenticate", "Bearer"), OpenApiDocument::merge);
      List<String> forbidden = new ArrayList<>();
      if (a.role() != null) {
        forbidden.add(AuthReasons.MISSING_ROLE);
      }
      // An operator is never held back by its own tenant's standing on the routes of its role.
      boolean operators = a.role() == Role.TENANTS_ADMIN;
      if (!operators) {
        forbidden.addAll(STANDING_CODES);
      }
      byStatus.merge(503, IDP_UNAVAILABLE, OpenApiDocument::merge);
      byStatus.merge(403, Reply.problem(403, a.role() == null ? "The token's tenant may not proceed."
          : operators ? "The token lacks the role " + a.role().claim() + "."
          : "The token lacks the role " + a.role().claim() + ", or its tenant may not proceed.",
          forbidden.toArray(String[]::new)), OpenApiDocument::merge);
    }
    byStatus.merge(500, Reply.problem(500, "A bug: the server failed on this request and logged it.",
        "internal_error"), OpenApiDocument::merge);
    return List.copyOf(byStatus.values());
  }

  private static Reply merge(Reply a, Reply b) {
    if (!a.isProblem() || !b.isProblem()) {
      throw new IllegalArgumentException("two answers with status " + a.status() + " and a body other than a problem");
    }
    List<String> codes = new ArrayList<>(new LinkedHashSet<>(a.problemCodes()));
    b.problemCodes().stream().filter(c -> !codes.contains(c)).forEach(codes::add);
    Map<String, String> headers = new java.util.LinkedHashMap<>(a.headers());
    b.headers().forEach(headers::putIfAbsent);
    String description = a.description().equals(b.description()) ? a.description()
        : a.description() + " Or: " + b.description();
    return new Reply(a.status(), description, a.mediaType(), a.schema(), codes, headers);
  }

  private static ObjectNode response(Reply r) {
    ObjectNode n = Json.mapper().createObjectNode();
    String description = r.description();
    if (r.isProblem()) {
      description += " Problem codes: " + String.join(", ", r.problemCodes().stream().map(c -> "`" + c + "`").toList())
          + ".";
    }
    n.put("description", description);
    if (!r.headers().isEmpty()) {
      ObjectNode headers = n.putObject("headers");
      r.headers().forEach((name, text) -> {
        ObjectNode h = headers.putObject(name);
        h.put("description", text);
        h.set("schema", Schemas.STRING.deepCopy());
      });
    }
    if (r.isProblem()) {
      ObjectNode schema = n.putObject("content").putObject(Problem.MEDIA_TYPE).putObject("schema");
      ArrayNode all = schema.putArray("allOf");
      all.addObject().put("$ref", "#/components/schemas/Problem");
      ArrayNode codes = all.addObject().putObject("properties").putObject("code").putArray("enum");
      r.problemCodes().forEach(codes::add);
      ArrayNode x = n.putArray("x-problem-codes");
      r.problemCodes().forEach(x::add);
      if (r.mediaType() != null && !Problem.MEDIA_TYPE.equals(r.mediaType())) {
        // A protocol's own failure body (OTLP's google.rpc.Status, its reason code in the message);
        // the host's own refusals stay problem+json.
        ObjectNode media = ((ObjectNode) n.get("content")).putObject(r.mediaType());
        if (r.schema() != null) {
          media.set("schema", r.schema().deepCopy());
        }
      }
    } else if (r.mediaType() != null) {
      ObjectNode media = n.putObject("content").putObject(r.mediaType());
      if (r.schema() != null) {
        media.set("schema", r.schema().deepCopy());
      }
    }
    return n;
  }

  private static String accessText(Access a) {
    return switch (a.kind()) {
      case PUBLIC -> "Access: public, no token needed.";
      case TOKEN -> a.role() == Role.TENANTS_ADMIN
          ? "Access: a token with the role `" + a.role().claim() + "`: a platform operator's call, over every tenant."
          : "Access: a token with the role `" + a.role().claim() + "`; the call is scoped to the token's tenant.";
      case SIGNED_IN -> "Access: any valid token; what it shows is scoped by the token's tenant and roles.";
      case TRIGGER -> throw new IllegalStateException("a trigger-only function has no HTTP operation");
    };
  }

  private static ObjectNode problemSchema() {
    return (ObjectNode) Schemas.parse("""
        {"type":"object","description":"An RFC 7807 problem. `code` is stable and meant for programs; `detail` for the person who fixes the request.",
         "required":["type","title","status","code","detail"],
         "properties":{
           "type":{"type":"string","format":"uri"},
           "title":{"type":"string"},
           "status":{"type":"integer"},
           "code":{"type":"string"},
           "detail":{"type":"string"},
           "retryAfterSeconds":{"type":"integer","description":"When to try again, also in Retry-After."}
         },
         "additionalProperties":true}
        """);
  }
}
