package io.tributary.functions.durable;

import com.microsoft.durabletask.TaskOrchestration;
import io.tributary.archive.ArchiveStore;
import io.tributary.retention.HeldTenants;
import io.tributary.retention.RetentionAudit;
import io.tributary.retention.RetentionService;
import io.tributary.store.LogStore;
import io.tributary.tenancy.TenantService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The orchestrations of the data's lifecycle (docs/retention.md) — the daily archival run,
 * replays of the archive into the store, and erasures where the store can remove events — with their activities over one app's store,
 * archive and configuration, for an engine to run.
 */
public final class DataLifecycle {

  private final Map<String, TaskOrchestration> orchestrators;
  private final Map<String, ActivityFunction> activities;

  private final ArchivalTenantsActivity tenants;
  /** Null without an archive. */
  private final io.tributary.archive.ArchiveCompaction compaction;

  private DataLifecycle(Map<String, TaskOrchestration> orchestrators, Map<String, ActivityFunction> activities,
      ArchivalTenantsActivity tenants, io.tributary.archive.ArchiveCompaction compaction) {
    this.orchestrators = Map.copyOf(orchestrators);
    this.activities = Map.copyOf(activities);
    this.tenants = tenants;
    this.compaction = compaction;
  }

  /**
   * @param retentionOf each tenant's retention now
   * @param audit where what the runs do is recorded
   */
  public static DataLifecycle of(LogStore store, ArchiveStore archive, TenantService tenants,
      ApplyRetentionActivity.RetentionOf retentionOf, RetentionAudit audit, java.time.Clock clock) {
    return of(store, archive, tenants, retentionOf, audit, clock, t -> { });
  }

  /**
   * As {@link #of(LogStore, ArchiveStore, TenantService, ApplyRetentionActivity.RetentionOf,
   * RetentionAudit, java.time.Clock)}, telling {@code changed} of each tenant whose stored events
   * left or came back (the query cache's {@link io.tributary.querycache.DataGenerations}).
   */
  public static DataLifecycle of(LogStore store, ArchiveStore archive, TenantService tenants,
      ApplyRetentionActivity.RetentionOf retentionOf, RetentionAudit audit, java.time.Clock clock,
      java.util.function.Consumer<io.tributary.event.TenantId> changed) {
    List<HeldTenants> held = new ArrayList<>();
    if (store instanceof HeldTenants h) {
      held.add(h);
    }
    if (archive instanceof HeldTenants h) {
      held.add(h);
    }
    ArchivalTenantsActivity archivalTenants = new ArchivalTenantsActivity(tenants, held);
    ApplyRetentionActivity applyRetention = new ApplyRetentionActivity(new RetentionService(store, archive),
        retentionOf, audit, changed);
    Map<String, ActivityFunction> activities = new HashMap<>(ArchivalActivities.of(archivalTenants, applyRetention));
    Map<String, TaskOrchestration> orchestrators = new HashMap<>();
    orchestrators.put(ArchivalOrchestrator.NAME, new ArchivalOrchestrator());
    if (archive != null) {
      orchestrators.put(ReplayOrchestrator.NAME, new ReplayOrchestrator());
      activities.putAll(ReplayActivities.of(new io.tributary.replay.ReplayService(store, archive), changed));
    }
    io.tributary.erasure.ErasureService erasures = new io.tributary.erasure.ErasureService(store, archive);
    if (erasures.supported()) {
      orchestrators.put(ErasureOrchestrator.NAME, new ErasureOrchestrator());
      activities.putAll(ErasureActivities.of(erasures, audit, tenants.store(), clock, changed));
    }
    return new DataLifecycle(orchestrators, activities, archivalTenants,
        archive == null ? null : new io.tributary.archive.ArchiveCompaction(archive));
  }

  /**
   * Compacts the archive's ended hours of the last two days for every tenant an archival run
   * reaches (registered, or holding data), until {@code timeUp}; empty without an archive.
   */
  public java.util.Optional<io.tributary.archive.ArchiveCompaction.Result> compactArchive(long nowHour,
      java.util.function.BooleanSupplier timeUp) throws java.io.IOException {
    if (compaction == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(compaction.compactEndedHours(tenants.tenants(), nowHour, false, timeUp));
  }

  /** The orchestrators by name. */
  public Map<String, TaskOrchestration> orchestrators() {
    return orchestrators;
  }

  /** The activities by name. */
  public Map<String, ActivityFunction> activities() {
    return activities;
  }
}
