package io.tributary.local.host;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.RetryContext;
import com.microsoft.azure.functions.RpcException;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The invocation context the local host gives each call: a fresh invocation id, a logger, and, for
 * a function with a retry policy, the retry context the Functions host gives (how many deliveries
 * of this batch failed before, and the policy's maximum, -1 for none).
 */
final class LocalExecutionContext implements ExecutionContext {

  private final String functionName;
  private final String invocationId = UUID.randomUUID().toString();
  private final Logger logger;
  private final RetryContext retry;

  LocalExecutionContext(String functionName) {
    this(functionName, null);
  }

  LocalExecutionContext(String functionName, RetryContext retry) {
    this.functionName = functionName;
    this.logger = Logger.getLogger("Function." + functionName);
    this.retry = retry;
  }

  /** A retry context as the host fills it: counts only, no exception of the last attempt. */
  static RetryContext retry(int retryCount, int maxRetryCount) {
    return new RetryContext() {
      @Override
      public int getRetrycount() {
        return retryCount;
      }

      @Override
      public int getMaxretrycount() {
        return maxRetryCount;
      }

      @Override
      public RpcException getException() {
        return null;
      }
    };
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

  @Override
  public RetryContext getRetryContext() {
    return retry;
  }
}
