package io.tributary.functions.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape of {@code azure-pipelines.yml}, read as YAML (no Azure DevOps here): the stages run in
 * the order build → infrastructure (lint, what-if, deploy) → staging (deploy, smoke test that
 * ingests and queries) → production (swap), and the app's name comes from the deployment's output.
 */
class PipelineTest {

  private static JsonNode pipeline() throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "azure-pipelines.yml").toFile());
  }

  private static JsonNode stage(JsonNode p, String name) {
    for (JsonNode s : p.path("stages")) {
      if (s.path("stage").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no stage " + name);
  }

  /** Every inline script of a stage's steps, joined. */
  private static String scripts(JsonNode stage) {
    StringBuilder out = new StringBuilder();
    stage.findValues("inlineScript").forEach(s -> out.append(s.asText()).append('\n'));
    return out.toString();
  }

  @Test
  void theStagesRunBuildInfraStagingProduction() throws Exception {
    JsonNode p = pipeline();
    List<String> names = new ArrayList<>();
    p.path("stages").forEach(s -> names.add(s.path("stage").asText()));
    assertEquals(List.of("Build", "Infra", "Staging", "Production"), names);
    assertTrue(stage(p, "Staging").path("dependsOn").toString().contains("Infra"));
    assertTrue(stage(p, "Production").path("dependsOn").toString().contains("Staging"));
  }

  @Test
  void theInfrastructureIsLintedShownWithWhatIfThenDeployed() throws Exception {
    String infra = scripts(stage(pipeline(), "Infra"));
    int lint = infra.indexOf("az bicep lint --file bicep/main.bicep");
    int whatIf = infra.indexOf("az deployment group what-if");
    int create = infra.indexOf("az deployment group create");
    assertTrue(lint >= 0 && whatIf > lint && create > whatIf, infra);
    assertTrue(infra.contains("functionAppName.value") && infra.contains("isOutput=true"),
        "the app's name is the deployment's output");
  }

  @Test
  void theAppNameIsNeverEmptyAndComesFromTheInfraStage() throws Exception {
    JsonNode p = pipeline();
    assertFalse(p.path("variables").has("functionAppName"), "no empty name to fill in by hand");
    for (String s : List.of("Staging", "Production")) {
      assertTrue(stage(p, s).path("variables").path("functionAppName").asText()
          .contains("stageDependencies.Infra.bicep.outputs['deploy.functionAppName']"), s);
    }
  }

  @Test
  void theSmokeTestIngestsOnTheSlotAndFindsTheEventByAQueryThere() throws Exception {
    String staging = scripts(stage(pipeline(), "Staging"));
    assertTrue(staging.contains("/health"), staging);
    int ingest = staging.indexOf("$base/logs/ingest");
    int query = staging.indexOf("$base/logs/query");
    assertTrue(ingest > 0 && query > ingest, staging);
    assertTrue(staging.contains("[ \"$code\" = 202 ]"), "the ingest must answer 202");
    assertTrue(staging.contains("grep -q \"$marker\""), "the query must find the marker");
    assertTrue(stage(pipeline(), "Production").toString().contains("Swap Slots"));
  }
}
