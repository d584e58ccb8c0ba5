package io.tributary.functions.durable;

import io.tributary.export.ExportFiles;
import io.tributary.export.ExportService;
import io.tributary.json.Json;
import java.util.Map;

/** The activities of export jobs, by name, as JSON-in JSON-out functions for an engine. */
public final class ExportActivities {

  private ExportActivities() {
  }

  /** With jobs' destinations written as blobs through their SAS URLs ({@link io.tributary.functions.azure.blob.BlobExportDestination}). */
  public static Map<String, ActivityFunction> of(ExportService exports, ExportFiles files) {
    return of(exports, files, new io.tributary.functions.azure.blob.BlobExportDestination(java.time.Duration.ofMinutes(2)));
  }

  public static Map<String, ActivityFunction> of(ExportService exports, ExportFiles files,
      io.tributary.export.ExportDestination destination) {
    ExportPartActivity part = new ExportPartActivity(exports, files);
    ExportFinishActivity finish = new ExportFinishActivity(files, destination);
    return Map.of(
        ExportPartActivity.NAME, in -> Json.mapper().writeValueAsString(
            part.run(Json.mapper().readValue(in, ExportPart.class))),
        ExportFinishActivity.NAME, in -> Json.mapper().writeValueAsString(
            finish.run(Json.mapper().readValue(in, ExportFinish.class))));
  }
}
