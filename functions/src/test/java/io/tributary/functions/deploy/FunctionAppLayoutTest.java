package io.tributary.functions.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.RouteAccess;
import io.tributary.json.Json;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code @FunctionName} gets a function.json whose bindings say what its annotations say. */
class FunctionAppLayoutTest {

  private static final String JAR = "tributary-functions-test.jar";

  @TempDir
  Path out;

  private static Path classesDir() throws Exception {
    return Path.of(FunctionApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void everyFunctionHasAFunctionJsonMatchingItsAnnotations() throws Exception {
    List<Class<?>> classes = FunctionAppLayout.functionClasses(classesDir());
    FunctionAppLayout.write(FunctionAppLayout.describe(classes, JAR), out);
    List<String> seen = new ArrayList<>();
    for (Class<?> c : classes) {
      for (Method m : c.getMethods()) {
        FunctionName fn = m.getAnnotation(FunctionName.class);
        if (fn == null) {
          continue;
        }
        seen.add(fn.value());
        Path file = out.resolve(fn.value()).resolve("function.json");
        assertTrue(Files.exists(file), "no function.json for " + fn.value());
        JsonNode f = Json.mapper().readTree(file.toFile());
        assertEquals("../" + JAR, f.path("scriptFile").asText());
        assertEquals(c.getName() + "." + m.getName(), f.path("entryPoint").asText());
        checkBindings(fn.value(), m, f.path("bindings"));
        ExponentialBackoffRetry retry = m.getAnnotation(ExponentialBackoffRetry.class);
        if (retry == null) {
          assertTrue(f.path("retry").isMissingNode(), fn.value() + " has no retry");
        } else {
          assertEquals("exponentialBackoff", f.path("retry").path("strategy").asText());
          assertEquals(retry.maxRetryCount(), f.path("retry").path("maxRetryCount").asInt());
          assertEquals(retry.minimumInterval(), f.path("retry").path("minimumInterval").asText());
          assertEquals(retry.maximumInterval(), f.path("retry").path("maximumInterval").asText());
        }
      }
    }
    assertEquals(List.copyOf(RouteAccess.all().keySet()), seen.stream().sorted().toList(),
        "the layout holds the functions of the access table");
  }

  /** A function nobody decided the access of. */
  public static final class Unlisted {
    @FunctionName("Unlisted")
    public String run(@HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "unlisted",
        authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
      return "";
    }
  }

  @Test
  void aFunctionMissingFromTheAccessTableFailsTheLayoutNamingIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> FunctionAppLayout.describe(List.of(Unlisted.class), JAR));
    assertTrue(e.getMessage().contains("Unlisted") && e.getMessage().contains("RouteAccess"), e.getMessage());
  }

  private static void checkBindings(String function, Method m, JsonNode bindings) {
    int expected = 0;
    boolean http = false;
    for (Parameter p : m.getParameters()) {
      for (Annotation a : p.getAnnotations()) {
        if (a instanceof HttpTrigger t) {
          http = true;
          expected++;
          JsonNode b = binding(bindings, t.name());
          assertEquals("httpTrigger", b.path("type").asText(), function);
          assertEquals("in", b.path("direction").asText());
          assertEquals(t.route(), b.path("route").asText(), function);
          assertEquals(t.authLevel().name(), b.path("authLevel").asText());
          List<String> methods = new ArrayList<>();
          b.path("methods").forEach(x -> methods.add(x.asText()));
          assertEquals(java.util.Arrays.stream(t.methods()).map(HttpMethod::name).toList(), methods, function);
          assertEquals(t.dataType(), b.path("dataType").asText(""), function);
        } else if (a instanceof com.microsoft.azure.functions.annotation.CosmosDBTrigger t) {
          expected++;
          JsonNode b = binding(bindings, t.name());
          assertEquals("cosmosDBTrigger", b.path("type").asText());
          assertEquals("in", b.path("direction").asText());
          assertEquals(t.connection(), b.path("connection").asText());
          assertEquals(t.databaseName(), b.path("databaseName").asText());
          assertEquals(t.containerName(), b.path("containerName").asText());
          assertEquals(t.leaseContainerName(), b.path("leaseContainerName").asText());
          assertEquals(t.createLeaseContainerIfNotExists(), b.path("createLeaseContainerIfNotExists").asBoolean());
        } else if (a instanceof com.microsoft.azure.functions.annotation.TimerTrigger t) {
          expected++;
          JsonNode b = binding(bindings, t.name());
          assertEquals("timerTrigger", b.path("type").asText());
          assertEquals("in", b.path("direction").asText());
          assertEquals(t.schedule(), b.path("schedule").asText());
        } else if (a instanceof com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger t) {
          expected++;
          JsonNode b = binding(bindings, t.name());
          assertEquals("orchestrationTrigger", b.path("type").asText(), function);
          assertEquals("in", b.path("direction").asText());
          assertEquals(t.orchestration(), b.path("orchestration").asText(""), function);
        } else if (a instanceof com.microsoft.durabletask.azurefunctions.DurableActivityTrigger t) {
          expected++;
          JsonNode b = binding(bindings, t.name());
          assertEquals("activityTrigger", b.path("type").asText(), function);
          assertEquals("in", b.path("direction").asText());
          assertEquals(t.activity(), b.path("activity").asText(""), function);
        } else if (a instanceof com.microsoft.durabletask.azurefunctions.DurableClientInput t) {
          expected++;
          JsonNode b = binding(bindings, t.name());
          assertEquals("durableClient", b.path("type").asText(), function);
          assertEquals("in", b.path("direction").asText());
          assertEquals(t.taskHub(), b.path("taskHub").asText(""), function);
        } else if (a instanceof EventHubTrigger t) {
          expected++;
          JsonNode b = binding(bindings, t.name());
          assertEquals("eventHubTrigger", b.path("type").asText());
          assertEquals(t.eventHubName(), b.path("eventHubName").asText());
          assertEquals(t.connection(), b.path("connection").asText());
          assertEquals(t.consumerGroup(), b.path("consumerGroup").asText());
          assertEquals(t.cardinality().name().toLowerCase(Locale.ROOT), b.path("cardinality").asText());
          assertEquals(t.dataType(), b.path("dataType").asText(""));
        }
      }
    }
    if (http) {
      expected++;
      JsonNode out = binding(bindings, "$return");
      assertEquals("http", out.path("type").asText());
      assertEquals("out", out.path("direction").asText());
    }
    assertEquals(expected, bindings.size(), function + ": one binding per trigger, plus the http output");
  }

  private static JsonNode binding(JsonNode bindings, String name) {
    for (JsonNode b : bindings) {
      if (b.path("name").asText().equals(name)) {
        return b;
      }
    }
    throw new AssertionError("no binding named " + name + " in " + bindings);
  }

  @Test
  void theEventHubTriggerUsesTheIdentityBasedConnectionPrefix() throws Exception {
    JsonNode process = FunctionAppLayout.describe(FunctionAppLayout.functionClasses(classesDir()), JAR).get("Process");
    JsonNode trigger = process.path("bindings").get(0);
    // The host reads TRIBUTARY_EVENTHUB__fullyQualifiedNamespace for this connection (Settings.EVENTHUB_NAMESPACE).
    assertEquals(io.tributary.config.Settings.EVENTHUB_NAMESPACE.name(), trigger.path("connection").asText()
        + "__fullyQualifiedNamespace");
    assertEquals("many", trigger.path("cardinality").asText());
  }

  @Test
  void theIndexFunctionReadsTheLogsChangeFeedWithItsOwnLeasesAndTheIdentityBasedConnection() throws Exception {
    JsonNode index = FunctionAppLayout.describe(FunctionAppLayout.functionClasses(classesDir()), JAR).get("Index");
    JsonNode trigger = index.path("bindings").get(0);
    assertEquals("cosmosDBTrigger", trigger.path("type").asText());
    // The host reads TRIBUTARY_COSMOS__accountEndpoint for this connection (Settings.COSMOS_ENDPOINT).
    assertEquals(io.tributary.config.Settings.COSMOS_ENDPOINT.name(), trigger.path("connection").asText()
        + "__accountEndpoint");
    assertEquals("%" + io.tributary.config.Settings.COSMOS_CONTAINER.name() + "%", trigger.path("containerName").asText());
    assertEquals("leases-index", trigger.path("leaseContainerName").asText());
    assertFalse(trigger.path("createLeaseContainerIfNotExists").asBoolean());
    assertFalse(trigger.has("leaseCollectionName"), "extension 4.x names only");
    assertEquals(-1, index.path("retry").path("maxRetryCount").asInt());
    assertEquals(1, index.path("bindings").size());
  }

  @Test
  void theAlertEvaluateFunctionReadsTheSameChangeFeedWithLeasesOfItsOwn() throws Exception {
    JsonNode alerts = FunctionAppLayout.describe(FunctionAppLayout.functionClasses(classesDir()), JAR)
        .get("AlertEvaluate");
    JsonNode trigger = alerts.path("bindings").get(0);
    assertEquals("cosmosDBTrigger", trigger.path("type").asText());
    assertEquals(io.tributary.config.Settings.COSMOS_ENDPOINT.name(), trigger.path("connection").asText()
        + "__accountEndpoint");
    assertEquals("leases-alerts", trigger.path("leaseContainerName").asText());
    assertFalse(trigger.path("createLeaseContainerIfNotExists").asBoolean());
    assertEquals(-1, alerts.path("retry").path("maxRetryCount").asInt());
    String bicep = Files.readString(Path.of("..", "bicep", "main.bicep"));
    assertTrue(bicep.contains("name: 'leases-alerts'"), "bicep makes the lease container");
  }

  @Test
  void theAlertTickFunctionRunsEveryFiveSecondsOnATimer() throws Exception {
    JsonNode tick = FunctionAppLayout.describe(FunctionAppLayout.functionClasses(classesDir()), JAR).get("AlertTick");
    JsonNode trigger = tick.path("bindings").get(0);
    assertEquals("timerTrigger", trigger.path("type").asText());
    assertEquals("*/5 * * * * *", trigger.path("schedule").asText(), "NCRONTAB with seconds: every 5 s");
    assertEquals(1, tick.path("bindings").size());
  }

  @Test
  void theArchivalTickFunctionRunsOnceADayOnATimer() throws Exception {
    JsonNode tick = FunctionAppLayout.describe(FunctionAppLayout.functionClasses(classesDir()), JAR)
        .get("ArchivalTick");
    JsonNode trigger = tick.path("bindings").get(0);
    assertEquals("timerTrigger", trigger.path("type").asText());
    assertEquals("0 30 1 * * *", trigger.path("schedule").asText(), "NCRONTAB with seconds: 01:30 UTC");
    JsonNode client = tick.path("bindings").get(1);
    assertEquals("durableClient", client.path("type").asText(), "it starts the Archival orchestration");
    assertEquals("in", client.path("direction").asText());
    assertEquals(2, tick.path("bindings").size());
  }

  @Test
  void theArchiveCompactionFunctionRunsEveryHourOnATimer() throws Exception {
    JsonNode f = FunctionAppLayout.describe(FunctionAppLayout.functionClasses(classesDir()), JAR)
        .get("ArchiveCompaction");
    JsonNode trigger = f.path("bindings").get(0);
    assertEquals("timerTrigger", trigger.path("type").asText());
    assertEquals("0 10 * * * *", trigger.path("schedule").asText(), "NCRONTAB with seconds: every hour at :10");
    assertEquals(1, f.path("bindings").size());
  }

  @Test
  void eachOrchestratorAndActivityIsADurableFunctionAndTheJobRoutesHaveTheDurableClient() throws Exception {
    java.util.Map<String, com.fasterxml.jackson.databind.node.ObjectNode> all = FunctionAppLayout.describe(
        FunctionAppLayout.functionClasses(classesDir()), JAR);
    for (String orchestrator : List.of("Export", "Archival", "Replay", "Erasure")) {
      JsonNode f = all.get(orchestrator + "Orchestration");
      assertEquals("[{\"type\":\"orchestrationTrigger\",\"direction\":\"in\",\"name\":\"ctx\","
          + "\"dataType\":\"string\"}]", f.path("bindings").toString(), orchestrator
          + ": one orchestration trigger, its return value the episode's answer (no $return binding)");
    }
    for (String activity : List.of("ExportPart", "ExportFinish", "ArchivalTenants", "ApplyRetention", "ReplayPlan",
        "ReplayDay", "ErasurePlan", "EraseStoreDay", "EraseArchiveDay", "RecordErasure")) {
      JsonNode f = all.get(activity);
      assertEquals("[{\"type\":\"activityTrigger\",\"direction\":\"in\",\"name\":\"input\"}]",
          f.path("bindings").toString(), activity + ": one activity trigger named as the orchestrators call it");
    }
    for (String route : List.of("ExportJobs", "ExportJob", "ExportJobFile", "ExportJobList", "Erasures", "Erasure",
        "Replays", "Replay")) {
      JsonNode client = binding(all.get(route).path("bindings"), "durableContext");
      assertEquals("durableClient", client.path("type").asText(), route);
      assertEquals("in", client.path("direction").asText(), route);
      assertEquals(3, all.get(route).path("bindings").size(), route + ": the HTTP trigger and output, the client");
    }
    for (java.util.Map.Entry<String, com.fasterxml.jackson.databind.node.ObjectNode> e : all.entrySet()) {
      if (!List.of("ExportJobs", "ExportJob", "ExportJobFile", "ExportJobList", "Erasures", "Erasure", "Replays",
          "Replay", "ArchivalTick")
          .contains(e.getKey())) {
        for (JsonNode b : e.getValue().path("bindings")) {
          assertFalse(b.path("type").asText().equals("durableClient"), e.getKey() + " reads or starts no orchestration");
        }
      }
    }
  }

  @Test
  void folderOfAFunctionThatNoLongerExistsIsRemoved() throws Exception {
    Path stale = Files.createDirectories(out.resolve("Removed"));
    Files.writeString(stale.resolve("function.json"), "{}");
    FunctionAppLayout.write(FunctionAppLayout.describe(FunctionAppLayout.functionClasses(classesDir()), JAR), out);
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(out.resolve("Ingest/function.json")));
  }
}
