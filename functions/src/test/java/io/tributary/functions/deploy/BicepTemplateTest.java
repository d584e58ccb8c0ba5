package io.tributary.functions.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.functions.FunctionApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of {@code bicep/main.bicep} without Azure or the Bicep CLI: it is read as
 * text and held against the function app's own layout and the code's names, so a function, a
 * setting or a container added in code without its resource fails here rather than in the first
 * deployment.
 */
class BicepTemplateTest {

  private static final Path BICEP = Path.of("..", "bicep", "main.bicep");
  private static final Pattern DECLARATION = Pattern.compile(
      "(?m)^(?:param|var|resource|output|module|func)\\s+([A-Za-z_][A-Za-z0-9_]*)\\b");
  private static final Pattern SETTING = Pattern.compile("\\{ name: '([A-Za-z0-9_.]+)', value:");

  private static String bicep() throws Exception {
    return Files.readString(BICEP);
  }

  private static Map<String, ObjectNode> layout() throws Exception {
    Path classes = Path.of(FunctionApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return FunctionAppLayout.describe(FunctionAppLayout.functionClasses(classes), "app.jar");
  }

  /** The strings of the bicep array {@code var name = [ 'a', 'b' ]}. */
  private static List<String> stringArray(String bicep, String name) {
    Matcher m = Pattern.compile("(?m)^var " + name + " = \\[([^\\]]*)\\]").matcher(bicep);
    assertTrue(m.find(), "bicep declares var " + name);
    List<String> out = new ArrayList<>();
    Matcher s = Pattern.compile("'([^']*)'").matcher(m.group(1));
    while (s.find()) {
      out.add(s.group(1));
    }
    return out;
  }

  private static Set<String> settingNames(String bicep) {
    Set<String> out = new TreeSet<>();
    Matcher m = SETTING.matcher(bicep);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void noNameIsDeclaredTwice() throws Exception {
    Map<String, Integer> seen = new HashMap<>();
    Matcher m = DECLARATION.matcher(bicep());
    while (m.find()) {
      seen.merge(m.group(1), 1, Integer::sum);
    }
    assertTrue(seen.size() > 50, "read the declarations: " + seen.size());
    seen.values().removeIf(n -> n == 1);
    assertEquals(Map.of(), seen, "a name declared twice fails the deployment");
  }

  @Test
  void everyFunctionWithATriggerOtherThanHttpIsDisabledOnTheStagingSlotBySettingsThatStayWithIt()
      throws Exception {
    String bicep = bicep();
    Set<String> triggered = new TreeSet<>();
    layout().forEach((name, f) -> {
      boolean http = false;
      for (JsonNode b : f.path("bindings")) {
        http |= b.path("type").asText().equals("httpTrigger");
      }
      if (!http) {
        triggered.add(name);
      }
    });
    assertTrue(triggered.contains("Process") && triggered.contains("AlertTick"), triggered.toString());
    assertEquals(triggered, new TreeSet<>(stringArray(bicep, "triggerFunctions")),
        "bicep's triggerFunctions must list every function that is not HTTP-triggered");
    Set<String> durable = new TreeSet<>();
    layout().forEach((name, f) -> {
      for (JsonNode b : f.path("bindings")) {
        if (b.path("type").asText().equals("orchestrationTrigger") || b.path("type").asText().equals("activityTrigger")) {
          durable.add(name);
        }
      }
    });
    assertEquals(durable, new TreeSet<>(stringArray(bicep, "durableFunctions")),
        "bicep's durableFunctions must list every orchestrator and activity function");
    assertTrue(!durable.contains("ArchivalTick") && triggered.containsAll(durable));
    assertTrue(bicep.contains("map(triggerFunctions, f => { name: 'AzureWebJobs.${f}.Disabled', value:"
        + " contains(durableFunctions, f) ? 'false' : 'true' })"),
        "staging disables them but the orchestrators and activities, which run staging's own task hub");
    assertTrue(bicep.contains("map(triggerFunctions, f => { name: 'AzureWebJobs.${f}.Disabled', value: 'false' })"),
        "production runs them");
    assertTrue(bicep.contains("map(triggerFunctions, f => 'AzureWebJobs.${f}.Disabled')"),
        "the switches are slot settings");
    assertTrue(bicep.contains("name: 'slotConfigNames'") && bicep.contains("appSettingNames: slotSettingNames"));
    assertTrue(bicep.contains("appSettings: stagingSettings") && bicep.contains("appSettings: productionSettings"));
  }

  @Test
  void theContentShareBehindAKeyVaultReferenceIsMadeNamedPerSlotAndNotValidatedByThePlatform() throws Exception {
    String bicep = bicep();
    Set<String> settings = settingNames(bicep);
    assertTrue(bicep.contains("{ name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', value: '@Microsoft.KeyVault("));
    assertTrue(settings.contains("WEBSITE_SKIP_CONTENTSHARE_VALIDATION"));
    assertTrue(bicep.contains("{ name: 'WEBSITE_CONTENTSHARE', value: contentShares.production }"));
    assertTrue(bicep.contains("{ name: 'WEBSITE_CONTENTSHARE', value: contentShares.staging }"));
    assertTrue(bicep.contains("Microsoft.Storage/storageAccounts/fileServices/shares@"), "the shares exist");
    assertTrue(bicep.contains("concat([ 'WEBSITE_CONTENTSHARE', "), "each slot keeps its own share");
  }

  @Test
  void everyConnectionAndSettingTheBindingsNameIsSet() throws Exception {
    Set<String> settings = settingNames(bicep());
    Pattern placeholder = Pattern.compile("%([A-Z0-9_]+)%");
    layout().forEach((name, f) -> {
      for (JsonNode b : f.path("bindings")) {
        String connection = b.path("connection").asText("");
        if (!connection.isEmpty()) {
          assertTrue(settings.contains(connection) || settings.stream().anyMatch(s -> s.startsWith(connection + "__")),
              name + ": connection " + connection + " has no setting in bicep");
        }
        b.fields().forEachRemaining(field -> {
          Matcher m = placeholder.matcher(field.getValue().asText(""));
          while (m.find()) {
            assertTrue(settings.contains(m.group(1)), name + "." + field.getKey() + ": " + m.group(1)
                + " has no setting in bicep");
          }
        });
      }
    });
  }

  /**
   * Finding 6 of issue 18: an instance may own every partition of the hub (one instance after a
   * scale-in), and the host holds, per partition, {@code prefetchCount} events prefetched plus a
   * batch of {@code maxEventBatchSize} in flight, each event a frame of up to
   * {@code FrameCodec.MAX_FRAME_BYTES}. That must fit in half of the plan's instance memory (EP1:
   * 3.5 GB), leaving the rest to the Java worker's heap.
   */
  @Test
  void anInstanceOwningEveryPartitionHoldsItsPrefetchedAndInFlightFramesInHalfAnEp1() throws Exception {
    String bicep = bicep();
    assertTrue(bicep.contains("sku: { name: 'EP1', tier: 'ElasticPremium' }"), "the plan the bound is for");
    Matcher partitions = Pattern.compile("param eventHubPartitions int = (\\d+)").matcher(bicep);
    assertTrue(partitions.find());
    JsonNode hubs = io.tributary.json.Json.mapper().readTree(java.nio.file.Files.readAllBytes(Path.of("..", "host.json")))
        .path("extensions").path("eventHubs");
    long perPartition = hubs.path("prefetchCount").asLong() + hubs.path("maxEventBatchSize").asLong();
    assertTrue(perPartition > 0, "host.json sets both");
    long worst = Long.parseLong(partitions.group(1)) * perPartition * io.tributary.frame.FrameCodec.MAX_FRAME_BYTES;
    long ep1 = 3_500_000_000L;
    assertTrue(worst <= ep1 / 2, "frames held by one instance owning every partition: " + worst + " bytes");
  }

  @Test
  void theLogsContainersPartitionKeyIsTheTenantTheDayAndTheShardTheStoreWrites() throws Exception {
    // The store writes these three fields and names them in this order in every upsert's key.
    assertTrue(bicep().contains("partitionKey: { paths: [ '/tenantId', '/day', '/shard' ], kind: 'MultiHash', version: 2 }"),
        "the logs container's key");
  }

  /**
   * The durable functions' task hub (host.json {@code durableTask}): named by an app setting bicep
   * sets to a valid hub name, kept in the host's storage account through the identity-based
   * {@code AzureWebJobsStorage} connection, whose identity may use that account's queues, tables
   * and blobs (the task hub's control and work-item queues, instance and history tables, leases).
   */
  @Test
  void theTaskHubIsNamedByASettingAndLivesInTheHostStorageAccountTheIdentityMayUse() throws Exception {
    String bicep = bicep();
    JsonNode durable = io.tributary.json.Json.mapper().readTree(Files.readAllBytes(Path.of("..", "host.json")))
        .path("extensions").path("durableTask");
    assertEquals("%TRIBUTARY_DURABLE_TASK_HUB%", durable.path("hubName").asText(), "the hub name is a setting");
    assertTrue(settingNames(bicep).contains("TRIBUTARY_DURABLE_TASK_HUB"), "bicep sets the hub name");
    assertTrue(bicep.contains("{ name: 'TRIBUTARY_DURABLE_TASK_HUB', value: durableTaskHub }"));
    assertTrue(bicep.contains("{ name: 'TRIBUTARY_DURABLE_TASK_HUB', value: stagingDurableTaskHub }"));
    Matcher hub = Pattern.compile("param durableTaskHub string = '([^']*)'").matcher(bicep);
    assertTrue(hub.find(), "a default hub name");
    assertTrue(hub.group(1).matches("[A-Za-z][A-Za-z0-9]{2,44}"), "letters and digits, 3 to 45, a letter first: "
        + hub.group(1));
    assertTrue(bicep.contains("@minLength(3)\n@maxLength(45)\nparam durableTaskHub string"), "bicep checks the length");
    String connection = durable.path("storageProvider").path("connectionName").asText();
    assertEquals("AzureWebJobsStorage", connection, "the host's own account");
    for (String service : List.of("blobServiceUri", "queueServiceUri", "tableServiceUri", "credential", "clientId")) {
      assertTrue(settingNames(bicep).contains(connection + "__" + service), connection + "__" + service);
    }
    for (String role : List.of("roles.blobOwner", "roles.queueContributor", "roles.tableContributor")) {
      assertTrue(Pattern.compile("guid\\(hostStorage\\.id, identity\\.id, " + Pattern.quote(role) + "\\)")
          .matcher(bicep).find(), "the identity has " + role + " on the host account");
    }
  }

  /** Export jobs' files: the container the app writes is the one bicep makes, links as long as the setting allows. */
  @Test
  void exportFilesGoToTheExportsContainerWithLinksOfTheSettingsLifetime() throws Exception {
    String bicep = bicep();
    io.tributary.config.Settings defaults = io.tributary.config.Settings.from(Map.of());
    assertTrue(bicep.contains("{ name: '" + io.tributary.config.Settings.EXPORT_CONTAINER.name() + "', value: '"
        + defaults.exportContainer() + "' }"), "the app writes to the container bicep names");
    assertTrue(bicep.contains("name: '" + defaults.exportContainer() + "'"), "bicep makes it");
    assertTrue(bicep.contains("{ name: '" + io.tributary.config.Settings.EXPORT_LINK_SECONDS.name()
        + "', value: string(exportLinkSeconds) }"));
    assertTrue(bicep.contains("@minValue(60)\n@maxValue(604800)\nparam exportLinkSeconds int = "
        + defaults.exportLinkTtl().toSeconds()), "bicep's bounds and default are the setting's");
  }

  @Test
  void theContainersTheCodeUsesAreMade() throws Exception {
    String bicep = bicep();
    for (String container : List.of("logs", "ids", "config", "leases", "leases-index",
        io.tributary.functions.AlertEvaluateFunction.LEASE_CONTAINER, "archive", "quarantine", "alert-deliveries")) {
      assertTrue(bicep.contains("name: '" + container + "'"), "bicep makes container " + container);
    }
  }

  /**
   * The {@code logs} items are indexed only by the summaries queries filter on (the store's
   * {@code EventBlock} fields): never the events ({@code ev}) nor the write's trace context
   * ({@code tp}, docs/observability.md), and they expire after the hot days.
   */
  @Test
  void theLogsContainerIndexesOnlyTheBlockSummariesAndExpiresItemsAfterTheHotDays() throws Exception {
    String bicep = bicep();
    Matcher logs = Pattern.compile("(?s)resource logs '[^']*' = \\{.*?\\n\\}\\n").matcher(bicep);
    assertTrue(logs.find(), "bicep declares the logs container");
    String container = logs.group();
    Set<String> included = new TreeSet<>();
    Matcher path = Pattern.compile("\\{ path: '/([A-Za-z]+)(?:/\\[\\])?/\\?' \\}").matcher(
        container.substring(container.indexOf("includedPaths"), container.indexOf("excludedPaths")));
    while (path.find()) {
      included.add(path.group(1));
    }
    assertEquals(new TreeSet<>(List.of("tenantId", "day", "tMin", "tMax", "iMin", "sev", "svc", "host", "attr",
        "attrPartial")), included);
    assertTrue(container.contains("excludedPaths: [ { path: '/*' }"), "everything else is left out of the index");
    assertTrue(container.contains("defaultTtl: hotRetentionDays * 86400"), "items expire after the hot days");
  }

  /** The consumer group bicep makes on the hub is the one the Process trigger reads with. */
  @Test
  void theProcessTriggersConsumerGroupIsMadeOnTheHub() throws Exception {
    String bicep = bicep();
    Matcher group = Pattern.compile("var processGroup = '([^']+)'").matcher(bicep);
    assertTrue(group.find());
    assertTrue(Pattern.compile("(?s)consumergroups@[^']*' = \\{\\s*parent: frames\\s*name: processGroup").matcher(bicep)
        .find(), "the group is made on the frames hub");
    assertTrue(bicep.contains("{ name: '" + io.tributary.config.Settings.PROCESS_GROUP.name() + "', value: processGroup }"));
    assertEquals("%" + io.tributary.config.Settings.PROCESS_GROUP.name() + "%",
        layout().get("Process").path("bindings").get(0).path("consumerGroup").asText(), "the trigger reads the setting");
  }

  /**
   * Least privilege: every role assignment is of the app's own managed identity, scoped to one
   * resource, and none is Owner, Contributor or User Access Administrator.
   */
  @Test
  void everyRoleIsTheAppIdentitysOnOneResourceAndNoneIsABroadOne() throws Exception {
    String bicep = bicep();
    Matcher assignment = Pattern.compile("(?s)resource (\\w+) 'Microsoft\\.Authorization/roleAssignments@[^']*' = \\{(.*?)\\n\\}")
        .matcher(bicep);
    int n = 0;
    while (assignment.find()) {
      n++;
      String body = assignment.group(2);
      assertTrue(body.contains("principalId: identity.properties.principalId, principalType: 'ServicePrincipal'"),
          assignment.group(1) + " is the app identity's");
      assertTrue(Pattern.compile("\\n  scope: \\w+\\n").matcher(body).find(), assignment.group(1) + " is scoped to a resource");
      assertTrue(body.contains("roles."), assignment.group(1) + " names its role from the roles table");
    }
    assertTrue(n >= 10, "the identity's roles: " + n);
    for (String broad : List.of("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9")) {
      assertFalse(bicep.contains(broad), "no Owner, Contributor or User Access Administrator: " + broad);
    }
  }

  /**
   * The platform's metrics and traces reach Application Insights through the agent in the Java
   * worker (docs/observability.md), with requests and exceptions never sampled away.
   */
  @Test
  void theApplicationInsightsAgentIsOnAndRequestsAreNotSampled() throws Exception {
    String bicep = bicep();
    assertTrue(bicep.contains("{ name: 'APPLICATIONINSIGHTS_ENABLE_AGENT', value: 'true' }"));
    assertTrue(bicep.contains("{ name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }"));
    JsonNode sampling = io.tributary.json.Json.mapper().readTree(Files.readAllBytes(Path.of("..", "host.json")))
        .path("logging").path("applicationInsights").path("samplingSettings");
    assertTrue(sampling.path("excludedTypes").asText().contains("Request"), "requests are not sampled: " + sampling);
  }

  /**
   * Staging and production never share a task hub: the hub name is a slot setting (it stays with
   * its slot on a swap), production's in the production settings only, staging's in the staging
   * settings only, and staging's default is another valid hub name than production's.
   */
  @Test
  void stagingAndProductionHaveTheirOwnTaskHubByASettingThatStaysWithTheSlot() throws Exception {
    String bicep = bicep();
    String settingsOf = "var slotSettingNames = concat([ 'WEBSITE_CONTENTSHARE', 'TRIBUTARY_DURABLE_TASK_HUB' ],";
    assertTrue(bicep.contains(settingsOf), "the hub name is a slot setting");
    int appSettings = bicep.indexOf("var appSettings = [");
    String shared = bicep.substring(appSettings, bicep.indexOf("\n]\n", appSettings));
    assertTrue(!shared.contains("TRIBUTARY_DURABLE_TASK_HUB"), "not among the settings both slots share");
    Matcher production = Pattern.compile("var productionSettings = concat\\(appSettings, \\[([^\\]]*)\\]").matcher(bicep);
    Matcher staging = Pattern.compile("var stagingSettings = concat\\(appSettings, \\[([^\\]]*)\\]").matcher(bicep);
    assertTrue(production.find() && staging.find(), "the slots' own settings");
    assertTrue(production.group(1).contains("{ name: 'TRIBUTARY_DURABLE_TASK_HUB', value: durableTaskHub }"),
        production.group(1));
    assertTrue(staging.group(1).contains("{ name: 'TRIBUTARY_DURABLE_TASK_HUB', value: stagingDurableTaskHub }"),
        staging.group(1));
    Matcher hub = Pattern.compile("param durableTaskHub string = '([^']*)'").matcher(bicep);
    Matcher stagingHub = Pattern.compile("param stagingDurableTaskHub string = '\\$\\{take\\(durableTaskHub, (\\d+)\\)\\}"
        + "([A-Za-z0-9]+)'").matcher(bicep);
    assertTrue(hub.find() && stagingHub.find(), "both hubs have a default");
    String stagingDefault = hub.group(1).substring(0, Math.min(hub.group(1).length(), Integer.parseInt(stagingHub.group(1))))
        + stagingHub.group(2);
    assertTrue(!stagingDefault.equals(hub.group(1)), "another hub: " + stagingDefault);
    assertTrue(Integer.parseInt(stagingHub.group(1)) + stagingHub.group(2).length() <= 45,
        "staging's default is a valid hub name however long production's is");
    assertTrue(stagingDefault.matches("[A-Za-z][A-Za-z0-9]{2,44}"), stagingDefault);
    assertTrue(bicep.contains("@minLength(3)\n@maxLength(45)\nparam stagingDurableTaskHub string"), "bicep checks the length");
  }
}
