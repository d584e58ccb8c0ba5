package io.tributary.ingest.loki;

import io.tributary.http.Problem;
import io.tributary.ingest.IngestReceipt;
import io.tributary.ingest.Rejection;

/**
 * Loki's answers to a push, as its clients read them: 204 with no body when every entry is kept;
 * otherwise a status with a plain-text body, as Loki's distributor writes. Like Loki, a push whose
 * valid entries were kept but some were not answers 400, naming the rejected entries: Loki's
 * clients (Promtail, Alloy, loki4j) never retry a 400, so the kept entries are not sent twice,
 * and the text says what to fix.
 */
public final class LokiResponses {

  /** The status of a push whose every entry was kept. */
  public static final int KEPT = 204;

  private static final int LISTED = 10;

  private LokiResponses() {
  }

  /** 204, or 400 when some entries were rejected (the others kept). */
  public static int status(IngestReceipt receipt) {
    return receipt.rejectedCount() == 0 ? KEPT : 400;
  }

  /** The text of a 400 for a push some of whose entries were rejected; empty for a 204. */
  public static String text(IngestReceipt receipt) {
    if (receipt.rejectedCount() == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    b.append(receipt.rejectedCount()).append(" of ").append(receipt.accepted() + receipt.rejectedCount())
        .append(" entries were rejected; the other ").append(receipt.accepted())
        .append(" are kept (do not send them again):\n");
    int n = 0;
    for (Rejection r : receipt.rejected()) {
      if (n++ == LISTED) {
        b.append("… and ").append(receipt.rejectedCount() - LISTED).append(" more\n");
        break;
      }
      b.append("entry ").append(r.index()).append(": ").append(r.code()).append(": ").append(r.message()).append('\n');
    }
    return b.toString();
  }

  /** The text of a refusal: the reason code, then what to fix (and the first rejected entries, when listed). */
  public static String text(Problem p) {
    StringBuilder b = new StringBuilder(p.code()).append(": ").append(p.detail()).append('\n');
    if (p.extensions().get("rejected") instanceof java.util.List<?> rejected) {
      int n = 0;
      for (Object o : rejected) {
        if (o instanceof Rejection r && n++ < LISTED) {
          b.append("entry ").append(r.index()).append(": ").append(r.code()).append(": ").append(r.message())
              .append('\n');
        }
      }
    }
    return b.toString();
  }
}
