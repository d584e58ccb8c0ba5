package io.tributary.loadtest;

import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryDeadline;
import io.tributary.query.QueryRequest;
import io.tributary.query.aggregate.AggregateRequest;
import io.tributary.query.aggregate.AggregateService;
import io.tributary.store.LogStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * The query mix of {@code loadtest/run query} against a store opened in this process, no HTTP, one
 * thread: wall and CPU time per question, for profiling a store on data a run kept
 * ({@code --keep-data DIR}). CPU time is what the query thread used, so it is less disturbed by
 * other work on the machine than wall time; bytes allocated are what a query leaves for the
 * garbage collector, whose pauses make a server's p99.
 * <pre>java -cp … io.tributary.loadtest.StoreQueryBench DIR/blocks/store blocks load-0 [repeat]</pre>
 */
public final class StoreQueryBench {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String kind = args[1];
    TenantId tenant = TenantId.of(args[2]);
    int repeat = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    try (LogStore store = kind.equals("lucene") ? new io.tributary.local.lucene.LuceneLogStore(dir)
        : new io.tributary.local.blocks.BlockStore(dir, false)) {
      Map<String, String[]> mix = QueryMix.questions();
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      AggregateService aggregates = new AggregateService(store, Clock.systemUTC());
      String only = args.length > 4 ? args[4] : "";
      for (Map.Entry<String, String[]> q : mix.entrySet()) {
        if (!q.getKey().contains(only)) {
          continue;
        }
        byte[] body = q.getValue()[1].getBytes(StandardCharsets.UTF_8);
        long[] wall = new long[repeat];
        long[] cpu = new long[repeat];
        long[] alloc = new long[repeat];
        com.sun.management.ThreadMXBean amx = (com.sun.management.ThreadMXBean) mx;
        long self = Thread.currentThread().getId();
        long found = 0;
        for (int i = 0; i < repeat + 5; i++) {
          long w0 = System.nanoTime();
          long c0 = mx.getCurrentThreadCpuTime();
          long a0 = amx.getThreadAllocatedBytes(self);
          if (q.getValue()[0].equals(QueryMix.AGGREGATE)) {
            found = aggregates.aggregate(tenant, AggregateRequest.read(body)).total();
          } else {
            LogQuery lq = QueryRequest.read(body).query().withAsOf(Timestamps.ofInstant(java.time.Instant.now()));
            found = store.query(tenant, lq, QueryDeadline.none()).size();
          }
          if (i >= 5) {
            wall[i - 5] = System.nanoTime() - w0;
            cpu[i - 5] = mx.getCurrentThreadCpuTime() - c0;
            alloc[i - 5] = amx.getThreadAllocatedBytes(self) - a0;
          }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        Arrays.sort(alloc);
        System.out.printf("%-34s found %8d  wall p50 %7.2f max %7.2f ms   cpu p50 %7.2f max %7.2f ms   allocated p50 %8.2f MB%n",
            q.getKey(), found, wall[repeat / 2] / 1e6, wall[repeat - 1] / 1e6, cpu[repeat / 2] / 1e6, cpu[repeat - 1] / 1e6,
            alloc[repeat / 2] / 1e6);
      }
    }
  }
}
