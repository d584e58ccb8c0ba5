package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.functions.FunctionApp;
import io.tributary.local.host.FunctionCatalog;
import io.tributary.local.host.FunctionDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeFeedFunctionsLocallyTest {

  @Test
  void theLocalHostLeavesOnlyTheCosmosChangeFeedTimerAndDurableFunctionsToAzure() throws Exception {
    List<String> notDriven = FunctionCatalog.scan(FunctionApp.class).stream()
        .filter(f -> !LocalRuntime.drivenLocally(f)).map(FunctionDefinition::name).toList();
    // Locally the store has no change feed: the store answers full text, and processing tells the
    // alert evaluator what AlertEvaluate is told in Azure; the runtime's own timer thread does what
    // AlertTick does; the embedded engine runs the orchestrators and activities the durable functions bind.
    assertEquals(List.of("AlertEvaluate", "AlertTick", "ApplyRetention", "ArchivalOrchestration", "ArchivalTenants",
        "ArchivalTick", "ArchiveCompaction", "EraseArchiveDay", "EraseStoreDay", "ErasureOrchestration", "ErasurePlan", "ExportFinish",
        "ExportOrchestration", "ExportPart", "Index", "RecordErasure", "ReplayDay", "ReplayOrchestration", "ReplayPlan"),
        notDriven);
  }
}
