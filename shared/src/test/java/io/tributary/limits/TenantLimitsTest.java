package io.tributary.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.tenancy.Plan;
import org.junit.jupiter.api.Test;

class TenantLimitsTest {

  @Test
  void aTenantGetsOneShardPerHalfMebibyteASecondOfItsByteLimitWithinBounds() {
    assertEquals(1, new TenantLimits(10, 1, 1).shards(), "at least one");
    assertEquals(1, new TenantLimits(10, 512 << 10, 1).shards());
    assertEquals(2, new TenantLimits(10, (512 << 10) + 1, 1).shards(), "a part of a shard's worth is a shard");
    assertEquals(2, Plan.FREE.limits().shards());
    assertEquals(40, Plan.STANDARD.limits().shards());
    assertEquals(400, Plan.ENTERPRISE.limits().shards());
    assertEquals(TenantLimits.MAX_SHARDS, Plan.UNLIMITED.limits().shards(), "at most MAX_SHARDS");
  }
}
