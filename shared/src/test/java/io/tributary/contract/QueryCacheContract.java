package io.tributary.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.querycache.QueryCache;
import io.tributary.querycache.QueryCacheKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link QueryCache} adapter does. */
public abstract class QueryCacheContract {

  /** A cache of its own for the test; closed by it. */
  protected abstract QueryCache cache() throws Exception;

  /** A tenant no other test (or run, on a shared server) uses. */
  protected static TenantId tenant(String name) {
    return TenantId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  public void keepsAnAnswerAndGivesItBackWhole() throws Exception {
    try (QueryCache c = cache()) {
      TenantId t = tenant("keep");
      QueryCacheKey k = QueryCacheKey.of("query", "{\"q\":\"error\"}");
      assertEquals(Optional.empty(), c.get(t, k));
      byte[] answer = new byte[100_000];
      new java.util.Random(7).nextBytes(answer);
      c.put(t, k, answer, Duration.ofMinutes(1));
      assertArrayEquals(answer, c.get(t, k).orElseThrow());
      c.put(t, k, bytes("newer"), Duration.ofMinutes(1));
      assertArrayEquals(bytes("newer"), c.get(t, k).orElseThrow(), "a put replaces");
    }
  }

  @Test
  public void oneTenantsAnswerIsNeverAnothersUnderTheSameKey() throws Exception {
    try (QueryCache c = cache()) {
      TenantId a = tenant("a");
      TenantId b = tenant("b");
      QueryCacheKey k = QueryCacheKey.of("query", "{}");
      c.put(a, k, bytes("a's events"), Duration.ofMinutes(1));
      assertEquals(Optional.empty(), c.get(b, k));
      c.put(b, k, bytes("b's events"), Duration.ofMinutes(1));
      assertArrayEquals(bytes("a's events"), c.get(a, k).orElseThrow());
      assertArrayEquals(bytes("b's events"), c.get(b, k).orElseThrow());
    }
  }

  @Test
  public void anAnswerIsGoneOnceItsTimeIsUp() throws Exception {
    try (QueryCache c = cache()) {
      TenantId t = tenant("ttl");
      QueryCacheKey k = QueryCacheKey.of("query", "{\"last\":\"15m\"}");
      c.put(t, k, bytes("fresh"), Duration.ofMillis(300));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (c.get(t, k).isPresent()) {
        assertTrue(System.nanoTime() < deadline, "still there 5 s after a 300 ms time to live");
        Thread.sleep(50);
      }
    }
  }

  @Test
  public void keysOfDifferentPartsDiffer() {
    assertNotEquals(QueryCacheKey.of("ab", "c"), QueryCacheKey.of("a", "bc"));
    assertEquals(QueryCacheKey.of("a", "bc"), QueryCacheKey.of("a", "bc"));
  }
}
