package io.tributary.tail;

import io.tributary.config.Setting;
import java.time.Duration;
import java.util.function.Function;

/**
 * Limits of live tails.
 *
 * @param maxStreamsPerTenant live tails one tenant may hold at once; one more is a 429 {@code too_many_tails}
 * @param queueEvents events a tail may have waiting for its reader; one more drops it ({@code slow_reader})
 * @param heartbeat how often a quiet stream sends {@code : heartbeat}
 * @param stallTimeout how long a streaming connection may stay unwritable before its tail is dropped
 * @param window how long one buffered (Azure Functions) tail call collects events before it answers
 * @param maxReplay most events {@code since=} replays from the store before the live events
 */
public record TailSettings(int maxStreamsPerTenant, int queueEvents, Duration heartbeat, Duration stallTimeout,
    Duration window, int maxReplay) {

  public static final Setting MAX_STREAMS = new Setting("TRIBUTARY_TAIL_MAX_STREAMS", "5",
      "live tails (GET /api/logs/tail) one tenant may hold open at once; more answer 429 too_many_tails");
  public static final Setting QUEUE_EVENTS = new Setting("TRIBUTARY_TAIL_QUEUE_EVENTS", "10000",
      "events a live tail may have waiting for a slow reader before it is dropped (event: dropped, slow_reader)");
  public static final Setting HEARTBEAT_MS = new Setting("TRIBUTARY_TAIL_HEARTBEAT_MS", "15000",
      "how often a quiet live tail sends an SSE comment ': heartbeat'");
  public static final Setting STALL_MS = new Setting("TRIBUTARY_TAIL_STALL_MS", "10000",
      "local host: how long a tail's connection may stay unwritable (the client not reading) before it is dropped");
  public static final Setting WINDOW_MS = new Setting("TRIBUTARY_TAIL_WINDOW_MS", "5000",
      "Azure Functions (buffered responses): how long one tail call collects events before it answers; the client"
          + " calls again with Last-Event-ID");
  public static final Setting MAX_REPLAY = new Setting("TRIBUTARY_TAIL_MAX_REPLAY", "10000",
      "most stored events a tail with since= replays before the live events");

  public static final TailSettings DEFAULT = from(k -> null);

  public TailSettings {
    if (maxStreamsPerTenant < 1 || queueEvents < 1 || maxReplay < 0) {
      throw new IllegalArgumentException("tail limits must be positive: " + maxStreamsPerTenant + ", " + queueEvents
          + ", " + maxReplay);
    }
  }

  /** Reads the settings from {@code env} (null for an unset key), defaults for the unset ones. */
  public static TailSettings from(Function<String, String> env) {
    return new TailSettings(
        number(env, MAX_STREAMS),
        number(env, QUEUE_EVENTS),
        Duration.ofMillis(number(env, HEARTBEAT_MS)),
        Duration.ofMillis(number(env, STALL_MS)),
        Duration.ofMillis(number(env, WINDOW_MS)),
        number(env, MAX_REPLAY));
  }

  private static int number(Function<String, String> env, Setting s) {
    String v = env.apply(s.name());
    try {
      return Integer.parseInt(v == null || v.isBlank() ? s.defaultValue() : v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(s.name() + " must be a whole number, not '" + v + "': " + s.doc());
    }
  }
}
