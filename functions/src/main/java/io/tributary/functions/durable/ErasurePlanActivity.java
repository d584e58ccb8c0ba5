package io.tributary.functions.durable;

import io.tributary.erasure.ErasureService;
import io.tributary.event.TenantId;
import io.tributary.query.LogQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads what an erasure will go over: the days of the store and the archive in its reach, with their matches. Reads only. */
public final class ErasurePlanActivity {

  public static final String NAME = "ErasurePlan";

  private final ErasureService erasures;

  public ErasurePlanActivity(ErasureService erasures) {
    this.erasures = erasures;
  }

  public ErasurePlan run(ErasureJob job) throws IOException {
    TenantId t = TenantId.of(job.tenant());
    LogQuery q = ErasureActivities.query(job);
    List<DayCount> store = new ArrayList<>();
    for (long day : erasures.storeDays(t, q)) {
      store.add(new DayCount(day, erasures.countStore(t, q, day), 0));
    }
    List<DayCount> archive = new ArrayList<>();
    for (long day : erasures.archiveDays(t, q, job.nowNanos())) {
      io.tributary.erasure.ArchiveErasure c = erasures.countArchive(t, q, day);
      archive.add(new DayCount(day, c.events(), c.segmentsRewritten()));
    }
    return new ErasurePlan(store, archive);
  }
}
