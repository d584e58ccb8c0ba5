package io.tributary.functions;

import io.tributary.auth.Role;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who may call which function, by {@code @FunctionName}: the one table of access rules. Every
 * function of the app is in it (a test fails otherwise), so a new function cannot go out without
 * a decision about who may reach it.
 *
 * <p>The local host reads it to refuse a request before reading its body: a route whose entry
 * needs a token gets 401 without a valid one, 403 without the role, and the connection is closed.
 * The function classes check the same role themselves, since under Azure the Functions host has
 * read the whole body before the function runs. The layout generator refuses to write a function
 * that is not in it, and the OpenAPI document takes each operation's security from it.
 */
public final class RouteAccess {

  private static final Map<String, Access> BY_FUNCTION = Map.ofEntries(
      Map.entry("Health", Access.anyone()),
      Map.entry("OpenApi", Access.anyone()),
      Map.entry("Console", Access.anyone()),
      Map.entry("Ingest", Access.tokenWith(Role.LOGS_WRITE)),
      Map.entry("OtlpLogs", Access.tokenWith(Role.LOGS_WRITE)),
      Map.entry("ElasticBulk", Access.tokenWith(Role.LOGS_WRITE)),
      Map.entry("ElasticIndexBulk", Access.tokenWith(Role.LOGS_WRITE)),
      Map.entry("ElasticInfo", Access.tokenWith(Role.LOGS_WRITE)),
      Map.entry("LokiPush", Access.tokenWith(Role.LOGS_WRITE)),
      Map.entry("Syslog", Access.tokenWith(Role.LOGS_WRITE)),
      Map.entry("Query", Access.tokenWith(Role.LOGS_READ)),
      Map.entry("Aggregate", Access.tokenWith(Role.LOGS_READ)),
      Map.entry("Tail", Access.tokenWith(Role.LOGS_READ)),
      Map.entry("Export", Access.tokenWith(Role.LOGS_EXPORT)),
      Map.entry("ExportJobs", Access.tokenWith(Role.LOGS_EXPORT)),
      Map.entry("ExportJob", Access.tokenWith(Role.LOGS_EXPORT)),
      Map.entry("ExportJobList", Access.tokenWith(Role.LOGS_EXPORT)),
      Map.entry("ExportJobFile", Access.tokenWith(Role.LOGS_EXPORT)),
      Map.entry("Erasures", Access.tokenWith(Role.TENANTS_ADMIN)),
      Map.entry("Erasure", Access.tokenWith(Role.TENANTS_ADMIN)),
      Map.entry("Replays", Access.tokenWith(Role.LOGS_EXPORT)),
      Map.entry("Replay", Access.tokenWith(Role.LOGS_EXPORT)),
      Map.entry("Process", Access.triggerOnly()),
      Map.entry("Index", Access.triggerOnly()),
      Map.entry("Tenants", Access.tokenWith(Role.TENANTS_ADMIN)),
      Map.entry("Tenant", Access.tokenWith(Role.TENANTS_ADMIN)),
      Map.entry("Audit", Access.signedIn()),
      Map.entry("Alerts", Access.tokenWith(Role.LOGS_READ)),
      Map.entry("Alert", Access.tokenWith(Role.LOGS_READ)),
      Map.entry("AlertCreate", Access.tokenWith(Role.ALERTS_MANAGE)),
      Map.entry("AlertChange", Access.tokenWith(Role.ALERTS_MANAGE)),
      Map.entry("AlertHistory", Access.tokenWith(Role.LOGS_READ)),
      Map.entry("AlertEvaluate", Access.triggerOnly()),
      Map.entry("AlertTick", Access.triggerOnly()),
      Map.entry("ArchivalTick", Access.triggerOnly()),
      Map.entry("ArchiveCompaction", Access.triggerOnly()),
      // Durable Functions (Azure): orchestrators and activities, reached by the task hub only.
      Map.entry("ExportOrchestration", Access.triggerOnly()),
      Map.entry("ExportPart", Access.triggerOnly()),
      Map.entry("ExportFinish", Access.triggerOnly()),
      Map.entry("ArchivalOrchestration", Access.triggerOnly()),
      Map.entry("ArchivalTenants", Access.triggerOnly()),
      Map.entry("ApplyRetention", Access.triggerOnly()),
      Map.entry("ReplayOrchestration", Access.triggerOnly()),
      Map.entry("ReplayPlan", Access.triggerOnly()),
      Map.entry("ReplayDay", Access.triggerOnly()),
      Map.entry("ErasureOrchestration", Access.triggerOnly()),
      Map.entry("ErasurePlan", Access.triggerOnly()),
      Map.entry("EraseStoreDay", Access.triggerOnly()),
      Map.entry("EraseArchiveDay", Access.triggerOnly()),
      Map.entry("RecordErasure", Access.triggerOnly()),
      Map.entry("AlertDeliveries", Access.tokenWith(Role.LOGS_READ)));

  private RouteAccess() {
  }

  /**
   * What a caller of {@code function} must present.
   *
   * @throws IllegalArgumentException when the function is not in the table
   */
  public static Access of(String function) {
    Access a = BY_FUNCTION.get(function);
    if (a == null) {
      throw new IllegalArgumentException("function '" + function + "' is not in " + RouteAccess.class.getName()
          + "; add it with the access it needs (anyone, a token with a role, or trigger only)");
    }
    return a;
  }

  /** The whole table, by function name. */
  public static Map<String, Access> all() {
    return new TreeMap<>(BY_FUNCTION);
  }
}
