package io.tributary.functions.durable;

import io.tributary.export.ExportFiles;
import io.tributary.export.ExportService;
import io.tributary.json.Json;
import java.util.Map;

/** The activities of export jobs, by name, as JSON-in JSON-out functions for an engine. */
public final class ExportActivities {

  private ExportActivities() {
  }

  public static Map<String, ActivityFunction> of(ExportService exports, ExportFiles files) {
    ExportPartActivity part = new ExportPartActivity(exports, files);
    ExportFinishActivity finish = new ExportFinishActivity(files);
    return Map.of(
        ExportPartActivity.NAME, in -> Json.mapper().writeValueAsString(
            part.run(Json.mapper().readValue(in, ExportPart.class))),
        ExportFinishActivity.NAME, in -> Json.mapper().writeValueAsString(
            finish.run(Json.mapper().readValue(in, ExportFinish.class))));
  }
}
