package io.tributary.process;

import io.tributary.event.EventIds;
import io.tributary.event.LogEvent;
import io.tributary.idempotency.ClaimOutcome;
import io.tributary.idempotency.ClientIdLedger;
import io.tributary.idempotency.EventContent;
import io.tributary.idempotency.IdClaim;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * First write wins for client-supplied ids: before a batch is stored and archived, each event that
 * carries an id of its client's (any id not in the server's own form, which ingest refuses from
 * clients) claims it in the {@link ClientIdLedger}; an event whose id another delivery holds —
 * a client's retry after a lost 202, with or without a timestamp, or a different event re-using
 * the id — is dropped and counted. Events with server-assigned ids pass without a claim. A frame
 * processed again (after a crash or a failed batch) claims as the same delivery and keeps its
 * events. Thread-safe.
 */
public final class RepeatFilter {

  private static final Logger LOG = Logger.getLogger(RepeatFilter.class.getName());

  private final ClientIdLedger ledger;
  private final LongAdder repeats = new LongAdder();
  private final LongAdder conflicts = new LongAdder();

  public RepeatFilter(ClientIdLedger ledger) {
    this.ledger = ledger;
  }

  /** An event as one delivery carried it: the delivery is the id the server would have given it. */
  public record Delivered(LogEvent event, long ownerHi, long ownerLo) {
  }

  /** The delivery of the {@code seq}-th event of a request whose id base is {@code idHi, idLo}. */
  public static Delivered of(LogEvent e, long idHi, long idLo, int seq) {
    return new Delivered(e, idHi, idLo + (seq & 0xFFFFFFFFL));
  }

  /** True when {@code id} is one a client chose (not one the server assigns). */
  public static boolean isClientId(String id) {
    return id != null && EventIds.decode(id) == null;
  }

  /**
   * Which of {@code events} to keep, by index: all but those whose client id another delivery
   * holds. The claims are durable when this returns.
   */
  public BitSet keep(List<Delivered> events) throws IOException {
    BitSet keep = new BitSet(events.size());
    keep.set(0, events.size());
    List<IdClaim> claims = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Delivered d = events.get(i);
      LogEvent e = d.event();
      if (isClientId(e.id())) {
        claims.add(new IdClaim(e.tenant(), e.id(), d.ownerHi(), d.ownerLo(), EventContent.hash(e)));
        at.add(i);
      }
    }
    if (claims.isEmpty()) {
      return keep;
    }
    List<ClaimOutcome> outcomes = ledger.claim(claims);
    int conflicting = 0;
    for (int k = 0; k < outcomes.size(); k++) {
      ClaimOutcome o = outcomes.get(k);
      if (o.keeps()) {
        continue;
      }
      keep.clear(at.get(k));
      if (o == ClaimOutcome.CONFLICT) {
        conflicts.increment();
        conflicting++;
      } else {
        repeats.increment();
      }
    }
    if (conflicting > 0) {
      IdClaim c = claims.get(0);
      LOG.warning(conflicting + " events of tenant " + c.tenant() + " re-used a client id with other content and"
          + " were dropped (first write wins)");
    }
    return keep;
  }

  /** Client retries dropped since start (same id, same content, another delivery). */
  public long repeats() {
    return repeats.sum();
  }

  /** Events dropped since start because their client id was taken by an event with other content. */
  public long conflicts() {
    return conflicts.sum();
  }
}
