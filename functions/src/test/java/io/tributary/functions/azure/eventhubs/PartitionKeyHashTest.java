package io.tributary.functions.azure.eventhubs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tenant → partition mapping must be the one Event Hubs applies to partition keys. The
 * service is not reachable here; the SDK's own resolver (package-private, used by its buffered
 * producer to predict the service) is the reference.
 */
class PartitionKeyHashTest {

  private static String sdkPartition(String key, int partitions) throws Exception {
    Class<?> resolver = Class.forName("com.azure.messaging.eventhubs.PartitionResolver");
    var ctor = resolver.getDeclaredConstructor();
    ctor.setAccessible(true);
    Method m = resolver.getDeclaredMethod("assignForPartitionKey", String.class, String[].class);
    m.setAccessible(true);
    String[] ids = new String[partitions];
    for (int i = 0; i < partitions; i++) {
      ids[i] = String.valueOf(i);
    }
    return (String) m.invoke(ctor.newInstance(), key, ids);
  }

  @Test
  void agreesWithTheSdksPartitionResolverForKeysOfEveryLength() throws Exception {
    Random r = new Random(42);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int n = 0; n < 2000; n++) {
      int len = 1 + (n % 63);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < len; i++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      for (int partitions : new int[] {1, 4, 32, 100}) {
        assertEquals(sdkPartition(b.toString(), partitions), String.valueOf(PartitionKeyHash.partition(b.toString(), partitions)),
            b + " over " + partitions);
      }
    }
  }

  @Test
  void nonAsciiKeysHashTheirUtf8Bytes() throws Exception {
    for (String key : new String[] {"ünïcødé", "日本語のテナント", "x"}) {
      assertEquals(sdkPartition(key, 32), String.valueOf(PartitionKeyHash.partition(key, 32)), key);
    }
  }
}
