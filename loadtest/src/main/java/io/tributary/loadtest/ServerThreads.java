package io.tributary.loadtest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a server's CPU goes, by role of its threads, from /proc (Linux): each thread's user and
 * system time ({@code /proc/PID/task/TID/stat}) summed by what its name says it does. Unlike a JFR
 * execution sample, it counts native code (inflate, zstd, fsync), the JIT's compiler threads and
 * the collector's. A thread that ended between two readings takes its time with it, so only
 * long-lived pools are compared (all of the roles below are).
 *
 * @param seconds CPU seconds by role, since the thread started
 */
record ServerThreads(Map<String, Double> seconds) {

  private static final double TICKS = 100.0;
  /** The roles, in the order they are printed. */
  static final String[] ROLES = {"ingest", "processing", "compaction", "archive", "jit", "gc", "other"};

  /** The role of a thread by its name (as /proc shows it: the first 15 bytes). */
  static String role(String name) {
    if (name.startsWith("function-") || name.startsWith("epollEventLoop") || name.startsWith("nioEventLoop")
        || name.startsWith("journal-sync")) {
      return "ingest";
    }
    if (name.startsWith("trigger-Process")) {
      return "processing";
    }
    if (name.startsWith("block-compactio")) {
      return "compaction";
    }
    if (name.startsWith("archive-compact")) {
      return "archive";
    }
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return "jit";
    }
    if (name.startsWith("GC Thread") || name.startsWith("VM Thread") || name.startsWith("ParGC")) {
      return "gc";
    }
    return "other";
  }

  static ServerThreads of(long pid) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String r : ROLES) {
      out.put(r, 0.0);
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
          out.merge(role(name), cpu, Double::sum);
        } catch (IOException | RuntimeException e) {
          // The thread ended while being read.
        }
      }
    } catch (IOException e) {
      // The process ended: nothing to add.
    }
    return new ServerThreads(out);
  }

  /** Cores used by each role between {@code before} and this reading, {@code wallSeconds} apart. */
  Map<String, Object> coresSince(ServerThreads before, double wallSeconds) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String r : ROLES) {
      double d = seconds.getOrDefault(r, 0.0) - before.seconds.getOrDefault(r, 0.0);
      out.put(r, Harness.round(Math.max(0, d) / Math.max(1e-9, wallSeconds)));
    }
    return out;
  }
}
