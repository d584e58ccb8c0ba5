package io.tributary.functions.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.EventIds;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link ExportJobs#list} over a client that lists every instance, as the local engine does: new
 * jobs' ids carry their tenant ({@code <tenant>-EX-…}), jobs started before keep their bare ids and
 * are still listed, newest first by the ids' time part; another tenant's jobs never.
 */
class ExportJobListingTest {

  /** Instances by id, listing every one greatest first, as the local engine's folder does. */
  private final Map<String, OrchestrationState> instances = new TreeMap<>();
  private final OrchestrationClient client = new OrchestrationClient() {
    @Override
    public void start(String orchestrator, String instanceId, Object input) throws java.io.IOException {
      instances.putIfAbsent(instanceId, new OrchestrationState(instanceId, orchestrator,
          OrchestrationState.Status.RUNNING, Json.mapper().writeValueAsString(input), null, null, null));
    }

    @Override
    public Optional<OrchestrationState> get(String instanceId) {
      return Optional.ofNullable(instances.get(instanceId));
    }

    @Override
    public boolean terminate(String instanceId, String reason) {
      return false;
    }

    @Override
    public Optional<List<String>> instanceIds() {
      List<String> ids = new ArrayList<>(instances.keySet());
      ids.sort(java.util.Comparator.reverseOrder());
      return Optional.of(ids);
    }
  };

  private void legacyJob(String id, String tenant) throws Exception {
    client.start(ExportOrchestrator.NAME, id, new ExportJob(id, tenant, Map.of(), 1, 0, 1, 1000));
  }

  @Test
  void newJobsCarryTheirTenantAndAreListedBeforeOlderBareIdsNewestFirst() throws Exception {
    long t = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    String oldAcme = EventIds.next(t);
    String oldBravo = EventIds.next(t + 1);
    String olderAcme = EventIds.next(t - 1000);
    legacyJob(oldAcme, "acme");
    legacyJob(oldBravo, "bravo");
    legacyJob(olderAcme, "acme");
    List<String> started = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      ExportJobs jobs = new ExportJobs(client, Clock.fixed(Instant.ofEpochMilli(t + i * 1000L), ZoneOffset.UTC));
      started.add(0, jobs.start(TenantId.of("acme"), Json.mapper().createObjectNode()));
    }
    new ExportJobs(client, Clock.fixed(Instant.ofEpochMilli(t + 5000), ZoneOffset.UTC))
        .start(TenantId.of("bravo"), Json.mapper().createObjectNode());
    for (String id : started) {
      assertTrue(id.startsWith("acme-EX-") && id.length() == "acme-EX-".length() + 26, id);
    }
    ExportJobs jobs = new ExportJobs(client, Clock.systemUTC());

    List<String> listed = ids(jobs.list(TenantId.of("acme"), 20).orElseThrow());
    assertEquals(List.of(started.get(0), started.get(1), oldAcme, olderAcme), listed);
    assertEquals(List.of(started.get(0)), ids(jobs.list(TenantId.of("acme"), 1).orElseThrow()), "at most limit");
    assertEquals(2, jobs.list(TenantId.of("bravo"), 20).orElseThrow().size(), "bravo's new and old job");
    assertTrue(jobs.status(TenantId.of("acme"), oldAcme).isPresent(), "a bare id is still found by id");
  }

  private static List<String> ids(List<ObjectNode> docs) {
    return docs.stream().map(d -> d.path("id").asText()).toList();
  }
}
