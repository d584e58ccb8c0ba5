package io.tributary.local;

import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import io.tributary.frame.FrameCodec;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.azure.AzureAdapters;
import io.tributary.local.host.EventHubTriggerHost;
import io.tributary.local.host.FunctionCatalog;
import io.tributary.local.host.FunctionDefinition;
import io.tributary.local.quarantine.DirectoryQuarantine;
import io.tributary.quarantine.Quarantine;
import io.tributary.quarantine.QuarantineEntry;
import io.tributary.quarantine.QuarantineKey;
import io.tributary.quarantine.QuarantinedFrame;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./tributary quarantine list|replay}: what processing could not store, and sending it
 * through processing again after a fix.
 *
 * <p>{@code list} reads the quarantine (the data dir's folder, or the Blob container when the
 * archive is Blob) and may run beside a running runtime. {@code replay} needs the local runtime
 * stopped (it takes the data dir's lock, as {@code archive compact} does): it re-publishes each
 * frame to its tenant's partition of the event log, removes it from the quarantine once the
 * publish is durable, then runs processing (the same {@code Process} function and
 * {@code BatchProcessor} the runtime runs) until the event log is caught up, and reports which
 * frames were stored and which were quarantined again, under their new offsets. With the Event
 * Hubs event log it only re-publishes: the deployed Process function consumes them.
 *
 * <p>A replayed frame gets new coordinates, so its events are archived in a new segment (the
 * archive records deliveries, as for a client retry); the store keeps each event once by id.
 */
final class QuarantineCommand {

  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

  private QuarantineCommand() {
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length < 2 || !(args[1].equals("list") || args[1].equals("replay"))) {
      err.println("usage: tributary quarantine list [--data DIR] | tributary quarantine replay [--data DIR] ID...|--all");
      return 2;
    }
    Settings s = Main.settings(Main.flags(args, 2));
    if (args[1].equals("list")) {
      return list(s, out);
    }
    List<QuarantineKey> ids = new ArrayList<>();
    boolean all = false;
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--all")) {
        all = true;
      } else if (a.startsWith("--")) {
        if (!a.contains("=")) {
          i++;
        }
      } else {
        try {
          ids.add(QuarantineKey.parse(a));
        } catch (IllegalArgumentException e) {
          err.println(e.getMessage());
          return 2;
        }
      }
    }
    if (all == !ids.isEmpty()) {
      err.println("replay takes the ids to replay (as 'quarantine list' shows them) or --all");
      return 2;
    }
    return replay(s, all ? null : ids, out, err);
  }

  /** The quarantine these settings name, opened for reading only when {@code owner} is false. */
  private static Quarantine open(Settings s, boolean owner) throws Exception {
    if (s.archive().equals("blob")) {
      return new AzureAdapters(s).quarantine();
    }
    return owner ? new DirectoryQuarantine(s.dataDir().resolve("quarantine"))
        : DirectoryQuarantine.reader(s.dataDir().resolve("quarantine"));
  }

  static int list(Settings s, PrintStream out) throws Exception {
    try (Quarantine q = open(s, false)) {
      List<QuarantineEntry> entries = q.list();
      if (entries.isEmpty()) {
        out.println("the quarantine is empty");
        return 0;
      }
      String format = "%-25s %9s %20s %-20s %-17s %-24s %8s %8s  %s%n";
      out.printf(format, "ID", "PARTITION", "OFFSET", "TENANT", "REASON", "QUARANTINED AT", "ATTEMPTS", "EVENTS",
          "MESSAGE");
      long events = 0;
      for (QuarantineEntry e : entries) {
        out.printf(format, e.key().name(), e.key().partition(), e.key().offset(),
            e.tenant() == null ? "?" : e.tenant().value(), e.reason(), e.quarantinedAt(), e.attempts(),
            e.events() < 0 ? "?" : Integer.toString(e.events()), e.message().replace('\n', ' '));
        events += Math.max(0, e.events());
      }
      out.println(entries.size() + " frames, " + events + " events known not stored; replay after a fix: "
          + "./tributary quarantine replay ID... | --all (runtime stopped)");
      return 0;
    }
  }

  /** Replays {@code ids}, or everything when null. */
  static int replay(Settings s, List<QuarantineKey> ids, PrintStream out, PrintStream err) throws Exception {
    Files.createDirectories(s.dataDir());
    try (FileChannel lockChannel = FileChannel.open(s.dataDir().resolve("LOCK"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock held = tryLock(lockChannel)) {
      if (held == null) {
        err.println("a runtime is using " + s.dataDir() + ": stop it first; replay re-publishes the frames to its"
            + " event log and processes them");
        return 1;
      }
      try (FunctionApp app = LocalRuntime.buildApp(s, Keys.load(s.jwtSecret(), s.dataDir(), Keys.JWT),
          Keys.load(s.cursorSecret(), s.dataDir(), Keys.CURSOR))) {
        return replay(app, ids, out, err);
      }
    }
  }

  /** The data dir's lock, or null when a runtime (of this process or another) holds it. */
  private static FileLock tryLock(FileChannel channel) throws java.io.IOException {
    try {
      return channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return null;
    }
  }

  private static int replay(FunctionApp app, List<QuarantineKey> ids, PrintStream out, PrintStream err)
      throws Exception {
    Quarantine q = app.quarantine();
    List<QuarantineKey> keys = ids != null ? ids : q.list().stream().map(QuarantineEntry::key).toList();
    if (keys.isEmpty()) {
      out.println("the quarantine is empty: nothing to replay");
      return 0;
    }
    int failed = 0;
    Map<QuarantineKey, QuarantineKey> moved = new LinkedHashMap<>();
    boolean drain = !app.settings().eventLog().equals("eventhubs");
    for (QuarantineKey key : keys) {
      Optional<QuarantinedFrame> f = q.get(key);
      if (f.isEmpty()) {
        err.println(key.name() + ": not in the quarantine");
        failed++;
        continue;
      }
      TenantId tenant;
      try {
        tenant = FrameCodec.tenantOf(f.get().frame());
      } catch (RuntimeException e) {
        err.println(key.name() + ": its header names no tenant, so it cannot be routed; kept (" + e.getMessage() + ")");
        failed++;
        continue;
      }
      int partition = app.eventLog().partitionFor(tenant);
      // With the runtime stopped nothing else appends here: the frame lands at the partition's end.
      long offset = drain ? app.eventLog().endOffset(partition) : -1;
      app.eventLog().publish(tenant, List.of(f.get().frame())).get(60, TimeUnit.SECONDS);
      q.remove(key);
      if (drain) {
        moved.put(key, new QuarantineKey(partition, offset));
      }
      out.println(key.name() + ": re-published for " + tenant.value() + " to partition " + partition
          + (drain ? " at offset " + offset : ""));
    }
    if (!drain) {
      out.println(keys.size() - failed + " frames re-published; the Process function takes them from the event hub,"
          + " and 'quarantine list' shows any that fail again");
      return failed == 0 ? 0 : 1;
    }
    drain(app);
    Map<QuarantineKey, QuarantineEntry> again = new HashMap<>();
    for (QuarantineEntry e : q.list()) {
      again.put(e.key(), e);
    }
    int stored = 0;
    for (Map.Entry<QuarantineKey, QuarantineKey> m : moved.entrySet()) {
      QuarantineEntry e = again.get(m.getValue());
      if (e == null) {
        stored++;
      } else {
        failed++;
        out.println(m.getKey().name() + ": quarantined again as " + e.key().name() + " (" + e.reason() + ": "
            + e.message() + ")");
      }
    }
    out.println(stored + " of " + keys.size() + " frames replayed and stored");
    return failed == 0 ? 0 : 1;
  }

  /** Runs the Process function over the event log until it is caught up. */
  private static void drain(FunctionApp app) throws Exception {
    List<FunctionDefinition> process = FunctionCatalog.scan(FunctionApp.class).stream()
        .filter(f -> f.name().equals("Process")).toList();
    Map<String, String> appSettings = Map.of(Settings.PROCESS_GROUP.name(), app.settings().processGroup(),
        Settings.EVENTHUB_NAME.name(), app.settings().azure().eventHubName());
    EventHubTriggerHost host = new EventHubTriggerHost(app.eventLog(), process, c -> {
      try {
        return c.getConstructor(FunctionApp.class).newInstance(app);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }, v -> LocalRuntime.resolve(v, appSettings), LocalRuntime.TRIGGER_BATCH_BYTES);
    host.start();
    try {
      long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
      while (app.eventLog().lag(app.settings().processGroup()) > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("processing did not catch up within " + DRAIN_TIMEOUT.toMinutes()
              + " minutes; the frames are in the event log and the runtime processes them when it starts");
        }
        Thread.sleep(50);
      }
    } finally {
      host.close();
    }
  }
}
