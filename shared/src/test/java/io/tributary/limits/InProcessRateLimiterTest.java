package io.tributary.limits;

import io.tributary.contract.RateLimiterContract;

class InProcessRateLimiterTest extends RateLimiterContract {

  private final InProcessRateLimiter shared = new InProcessRateLimiter();

  @Override
  protected RateLimiter limiter() {
    return new InProcessRateLimiter();
  }

  @Override
  protected RateLimiter limiter(int i) {
    // One process: its callers share one limiter, which close() would empty for the others.
    return new RateLimiter() {
      @Override
      public RateDecision peek(io.tributary.event.TenantId tenant, TenantLimits limits) {
        return shared.peek(tenant, limits);
      }

      @Override
      public RateDecision take(io.tributary.event.TenantId tenant, TenantLimits limits, long events, long bytes) {
        return shared.take(tenant, limits, events, bytes);
      }

      @Override
      public void close() {
      }
    };
  }
}
