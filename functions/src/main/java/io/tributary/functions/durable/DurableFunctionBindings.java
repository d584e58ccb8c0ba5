package io.tributary.functions.durable;

import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationContext;
import io.tributary.json.Json;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the Azure durable functions do with what the Functions host passes them, so that the
 * orchestrators and activities run there exactly as on the local engine (docs/orchestrations.md).
 *
 * <ul>
 *   <li><b>Orchestrator episodes</b>: the worker middleware of durabletask-azure-functions
 *   ({@code OrchestrationMiddleware}) replays the history the host passes with
 *   {@code OrchestrationRunner.loadAndRun(request, ctx -> function(ctx))} and completes the
 *   instance with what the function returns. Our orchestrators complete the instance themselves
 *   ({@code ctx.complete(result)}), and a second completion is refused
 *   ({@code IllegalStateException}); so {@link #orchestrate} hands the orchestrator the same
 *   context but keeps what it completes with, and returns it for the middleware to complete with.
 *   <li><b>Activity calls</b>: the host passes an activity's input as the JSON the orchestrator's
 *   data converter wrote (the worker gives a {@code String} parameter the JSON text as it is), and
 *   serializes the function's return value itself (the worker's Gson: a {@code String} would
 *   become a JSON string, a record Gson's idea of it). So {@link #activity} returns the activity's
 *   JSON as plain maps, lists, strings, numbers and booleans, which serialize to the same JSON
 *   whatever the serializer, and the orchestrator reads back what the activity wrote.
 * </ul>
 */
public final class DurableFunctionBindings {

  private DurableFunctionBindings() {
  }

  /**
   * Runs {@code orchestrator} on {@code ctx} (one episode) and answers what it completed with, or
   * null when it returned without completing (it is waiting for a task, or has no output).
   */
  public static Object orchestrate(TaskOrchestration orchestrator, TaskOrchestrationContext ctx) {
    AtomicReference<Object> output = new AtomicReference<>();
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("complete") && method.getParameterCount() == 1) {
        output.set(args[0]);
        return null;
      }
      return forward(ctx, method, args);
    };
    TaskOrchestrationContext keeping = (TaskOrchestrationContext) Proxy.newProxyInstance(
        TaskOrchestrationContext.class.getClassLoader(), new Class<?>[] {TaskOrchestrationContext.class}, handler);
    orchestrator.run(keeping);
    return output.get();
  }

  private static Object forward(TaskOrchestrationContext ctx, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> args[0] == ctx;
        case "hashCode" -> System.identityHashCode(ctx);
        default -> "orchestration context of " + ctx.getInstanceId();
      };
    }
    try {
      return method.invoke(ctx, args);
    } catch (InvocationTargetException e) {
      // The replay's own signals (OrchestratorBlockedException: wait for a task) pass through as thrown.
      throw e.getCause();
    }
  }

  /**
   * Runs the activity {@code name} of {@code activities} on the input JSON the host passed and answers its output as plain JSON
   * values (maps, lists, strings, numbers, booleans, null) for the worker to serialize.
   *
   * @throws IllegalStateException when this app has no such activity (what it needs is not set up)
   */
  public static Object activity(java.util.Map<String, ActivityFunction> activities, String name, String inputJson)
      throws Exception {
    ActivityFunction activity = activities.get(name);
    if (activity == null) {
      throw new IllegalStateException("this app has no activity " + name + " (what it needs is not set up here)");
    }
    String out = activity.run(inputJson);
    return out == null ? null : Json.mapper().readValue(out, Object.class);
  }
}
