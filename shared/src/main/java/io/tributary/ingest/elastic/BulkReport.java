package io.tributary.ingest.elastic;

import io.tributary.ingest.FormatReport;
import io.tributary.ingest.Rejection;
import java.util.List;

/**
 * The items of a judged bulk request, in order, as its answer needs them.
 *
 * @param items one per action line
 */
public record BulkReport(List<Item> items) implements FormatReport {

  /**
   * One action and its verdict.
   *
   * @param action {@code index}, {@code create}, {@code update} or {@code delete}, as sent
   * @param index the action's {@code _index}, or null (the route's index applies)
   * @param id the action's {@code _id}, or null
   * @param rejection why it was not kept, or null when it was
   */
  public record Item(String action, String index, String id, Rejection rejection) {
  }
}
