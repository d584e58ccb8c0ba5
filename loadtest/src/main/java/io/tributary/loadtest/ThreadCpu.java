package io.tributary.loadtest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The benchmark thread's own CPU time per event over one JMH iteration, printed at its end: on a
 * machine shared with other work, a throughput score counts the time the thread waited for a core;
 * CPU time counts only what it used (core-seconds per million events, docs/capacity.md). Call
 * {@link #start} and {@link #stop} from {@code Level.Iteration} fixtures, which run on the
 * benchmark's thread.
 */
final class ThreadCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final String name;
  private long cpu;
  private long wall;
  private long events;

  ThreadCpu(String name) {
    this.name = name;
  }

  void start(long eventsSoFar) {
    cpu = THREADS.getCurrentThreadCpuTime();
    wall = System.nanoTime();
    events = eventsSoFar;
  }

  void stop(long eventsSoFar) {
    long n = eventsSoFar - events;
    long used = THREADS.getCurrentThreadCpuTime() - cpu;
    long elapsed = System.nanoTime() - wall;
    if (n > 0) {
      System.out.printf("  [cpu] %s: %d events, thread CPU %.3f s of %.3f s wall (%.0f %%): %.2f core-s per million"
          + " events (%.0f events per CPU-second)%n", name, n, used / 1e9, elapsed / 1e9, 100.0 * used / elapsed,
          used / 1e3 / n, n * 1e9 / used);
    }
  }
}
