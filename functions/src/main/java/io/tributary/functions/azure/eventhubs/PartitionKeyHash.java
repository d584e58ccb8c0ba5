package io.tributary.functions.azure.eventhubs;

import java.nio.charset.StandardCharsets;

/**
 * The partition Event Hubs assigns to a partition key: Bob Jenkins' lookup3 {@code hashlittle2} of
 * the key's UTF-8 bytes (seeds 0, 0), folded to 16 bits ({@code (short) (c ^ b)}), modulo the
 * partition count. This is what the service does and what the SDK's own (internal)
 * {@code PartitionResolver} does for its buffered producer; a test holds this to the SDK's.
 * It lets {@link EventHubsEventLog#partitionFor} name the partition a tenant's frames land on while
 * the frames are still sent by partition key.
 */
final class PartitionKeyHash {

  private PartitionKeyHash() {
  }

  static int partition(String key, int partitions) {
    short h = hash16(key.getBytes(StandardCharsets.UTF_8));
    return Math.abs(h % partitions);
  }

  static short hash16(byte[] k) {
    int length = k.length;
    int a = 0xdeadbeef + length;
    int b = a;
    int c = a;
    int i = 0;
    while (length > 12) {
      a += le(k, i);
      b += le(k, i + 4);
      c += le(k, i + 8);
      // mix(a, b, c)
      a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
      a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
      length -= 12;
      i += 12;
    }
    if (length == 0) {
      return (short) (c ^ b);
    }
    // The last 1-12 bytes, little-endian, into c (bytes 8-11), b (4-7) and a (0-3).
    for (int j = length - 1; j >= 0; j--) {
      int v = (k[i + j] & 0xff) << ((j % 4) * 8);
      if (j >= 8) {
        c += v;
      } else if (j >= 4) {
        b += v;
      } else {
        a += v;
      }
    }
    // final(a, b, c)
    c ^= b; c -= Integer.rotateLeft(b, 14);
    a ^= c; a -= Integer.rotateLeft(c, 11);
    b ^= a; b -= Integer.rotateLeft(a, 25);
    c ^= b; c -= Integer.rotateLeft(b, 16);
    a ^= c; a -= Integer.rotateLeft(c, 4);
    b ^= a; b -= Integer.rotateLeft(a, 14);
    c ^= b; c -= Integer.rotateLeft(b, 24);
    return (short) (c ^ b);
  }

  private static int le(byte[] k, int i) {
    return (k[i] & 0xff) | (k[i + 1] & 0xff) << 8 | (k[i + 2] & 0xff) << 16 | (k[i + 3] & 0xff) << 24;
  }
}
