package io.tributary.functions.durable;

import io.tributary.retention.RetentionReport;
import java.util.List;

/**
 * What an archival run did: each tenant's report, and the tenants whose retention failed (tried
 * again by the next day's run, which applies everything still due).
 */
public record ArchivalSummary(String run, String day, List<RetentionReport> reports, List<String> failed) {

  public ArchivalSummary {
    reports = List.copyOf(reports);
    failed = List.copyOf(failed);
  }
}
