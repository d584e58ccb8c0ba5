package io.tributary.functions.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tributary.auth.AuthReasons;
import io.tributary.auth.Role;
import io.tributary.functions.Access;
import io.tributary.functions.OpenApiFunction;
import io.tributary.functions.RouteAccess;
import io.tributary.functions.RouteDocs;
import io.tributary.functions.deploy.FunctionAppLayout;
import io.tributary.json.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document of {@code GET /api/openapi.json} is valid OpenAPI 3.1 (the OpenAPI
 * Initiative's schema, and every Schema Object in it valid JSON Schema 2020-12), holds every route
 * and method of the app and nothing else, with the role of {@link RouteAccess} and the problem
 * codes of each answer.
 */
class OpenApiDocumentTest {

  private static final JsonNode DOC = OpenApiFunction.write();

  private static List<HttpRoute> routes() throws Exception {
    return HttpRoute.of(FunctionAppLayout.functionClasses());
  }

  @Test
  void theDocumentIsValidOpenApi31() throws Exception {
    assertEquals("3.1.0", DOC.get("openapi").asText());
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    Schema oas;
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi/oas-3.1-schema.json")) {
      oas = registry.getSchema(Json.mapper().readTree(in));
    }
    List<Error> errors = oas.validate(DOC);
    assertTrue(errors.isEmpty(), () -> "not valid OpenAPI 3.1: " + errors);
  }

  @Test
  void theValidatorRefusesABrokenDocument() throws Exception {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    Schema oas;
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi/oas-3.1-schema.json")) {
      oas = registry.getSchema(Json.mapper().readTree(in));
    }
    ObjectNode broken = DOC.deepCopy();
    ((ObjectNode) broken.get("paths").get("/health").get("get")).remove("responses");
    ((ObjectNode) broken.get("paths").get("/health").get("get")).put("parameters", "none");
    assertFalse(oas.validate(broken).isEmpty(), "the validator must see a broken operation");
  }

  @Test
  void everySchemaObjectIsValidJsonSchema202012AndEveryReferenceResolves() {
    Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    List<JsonNode> schemas = new ArrayList<>();
    DOC.get("components").get("schemas").forEach(schemas::add);
    collectSchemas(DOC.get("paths"), schemas);
    assertTrue(schemas.size() > 20, "schemas found: " + schemas.size());
    for (JsonNode s : schemas) {
      List<Error> errors = meta.validate(s);
      assertTrue(errors.isEmpty(), () -> s + ": " + errors);
    }
    List<String> refs = new ArrayList<>();
    collectRefs(DOC, refs);
    for (String ref : refs) {
      assertTrue(ref.startsWith("#/components/schemas/"), ref);
      assertTrue(DOC.get("components").get("schemas").has(ref.substring("#/components/schemas/".length())),
          "unresolved " + ref);
    }
  }

  @Test
  void everyRouteAndMethodOfTheAppIsInTheDocumentAndNothingElse() throws Exception {
    Set<String> expected = new TreeSet<>();
    for (HttpRoute r : routes()) {
      for (HttpMethod m : r.methods()) {
        expected.add(m.name() + " " + r.openApiPath());
        JsonNode op = DOC.get("paths").path(r.openApiPath()).path(m.name().toLowerCase(Locale.ROOT));
        assertFalse(op.isMissingNode(), m + " " + r.openApiPath() + " (" + r.function() + ") is not in the document");
        assertTrue(op.get("operationId").asText().startsWith(r.function()), op.get("operationId").asText());
      }
    }
    Set<String> documented = new TreeSet<>();
    DOC.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
        .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
    assertEquals(expected, documented);
    assertTrue(documented.contains("GET /openapi.json"), documented.toString());
    assertEquals("/api", DOC.get("servers").get(0).get("url").asText());
    Set<String> triggers = new TreeSet<>();
    DOC.get("x-trigger-functions").forEach(t -> triggers.add(t.asText()));
    assertEquals(RouteAccess.all().entrySet().stream().filter(e -> e.getValue().kind() == Access.Kind.TRIGGER)
        .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new)), triggers);
  }

  @Test
  void eachOperationCarriesTheRoleOfTheAccessTable() throws Exception {
    for (HttpRoute r : routes()) {
      Access a = RouteAccess.of(r.function());
      for (HttpMethod m : r.methods()) {
        JsonNode op = DOC.get("paths").get(r.openApiPath()).get(m.name().toLowerCase(Locale.ROOT));
        String where = m + " " + r.openApiPath();
        assertEquals(a.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), op.get("x-access").asText(), where);
        if (a.role() != null) {
          assertEquals(a.role().claim(), op.get("x-required-role").asText(), where);
          assertEquals(a.role().claim(), op.get("security").get(0).get(OpenApiDocument.BEARER).get(0).asText(), where);
          assertTrue(op.get("description").asText().contains(a.role().claim()), where);
          assertEquals(a.role() == Role.TENANTS_ADMIN ? Set.of(AuthReasons.MISSING_ROLE)
              : Set.of(AuthReasons.MISSING_ROLE, "tenant_suspended", "tenant_not_registered"), codes(op, 403), where);
        } else {
          assertFalse(op.has("x-required-role"), where);
        }
        if (a.needsToken()) {
          assertTrue(codes(op, 401).containsAll(Set.of(AuthReasons.MISSING_TOKEN, AuthReasons.INVALID_TOKEN,
              AuthReasons.TOKEN_EXPIRED)), where);
          assertTrue(codes(op, 503).contains(AuthReasons.IDENTITY_PROVIDER_UNAVAILABLE), where);
          if (a.role() != Role.TENANTS_ADMIN) {
            assertTrue(codes(op, 403).containsAll(Set.of("tenant_suspended", "tenant_not_registered")), where);
          }
        } else {
          boolean anonymous = op.get("security").isEmpty();
          for (JsonNode requirement : op.get("security")) {
            anonymous |= requirement.isEmpty();
          }
          assertTrue(anonymous, where + " is public: " + op.get("security"));
        }
      }
    }
  }

  @Test
  void everyProblemAnswerNamesItsCodesAndEveryOperationItsSuccess() {
    DOC.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
      JsonNode responses = m.getValue().get("responses");
      boolean success = false;
      for (Iterator<String> it = responses.fieldNames(); it.hasNext(); ) {
        String status = it.next();
        JsonNode r = responses.get(status);
        if (Integer.parseInt(status) >= 400) {
          Set<String> codes = codes(m.getValue(), Integer.parseInt(status));
          assertFalse(codes.isEmpty(), m.getKey() + " " + p.getKey() + " " + status + " names no problem code");
          JsonNode schema = r.get("content").get("application/problem+json").get("schema");
          assertEquals("#/components/schemas/Problem", schema.get("allOf").get(0).get("$ref").asText());
          for (String c : codes) {
            assertTrue(r.get("description").asText().contains("`" + c + "`"), status + " " + c);
          }
        } else {
          success = true;
        }
      }
      assertTrue(success, m.getKey() + " " + p.getKey() + " documents no success");
      assertEquals(Set.of("internal_error"), codes(m.getValue(), 500));
    }));
  }

  @Test
  void theDocsTableDescribesEveryHttpFunctionAndNoOther() throws Exception {
    Map<String, Set<HttpMethod>> http = new HashMap<>();
    routes().forEach(r -> http.put(r.function(), r.methods()));
    assertEquals(new TreeSet<>(http.keySet()), new TreeSet<>(RouteDocs.all().keySet()));
    http.forEach((f, methods) -> assertEquals(methods, RouteDocs.of(f).keySet(), f));
  }

  @Test
  void aRouteWithoutDocsOrAccessCannotBeWritten() throws Exception {
    List<HttpRoute> routes = new ArrayList<>(routes());
    routes.add(new HttpRoute("Export", "logs/export", Set.of(HttpMethod.POST)));
    Map<String, Access> access = new HashMap<>(RouteAccess.all());
    IllegalArgumentException noAccess = assertThrows(IllegalArgumentException.class, () -> OpenApiDocument.write("api",
        "t", routes, access, RouteDocs.all(), RouteDocs.schemas()));
    assertTrue(noAccess.getMessage().contains("Export"), noAccess.getMessage());
    access.put("Export", Access.signedIn());
    IllegalArgumentException noDocs = assertThrows(IllegalArgumentException.class, () -> OpenApiDocument.write("api",
        "t", routes, access, RouteDocs.all(), RouteDocs.schemas()));
    assertTrue(noDocs.getMessage().contains("Export"), noDocs.getMessage());
  }

  @Test
  void pathTemplatesLoseConstraintsAndNeedTheirParametersDocumented() {
    HttpRoute r = new HttpRoute("Tenant", "tenants/{id:regex(^[a-z]+$)}/{part?}", Set.of(HttpMethod.GET));
    assertEquals("/tenants/{id}/{part}", r.openApiPath());
    assertEquals(List.of("id", "part"), r.pathParameters());
    Operation op = Operation.builder("a tenant").reply(Reply.json(200, "it", Schemas.STRING))
        .param(Param.path("id", "the tenant")).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenApiDocument.write("api", "t",
        List.of(r), Map.of("Tenant", Access.signedIn()), Map.of("Tenant", Map.of(HttpMethod.GET, op)), Map.of()));
    assertTrue(e.getMessage().contains("part"), e.getMessage());
  }

  /** The problem codes of one answer of an operation, as x-problem-codes lists them. */
  private static Set<String> codes(JsonNode operation, int status) {
    JsonNode r = operation.get("responses").get(Integer.toString(status));
    assertNotNull(r, "no " + status + " answer");
    Set<String> out = new TreeSet<>();
    r.path("x-problem-codes").forEach(c -> out.add(c.asText()));
    Set<String> inSchema = new TreeSet<>();
    r.get("content").get("application/problem+json").get("schema").get("allOf").get(1).get("properties").get("code")
        .get("enum").forEach(c -> inSchema.add(c.asText()));
    assertEquals(out, inSchema, "x-problem-codes and the schema's enum agree");
    return out;
  }

  private static void collectSchemas(JsonNode n, List<JsonNode> out) {
    if (n.isObject()) {
      n.fields().forEachRemaining(e -> {
        if (e.getKey().equals("schema") && e.getValue().isObject()) {
          out.add(e.getValue());
        } else {
          collectSchemas(e.getValue(), out);
        }
      });
    } else if (n.isArray()) {
      n.forEach(c -> collectSchemas(c, out));
    }
  }

  private static void collectRefs(JsonNode n, List<String> out) {
    if (n.isObject()) {
      n.fields().forEachRemaining(e -> {
        if (e.getKey().equals("$ref")) {
          out.add(e.getValue().asText());
        } else {
          collectRefs(e.getValue(), out);
        }
      });
    } else if (n.isArray()) {
      n.forEach(c -> collectRefs(c, out));
    }
  }
}
