package io.tributary.functions;

import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import io.tributary.functions.durable.DurableTaskOrchestrations;
import io.tributary.functions.durable.OrchestrationClient;
import java.util.Optional;

/**
 * What runs a function's orchestrations: the app's own engine where it has one (the local
 * runtime's embedded engine), else the Durable Functions client the host bound to the function
 * ({@code @DurableClientInput}, in Azure); empty when neither is there — no engine, or a binding
 * the host did not fill (then the job routes answer 503).
 */
final class DurableClients {

  private DurableClients() {
  }

  static Optional<OrchestrationClient> of(FunctionApp app, DurableClientContext durable) {
    if (app.orchestrations().isPresent()) {
      return app.orchestrations();
    }
    if (durable == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new DurableTaskOrchestrations(durable.getClient()));
    } catch (IllegalStateException e) {
      // The binding came without the extension's RPC address: the Durable extension is not running.
      return Optional.empty();
    }
  }
}
