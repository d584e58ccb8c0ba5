package io.tributary.local.host;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.UUID;
import java.util.logging.Logger;

/** The invocation context the local host gives each call: a fresh invocation id and a logger. */
final class LocalExecutionContext implements ExecutionContext {

  private final String functionName;
  private final String invocationId = UUID.randomUUID().toString();
  private final Logger logger;

  LocalExecutionContext(String functionName) {
    this.functionName = functionName;
    this.logger = Logger.getLogger("Function." + functionName);
  }

  @Override
  public Logger getLogger() {
    return logger;
  }

  @Override
  public String getInvocationId() {
    return invocationId;
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }
}
