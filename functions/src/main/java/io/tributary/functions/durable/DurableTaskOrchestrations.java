package io.tributary.functions.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.FailureDetails;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationStatusQuery;
import com.microsoft.durabletask.OrchestrationStatusQueryResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@link OrchestrationClient} of the Azure app: the Durable Functions client the host binds to
 * a function ({@code @DurableClientInput}, {@code DurableClientContext.getClient()}), a gRPC client
 * of the Durable extension in the same host, whose task hub keeps the instances in the app's
 * storage account.
 *
 * <p>An orchestrator runs in Azure as the function {@link #functionOf(String) name + "Orchestration"}
 * ({@code ExportOrchestration}, …), since the plain names ({@code Export}, {@code Replay},
 * {@code Erasure}) are HTTP functions already; this client starts instances under the function's
 * name and answers them under the orchestrator's, so callers see the names the local engine uses.
 * States: pending, running, suspended → running; completed; failed; terminated, canceled →
 * cancelled. Listing ({@link #instanceIds(String, int)}) asks the hub for the instances whose id
 * starts with a prefix ({@code queryInstances}, ids only, page after page by continuation token) and
 * keeps the greatest; it cannot list every instance ({@link #instanceIds()} stays empty). Thread-safe
 * as the {@link DurableTaskClient} is.
 */
public final class DurableTaskOrchestrations implements OrchestrationClient {

  /** What an orchestrator's function name adds to its name. */
  public static final String FUNCTION_SUFFIX = "Orchestration";

  private final DurableTaskClient client;

  public DurableTaskOrchestrations(DurableTaskClient client) {
    this.client = client;
  }

  /** The Azure function that runs {@code orchestrator}. */
  public static String functionOf(String orchestrator) {
    return orchestrator + FUNCTION_SUFFIX;
  }

  /** The orchestrator run by function {@code function}: its name without {@link #FUNCTION_SUFFIX}. */
  static String orchestratorOf(String function) {
    return function != null && function.endsWith(FUNCTION_SUFFIX)
        ? function.substring(0, function.length() - FUNCTION_SUFFIX.length()) : function;
  }

  @Override
  public void start(String orchestrator, String instanceId, Object input) throws IOException {
    if (metadata(instanceId, false) != null) {
      return;
    }
    try {
      client.scheduleNewOrchestrationInstance(functionOf(orchestrator),
          new NewOrchestrationInstanceOptions().setInstanceId(instanceId).setInput(input));
    } catch (RuntimeException e) {
      // Started by another caller in between (two timer firings of one day's archival run): done.
      if (metadata(instanceId, false) != null) {
        return;
      }
      throw new IOException("cannot start orchestration " + instanceId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<OrchestrationState> get(String instanceId) throws IOException {
    OrchestrationMetadata m = metadata(instanceId, true);
    if (m == null) {
      return Optional.empty();
    }
    OrchestrationState.Status status = status(m);
    String failure = null;
    if (status == OrchestrationState.Status.FAILED) {
      FailureDetails f = m.getFailureDetails();
      failure = f == null || f.getErrorType() == null || f.getErrorType().isEmpty() ? m.getRuntimeStatus().name()
          : f.getErrorType() + ": " + f.getErrorMessage();
    }
    return Optional.of(new OrchestrationState(m.getInstanceId(), orchestratorOf(m.getName()), status,
        m.getSerializedInput(), status == OrchestrationState.Status.COMPLETED ? m.getSerializedOutput() : null,
        customStatus(m), failure));
  }

  @Override
  public boolean terminate(String instanceId, String reason) throws IOException {
    OrchestrationMetadata m = metadata(instanceId, false);
    if (m == null || status(m) != OrchestrationState.Status.RUNNING) {
      return false;
    }
    try {
      client.terminate(instanceId, reason);
    } catch (RuntimeException e) {
      throw new IOException("cannot terminate orchestration " + instanceId + ": " + e.getMessage(), e);
    }
    return true;
  }

  /**
   * Reads every page of the instances whose id starts with {@code prefix} (pages of {@code most}
   * instances, ids only, no inputs or outputs) and answers the greatest {@code most} ids, greatest
   * first: the hub answers in its own order (the Azure Storage provider's is by id, ascending), so
   * the newest are only known once the last page is read. The prefix names one tenant's jobs, so
   * this reads that tenant's instances, not the hub's.
   */
  @Override
  public Optional<List<String>> instanceIds(String prefix, int most) throws IOException {
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("a prefix is required: the hub is not listed whole");
    }
    int page = Math.max(1, most);
    TreeSet<String> greatest = new TreeSet<>();
    String token = null;
    try {
      do {
        OrchestrationStatusQuery query = new OrchestrationStatusQuery().setInstanceIdPrefix(prefix)
            .setMaxInstanceCount(page).setFetchInputsAndOutputs(false).setContinuationToken(token);
        OrchestrationStatusQueryResult result = client.queryInstances(query);
        for (OrchestrationMetadata m : result.getOrchestrationState()) {
          String id = m.getInstanceId();
          if (id != null && id.startsWith(prefix)) {
            greatest.add(id);
            if (greatest.size() > page) {
              greatest.pollFirst();
            }
          }
        }
        token = result.getContinuationToken();
      } while (token != null && !token.isEmpty());
    } catch (RuntimeException e) {
      throw new IOException("cannot list orchestrations " + prefix + "*: " + e.getMessage(), e);
    }
    List<String> out = new ArrayList<>(greatest);
    out.sort(Comparator.reverseOrder());
    return Optional.of(out.subList(0, Math.min(out.size(), Math.max(0, most))));
  }

  /** The state of an instance as the job API names it. */
  static OrchestrationState.Status status(OrchestrationMetadata m) {
    return switch (m.getRuntimeStatus()) {
      case PENDING, RUNNING, SUSPENDED, CONTINUED_AS_NEW -> OrchestrationState.Status.RUNNING;
      case COMPLETED -> OrchestrationState.Status.COMPLETED;
      case FAILED -> OrchestrationState.Status.FAILED;
      case TERMINATED, CANCELED -> OrchestrationState.Status.CANCELLED;
    };
  }

  /** The custom status as JSON, or null when there is none. */
  private static String customStatus(OrchestrationMetadata m) {
    if (!m.isCustomStatusFetched()) {
      return null;
    }
    JsonNode status = m.readCustomStatusAs(JsonNode.class);
    return status == null || status.isNull() || status.isMissingNode() ? null : status.toString();
  }

  /** The instance's metadata, or null when there is no such instance. */
  private OrchestrationMetadata metadata(String instanceId, boolean withPayloads) throws IOException {
    OrchestrationMetadata m;
    try {
      m = client.getInstanceMetadata(instanceId, withPayloads);
    } catch (RuntimeException e) {
      throw new IOException("cannot read orchestration " + instanceId + ": " + e.getMessage(), e);
    }
    return m == null || !m.isInstanceFound() ? null : m;
  }
}
