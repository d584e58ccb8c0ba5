package io.tributary.functions.azure.redis;

import io.tributary.alert.AlertWindowStore;
import io.tributary.contract.AlertWindowStoreContract;
import io.tributary.functions.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** The shared alert windows on a real redis-server; each store has its own client, as instances do. */
class RedisAlertWindowStoreTest extends AlertWindowStoreContract {

  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  @Override
  protected AlertWindowStore store() {
    return new RedisAlertWindowStore(RedisClient.create(REDIS.host(), REDIS.port()), "tributary:aw:");
  }

  @Override
  protected void pass(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }
}
