package io.tributary.local.durable;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import com.microsoft.durabletask.OrchestrationRunner;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionTerminatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationInstance;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailureDetails;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskScheduledEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerCreatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerFiredEvent;
import io.tributary.functions.durable.ActivityFunction;
import io.tributary.functions.durable.OrchestrationClient;
import io.tributary.functions.durable.OrchestrationState;
import io.tributary.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The local durable engine (docs/orchestrations.md): runs durabletask orchestrators in process,
 * replaying them with durabletask's own {@link OrchestrationRunner} — what the Functions host's Java
 * worker does — while this class does the sidecar's part: each instance's history kept in a
 * {@link HistoryFile} under {@code dir} ({@code <instance>.hist}), activities run on its threads,
 * their completions recorded before the orchestrator sees them.
 *
 * <p>Records: {@link #HISTORY} events the orchestrator has seen, in history order, each episode
 * appended as one batch ending in {@code OrchestratorCompleted} (a batch cut short by a crash is
 * ignored at open); {@link #INBOX} events it has not seen yet ({@code ExecutionStarted},
 * {@code TaskCompleted}, {@code TaskFailed}, {@code TimerFired}, {@code ExecutionTerminated}),
 * consumed by the next episode; {@link #STATUS} the custom status. At start every instance that
 * has not ended is resumed: an activity scheduled without a recorded completion runs again
 * (activities are idempotent), so a crash (SIGKILL) costs at most the activity that was running.
 * Thread-safe.
 */
public final class LocalOrchestrationEngine implements OrchestrationClient, AutoCloseable {

  static final int HISTORY = 1;
  static final int INBOX = 2;
  static final int STATUS = 3;

  private static final Logger LOG = Logger.getLogger(LocalOrchestrationEngine.class.getName());
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
  private static final String SUFFIX = ".hist";

  private final Path dir;
  private final Map<String, TaskOrchestration> orchestrators;
  private final Map<String, ActivityFunction> activities;
  private final Clock clock;
  private final ExecutorService runners;
  private final Map<String, Instance> instances = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** One instance: its file; every read and append of it holds the instance's monitor. */
  private static final class Instance {
    final String id;
    final HistoryFile file;
    /** Whether a runner is driving it (one at a time). */
    boolean driving;

    Instance(String id, HistoryFile file) {
      this.id = id;
      this.file = file;
    }
  }

  /** What an instance's records say. */
  private record View(List<HistoryEvent> history, List<HistoryEvent> inbox, String customStatus) {

    boolean ended() {
      return completed() != null || terminated();
    }

    ExecutionCompletedEvent completed() {
      for (HistoryEvent e : history) {
        if (e.hasExecutionCompleted()) {
          return e.getExecutionCompleted();
        }
      }
      return null;
    }

    boolean terminated() {
      return inbox.stream().anyMatch(HistoryEvent::hasExecutionTerminated)
          || history.stream().anyMatch(HistoryEvent::hasExecutionTerminated);
    }

    ExecutionStartedEvent started() {
      for (HistoryEvent e : history) {
        if (e.hasExecutionStarted()) {
          return e.getExecutionStarted();
        }
      }
      for (HistoryEvent e : inbox) {
        if (e.hasExecutionStarted()) {
          return e.getExecutionStarted();
        }
      }
      return null;
    }

    /** Activities scheduled whose completion is recorded nowhere yet. */
    List<HistoryEvent> pendingTasks() {
      Set<Integer> done = new HashSet<>();
      for (List<HistoryEvent> l : List.of(history, inbox)) {
        for (HistoryEvent e : l) {
          if (e.hasTaskCompleted()) {
            done.add(e.getTaskCompleted().getTaskScheduledId());
          } else if (e.hasTaskFailed()) {
            done.add(e.getTaskFailed().getTaskScheduledId());
          }
        }
      }
      List<HistoryEvent> out = new ArrayList<>();
      for (HistoryEvent e : history) {
        if (e.hasTaskScheduled() && !done.contains(e.getEventId())) {
          out.add(e);
        }
      }
      return out;
    }

    /** Timers created that have not fired. */
    List<HistoryEvent> pendingTimers() {
      Set<Integer> fired = new HashSet<>();
      for (List<HistoryEvent> l : List.of(history, inbox)) {
        for (HistoryEvent e : l) {
          if (e.hasTimerFired()) {
            fired.add(e.getTimerFired().getTimerId());
          }
        }
      }
      List<HistoryEvent> out = new ArrayList<>();
      for (HistoryEvent e : history) {
        if (e.hasTimerCreated() && !fired.contains(e.getEventId())) {
          out.add(e);
        }
      }
      return out;
    }
  }

  /**
   * Opens the engine on {@code dir} and resumes every instance there that has not ended.
   *
   * @param orchestrators the orchestrators by name ({@code NAME})
   * @param activities the activities by name
   * @param threads instances driven at once
   */
  public LocalOrchestrationEngine(Path dir, Map<String, TaskOrchestration> orchestrators,
      Map<String, ActivityFunction> activities, Clock clock, int threads) throws IOException {
    io.tributary.local.files.DurableFiles.createDirectories(dir);
    this.dir = dir;
    this.orchestrators = Map.copyOf(orchestrators);
    this.activities = Map.copyOf(activities);
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.runners = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "orchestration-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try (var files = Files.list(this.dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
        String id = f.getFileName().toString();
        id = id.substring(0, id.length() - SUFFIX.length());
        Instance inst = instance(id, false);
        if (inst != null && !view(inst).ended()) {
          drive(inst);
        }
      }
    }
  }

  private Path fileOf(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not an instance id: " + id);
    }
    return dir.resolve(id + SUFFIX);
  }

  /** The instance, opened when it is not yet; null when it does not exist and {@code create} is false. */
  private Instance instance(String id, boolean create) throws IOException {
    Instance known = instances.get(id);
    if (known != null) {
      return known;
    }
    Path f = fileOf(id);
    synchronized (instances) {
      known = instances.get(id);
      if (known != null) {
        return known;
      }
      if (!create && !Files.exists(f)) {
        return null;
      }
      Instance inst = new Instance(id, HistoryFile.open(f));
      instances.put(id, inst);
      return inst;
    }
  }

  private static View view(Instance inst) throws InvalidProtocolBufferException {
    synchronized (inst) {
      List<HistoryFile.Entry> entries = inst.file.entries();
      int lastCompleted = -1;
      List<HistoryEvent> parsed = new ArrayList<>(entries.size());
      for (int i = 0; i < entries.size(); i++) {
        HistoryFile.Entry e = entries.get(i);
        HistoryEvent h = e.kind() == STATUS ? null : HistoryEvent.parseFrom(e.payload());
        parsed.add(h);
        if (e.kind() == HISTORY && h.hasOrchestratorCompleted()) {
          lastCompleted = i;
        }
      }
      List<HistoryEvent> history = new ArrayList<>();
      List<HistoryEvent> inbox = new ArrayList<>();
      String status = null;
      for (int i = 0; i < entries.size(); i++) {
        HistoryFile.Entry e = entries.get(i);
        if (e.kind() == HISTORY && i <= lastCompleted) {
          history.add(parsed.get(i));
        } else if (e.kind() == INBOX && i > lastCompleted) {
          inbox.add(parsed.get(i));
        } else if (e.kind() == STATUS && i <= lastCompleted) {
          status = new String(e.payload(), StandardCharsets.UTF_8);
        }
      }
      return new View(history, inbox, status);
    }
  }

  private Timestamp now() {
    Instant i = clock.instant();
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private HistoryEvent event(HistoryEvent.Builder b) {
    return b.setTimestamp(now()).build();
  }

  @Override
  public void start(String orchestrator, String instanceId, Object input) throws IOException {
    if (!orchestrators.containsKey(orchestrator)) {
      throw new IllegalArgumentException("no orchestrator " + orchestrator);
    }
    Instance inst = instance(instanceId, true);
    synchronized (inst) {
      if (!inst.file.entries().isEmpty()) {
        return;
      }
      HistoryEvent started = event(HistoryEvent.newBuilder().setEventId(-1).setExecutionStarted(
          ExecutionStartedEvent.newBuilder().setName(orchestrator)
              .setInput(StringValue.of(Json.mapper().writeValueAsString(input)))
              .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(instanceId)
                  .setExecutionId(StringValue.of(instanceId)))));
      inst.file.append(List.of(new HistoryFile.Entry(INBOX, started.toByteArray())));
    }
    drive(inst);
  }

  @Override
  public Optional<OrchestrationState> get(String instanceId) throws IOException {
    Instance inst = instance(instanceId, false);
    if (inst == null) {
      return Optional.empty();
    }
    View v = view(inst);
    ExecutionStartedEvent started = v.started();
    if (started == null) {
      return Optional.empty();
    }
    OrchestrationState.Status status = OrchestrationState.Status.RUNNING;
    String output = null;
    String failure = null;
    ExecutionCompletedEvent done = v.completed();
    if (v.terminated()) {
      status = OrchestrationState.Status.CANCELLED;
    } else if (done != null) {
      if (done.getOrchestrationStatus() == OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED) {
        status = OrchestrationState.Status.COMPLETED;
        output = done.hasResult() ? done.getResult().getValue() : null;
      } else {
        status = OrchestrationState.Status.FAILED;
        failure = done.hasFailureDetails() ? done.getFailureDetails().getErrorType() + ": "
            + done.getFailureDetails().getErrorMessage() : done.getOrchestrationStatus().name();
      }
    }
    return Optional.of(new OrchestrationState(instanceId, started.getName(), status, started.getInput().getValue(),
        output, v.customStatus(), failure));
  }

  @Override
  public Optional<List<String>> instanceIds() throws IOException {
    Set<String> ids = new HashSet<>(instances.keySet());
    try (var files = Files.list(dir)) {
      files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
          .forEach(n -> ids.add(n.substring(0, n.length() - SUFFIX.length())));
    }
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(java.util.Comparator.reverseOrder());
    return Optional.of(sorted);
  }

  @Override
  public boolean terminate(String instanceId, String reason) throws IOException {
    Instance inst = instance(instanceId, false);
    if (inst == null) {
      return false;
    }
    synchronized (inst) {
      if (view(inst).ended()) {
        return false;
      }
      HistoryEvent t = event(HistoryEvent.newBuilder().setEventId(-1).setExecutionTerminated(
          ExecutionTerminatedEvent.newBuilder().setInput(StringValue.of(Json.mapper().writeValueAsString(reason)))));
      inst.file.append(List.of(new HistoryFile.Entry(INBOX, t.toByteArray())));
      return true;
    }
  }

  /** Drives {@code inst} on a runner unless one already is. */
  private void drive(Instance inst) {
    synchronized (inst) {
      if (inst.driving || closed) {
        return;
      }
      inst.driving = true;
    }
    try {
      runners.execute(() -> {
        try {
          run(inst);
        } catch (Throwable e) {
          if (!closed) {
            LOG.log(Level.SEVERE, "orchestration " + inst.id + " stopped; it resumes at the next start", e);
          }
        } finally {
          synchronized (inst) {
            inst.driving = false;
          }
        }
      });
    } catch (RejectedExecutionException e) {
      synchronized (inst) {
        inst.driving = false;
      }
    }
  }

  /** Episodes and activities, one after the other, until the instance ends or the engine closes. */
  private void run(Instance inst) throws Exception {
    while (!closed) {
      View v = view(inst);
      if (v.ended()) {
        return;
      }
      if (!v.inbox().isEmpty()) {
        episode(inst);
        continue;
      }
      List<HistoryEvent> tasks = v.pendingTasks();
      if (!tasks.isEmpty()) {
        for (HistoryEvent task : tasks) {
          runActivity(inst, task);
        }
        continue;
      }
      List<HistoryEvent> timers = v.pendingTimers();
      if (timers.isEmpty()) {
        return; // nothing to wait for (waiting on an external event: not used here)
      }
      for (HistoryEvent timer : timers) {
        Timestamp at = timer.getTimerCreated().getFireAt();
        long waitMillis = Instant.ofEpochSecond(at.getSeconds(), at.getNanos()).toEpochMilli() - clock.millis();
        if (waitMillis > 0) {
          Thread.sleep(waitMillis);
        }
        appendInbox(inst, event(HistoryEvent.newBuilder().setEventId(-1).setTimerFired(
            TimerFiredEvent.newBuilder().setFireAt(at).setTimerId(timer.getEventId()))));
      }
    }
  }

  /** Replays the orchestrator over its history and the inbox, and records what it asks for as one batch. */
  private void episode(Instance inst) throws IOException {
    synchronized (inst) {
      View v = view(inst);
      if (v.ended() || v.inbox().isEmpty() || closed) {
        return;
      }
      ExecutionStartedEvent started = v.started();
      TaskOrchestration orchestration = orchestrators.get(started.getName());
      HistoryEvent begun = event(HistoryEvent.newBuilder().setEventId(-1)
          .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()));
      List<HistoryEvent> fresh = new ArrayList<>();
      fresh.add(begun);
      fresh.addAll(v.inbox());
      OrchestratorRequest request = OrchestratorRequest.newBuilder().setInstanceId(inst.id)
          .setExecutionId(StringValue.of(inst.id)).addAllPastEvents(v.history()).addAllNewEvents(fresh).build();
      OrchestratorResponse response = OrchestratorResponse.parseFrom(
          OrchestrationRunner.loadAndRun(request.toByteArray(), orchestration));
      List<HistoryFile.Entry> batch = new ArrayList<>();
      for (HistoryEvent e : fresh) {
        batch.add(new HistoryFile.Entry(HISTORY, e.toByteArray()));
      }
      for (OrchestratorAction a : response.getActionsList()) {
        HistoryEvent.Builder b = HistoryEvent.newBuilder().setEventId(a.getId());
        if (a.hasScheduleTask()) {
          TaskScheduledEvent.Builder t = TaskScheduledEvent.newBuilder().setName(a.getScheduleTask().getName());
          if (a.getScheduleTask().hasInput()) {
            t.setInput(a.getScheduleTask().getInput());
          }
          b.setTaskScheduled(t);
        } else if (a.hasCreateTimer()) {
          b.setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(a.getCreateTimer().getFireAt()));
        } else if (a.hasCompleteOrchestration()) {
          ExecutionCompletedEvent.Builder c = ExecutionCompletedEvent.newBuilder()
              .setOrchestrationStatus(a.getCompleteOrchestration().getOrchestrationStatus());
          if (a.getCompleteOrchestration().hasResult()) {
            c.setResult(a.getCompleteOrchestration().getResult());
          }
          if (a.getCompleteOrchestration().hasFailureDetails()) {
            c.setFailureDetails(a.getCompleteOrchestration().getFailureDetails());
          }
          b.setEventId(-1).setExecutionCompleted(c);
        } else {
          b.setEventId(-1).setExecutionCompleted(ExecutionCompletedEvent.newBuilder()
              .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_FAILED)
              .setFailureDetails(TaskFailureDetails.newBuilder().setErrorType("UnsupportedAction")
                  .setErrorMessage("the local engine does not run " + a.getOrchestratorActionTypeCase())));
        }
        batch.add(new HistoryFile.Entry(HISTORY, event(b).toByteArray()));
      }
      if (response.hasCustomStatus() && !response.getCustomStatus().getValue().isEmpty()) {
        batch.add(new HistoryFile.Entry(STATUS, response.getCustomStatus().getValue().getBytes(StandardCharsets.UTF_8)));
      }
      batch.add(new HistoryFile.Entry(HISTORY, event(HistoryEvent.newBuilder().setEventId(-1)
          .setOrchestratorCompleted(OrchestratorCompletedEvent.getDefaultInstance())).toByteArray()));
      if (!closed) {
        inst.file.append(batch);
      }
    }
  }

  /** Runs one scheduled activity and records its completion (nothing when the engine closed meanwhile). */
  private void runActivity(Instance inst, HistoryEvent scheduled) throws IOException {
    TaskScheduledEvent t = scheduled.getTaskScheduled();
    ActivityFunction f = activities.get(t.getName());
    HistoryEvent.Builder done = HistoryEvent.newBuilder().setEventId(-1);
    try {
      if (f == null) {
        throw new IllegalStateException("no activity " + t.getName());
      }
      String out = f.run(t.hasInput() ? t.getInput().getValue() : "null");
      TaskCompletedEvent.Builder c = TaskCompletedEvent.newBuilder().setTaskScheduledId(scheduled.getEventId());
      if (out != null) {
        c.setResult(StringValue.of(out));
      }
      done.setTaskCompleted(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // closing: the activity runs again at the next start
    } catch (Exception e) {
      if (closed) {
        return;
      }
      done.setTaskFailed(TaskFailedEvent.newBuilder().setTaskScheduledId(scheduled.getEventId())
          .setFailureDetails(TaskFailureDetails.newBuilder().setErrorType(e.getClass().getName())
              .setErrorMessage(String.valueOf(e.getMessage()))));
    }
    appendInbox(inst, event(done));
  }

  private void appendInbox(Instance inst, HistoryEvent e) throws IOException {
    synchronized (inst) {
      if (closed || view(inst).ended()) {
        return;
      }
      inst.file.append(List.of(new HistoryFile.Entry(INBOX, e.toByteArray())));
    }
  }

  /**
   * Stops: runners are interrupted and nothing more is recorded, as if the process stopped there;
   * what was under way resumes at the next start.
   */
  @Override
  public void close() throws IOException {
    closed = true;
    runners.shutdownNow();
    try {
      runners.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Instance inst : instances.values()) {
      synchronized (inst) {
        inst.file.close();
      }
    }
  }

  /** Waits until {@code instanceId} has ended (for tests and tools); false at the timeout. */
  public boolean awaitEnd(String instanceId, java.time.Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<OrchestrationState> s = get(instanceId);
      if (s.isPresent() && s.get().status() != OrchestrationState.Status.RUNNING) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
