package io.tributary.limits;

import io.tributary.event.TenantId;
import java.io.IOException;

/**
 * A token bucket per tenant for events and one for bytes, filled at the tenant's sustained rates
 * up to its burst, shared by every instance that serves the tenant. Ingest asks twice, as the log
 * stores that do this well do: {@link #peek} before reading a body (a tenant whose bucket is empty
 * is refused at once, before its bytes cost anything), and {@link #take} after decoding, for the
 * events and bytes actually accepted. A refused {@code take} takes nothing, so the whole request
 * is refused and a retry is safe.
 *
 * <p>A request larger than a full bucket is let through when the bucket is full, leaving it in
 * debt: the tenant then waits until the debt is paid, so its long-run rate still holds, and no
 * request is refused for ever. Implementations are thread-safe and cheap enough to call per
 * request.
 */
public interface RateLimiter extends AutoCloseable {

  /** Whether {@code tenant} has any events and bytes left now; takes nothing. */
  RateDecision peek(TenantId tenant, TenantLimits limits) throws IOException;

  /** Takes {@code events} and {@code bytes} from the tenant's buckets, both or neither. */
  RateDecision take(TenantId tenant, TenantLimits limits, long events, long bytes) throws IOException;

  @Override
  void close() throws IOException;
}
