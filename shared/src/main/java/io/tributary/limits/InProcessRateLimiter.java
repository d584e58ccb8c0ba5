package io.tributary.limits;

import io.tributary.event.TenantId;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The {@link RateLimiter} of one process: buckets in memory, refilled from a monotonic clock.
 * Right for the local runtime and for a single instance; several instances that share a tenant's
 * limit need the shared one (Azure Cache for Redis). Thread-safe.
 */
public final class InProcessRateLimiter implements RateLimiter {

  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<TenantId, Buckets> buckets = new ConcurrentHashMap<>();

  public InProcessRateLimiter() {
    this(System::nanoTime);
  }

  /** @param nanoTime a monotonic clock in nanoseconds (tests pass their own) */
  public InProcessRateLimiter(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The two buckets of one tenant; guarded by itself. */
  private static final class Buckets {
    double events;
    double bytes;
    long at;
    TenantLimits limits;
  }

  @Override
  public RateDecision peek(TenantId tenant, TenantLimits limits) {
    return decide(tenant, limits, 0, 0, false);
  }

  @Override
  public RateDecision take(TenantId tenant, TenantLimits limits, long events, long bytes) {
    return decide(tenant, limits, events, bytes, true);
  }

  private RateDecision decide(TenantId tenant, TenantLimits limits, long events, long bytes, boolean take) {
    long now = nanoTime.getAsLong();
    Buckets b = buckets.computeIfAbsent(tenant, t -> {
      Buckets x = new Buckets();
      x.events = limits.eventBurst();
      x.bytes = limits.byteBurst();
      x.at = now;
      x.limits = limits;
      return x;
    });
    synchronized (b) {
      double seconds = Math.max(0, now - b.at) / 1e9;
      b.events = Math.min(limits.eventBurst(), b.events + seconds * limits.eventsPerSecond());
      b.bytes = Math.min(limits.byteBurst(), b.bytes + seconds * limits.bytesPerSecond());
      b.at = Math.max(b.at, now);
      b.limits = limits;
      TokenBucketMath.Outcome o = TokenBucketMath.decide(b.events, b.bytes, limits, events, bytes, take);
      if (o.allowed() && take) {
        b.events -= events;
        b.bytes -= bytes;
      }
      return o.toDecision(limits, b.events, b.bytes);
    }
  }

  @Override
  public void close() {
    buckets.clear();
  }

  /** Tenants with a bucket (for tests). */
  int tenants() {
    return buckets.size();
  }

  static Duration seconds(double s) {
    return Duration.ofNanos((long) Math.ceil(Math.max(0, s) * 1e9));
  }
}
