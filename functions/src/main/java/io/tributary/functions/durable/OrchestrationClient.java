package io.tributary.functions.durable;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Starts orchestrations and reads their state: the Durable Functions client in Azure
 * ({@code DurableTaskClient}), the embedded engine locally. Thread-safe.
 */
public interface OrchestrationClient {

  /**
   * Starts {@code orchestrator} as instance {@code instanceId} with {@code input} (serialized as
   * JSON); starting an instance id that exists does nothing. Durable when this returns: the
   * instance runs to its end across restarts.
   */
  void start(String orchestrator, String instanceId, Object input) throws IOException;

  /** The instance's state, or empty when there is no such instance. */
  Optional<OrchestrationState> get(String instanceId) throws IOException;

  /** Stops a running instance (its state becomes cancelled); false when it is not running. */
  boolean terminate(String instanceId, String reason) throws IOException;

  /**
   * The ids of every instance, greatest first (job ids grow with time, so the newest job first), or
   * empty where this client cannot list its instances. Instances of every orchestrator: a caller
   * picks its own by {@link #get}'s name and input.
   */
  default Optional<List<String>> instanceIds() throws IOException {
    return Optional.empty();
  }

  /**
   * The ids of the instances whose id starts with {@code prefix}, greatest first, at most
   * {@code most}; empty where this client cannot list its instances. A client that can search by
   * prefix reads only those (the task hub); the default filters {@link #instanceIds()}.
   */
  default Optional<List<String>> instanceIds(String prefix, int most) throws IOException {
    Optional<List<String>> all = instanceIds();
    return all.map(ids -> ids.stream().filter(id -> id.startsWith(prefix)).limit(Math.max(0, most)).toList());
  }
}
