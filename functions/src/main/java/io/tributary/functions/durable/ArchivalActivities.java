package io.tributary.functions.durable;

import io.tributary.json.Json;
import java.util.Map;

/** The activities of archival runs, by name, as JSON-in JSON-out functions for an engine. */
public final class ArchivalActivities {

  private ArchivalActivities() {
  }

  public static Map<String, ActivityFunction> of(ArchivalTenantsActivity tenants, ApplyRetentionActivity apply) {
    return Map.of(
        ArchivalTenantsActivity.NAME, in -> Json.mapper().writeValueAsString(
            tenants.run(Json.mapper().readValue(in, ArchivalRun.class))),
        ApplyRetentionActivity.NAME, in -> Json.mapper().writeValueAsString(
            apply.run(Json.mapper().readValue(in, RetentionTask.class))));
  }
}
