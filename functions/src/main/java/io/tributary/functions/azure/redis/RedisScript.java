package io.tributary.functions.azure.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A Lua script of this package, read from the class path: loaded into the server once and called
 * by its SHA, and loaded again if the server lost it (a restart, {@code SCRIPT FLUSH}).
 * Thread-safe.
 */
final class RedisScript {

  private final String text;
  private volatile String sha;

  /** @param resource the script's file name, beside this class */
  RedisScript(String resource) {
    try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException(resource + " is missing from the class path", e);
    }
  }

  /** Runs the script on {@code redis}; what the server answered, or what Jedis threw. */
  Object eval(UnifiedJedis redis, List<String> keys, List<String> args) {
    String s = sha;
    if (s == null) {
      s = redis.scriptLoad(text);
      sha = s;
    }
    try {
      return redis.evalsha(s, keys, args);
    } catch (JedisException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
        sha = null;
        return redis.eval(text, keys, args);
      }
      throw e;
    }
  }
}
