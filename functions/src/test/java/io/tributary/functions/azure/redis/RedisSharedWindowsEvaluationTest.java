package io.tributary.functions.azure.redis;

import io.tributary.alert.AlertWindowStore;
import io.tributary.contract.SharedWindowsEvaluationContract;
import io.tributary.functions.testing.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** Two evaluators, as two instances holding leases of one tenant's partitions, sharing a real redis-server. */
class RedisSharedWindowsEvaluationTest extends SharedWindowsEvaluationContract {

  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  @Override
  protected AlertWindowStore store() {
    return new RedisAlertWindowStore(RedisClient.create(REDIS.host(), REDIS.port()), "tributary:aw:");
  }
}
