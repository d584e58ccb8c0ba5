package io.tributary.functions.azure.cosmos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.archive.ArchiveSegments;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One Cosmos item of the {@code logs} container: up to a few thousand events of one tenant and UTC
 * day, sorted by (time, id), compressed as one zstd NDJSON frame (the archive's segment format) and
 * base64-encoded in {@code ev}, beside the summaries that queries filter on and that alone are
 * indexed: time and ingest-time bounds in milliseconds, and the distinct severities, services,
 * hosts and {@code key=value} attribute pairs of the events inside.
 *
 * <p>The id is a hash of the tenant, the day and the sorted event ids, so packing the same events
 * again (a batch processed twice) names the same item and the upsert replaces it.
 */
record EventBlock(String id, TenantId tenant, String day, List<LogEvent> events) {

  static final String TENANT = "tenantId";
  static final String DAY = "day";
  /** The third level of the partition key: which of the tenant's day's logical partitions holds the item. */
  static final String SHARD = "shard";
  /** Lowest event time in the block, ms since the epoch, rounded down. */
  static final String TIME_MIN = "tMin";
  /** Highest event time in the block, ms since the epoch, rounded down. */
  static final String TIME_MAX = "tMax";
  /** Lowest ingest time in the block, ms, rounded down. */
  static final String INGESTED_MIN = "iMin";
  static final String COUNT = "n";
  static final String SEVERITIES = "sev";
  static final String SERVICES = "svc";
  static final String HOSTS = "host";
  static final String ATTRIBUTES = "attr";
  /** True when some attribute pairs were too long or too many to list in {@code attr}. */
  static final String ATTRIBUTES_PARTIAL = "attrPartial";
  static final String EVENTS = "ev";
  static final String TTL = "ttl";
  /**
   * The W3C {@code traceparent} of the store write that made the item (processing's
   * {@code store.upsert} span), present only when that write was traced: one per item, not per
   * event, so the change-feed functions link their spans to it (docs/observability.md).
   */
  static final String TRACEPARENT = "tp";

  /** Longest {@code key=value} listed in {@code attr}; longer pairs make the list partial. */
  static final int MAX_LISTED_PAIR = 128;
  /** Most attribute pairs listed per block; beyond it the list is partial. */
  static final int MAX_LISTED_PAIRS = 512;

  private static final long NANOS_PER_MS = 1_000_000L;

  static String day(long epochDay) {
    return LocalDate.ofEpochDay(epochDay).toString();
  }

  static EventBlock of(TenantId tenant, long epochDay, List<LogEvent> sortedEvents) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String day = day(epochDay);
    sha.update((tenant.value() + "/" + day).getBytes(StandardCharsets.UTF_8));
    // The ids and their ingest times: the same events packed again give the same item, while a
    // later copy of an id (a retry, a repeat with other content) goes to another item, never
    // over the first write; queries keep the first of the copies.
    TreeSet<String> ids = new TreeSet<>();
    for (LogEvent e : sortedEvents) {
      ids.add(e.id() + "\u0000" + e.ingestedNanos());
    }
    for (String id : ids) {
      sha.update((byte) 0);
      sha.update(id.getBytes(StandardCharsets.UTF_8));
    }
    String id = day + "-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
    return new EventBlock(id, tenant, day, sortedEvents);
  }

  /** The item as Cosmos stores it. */
  /**
   * The item's shard among {@code shards}: from its id, so the same events packed again go to the
   * same logical partition and their upsert replaces the item. Under another shard count (the
   * tenant's limits changed) they may land in another one as a second item, whose copies queries
   * drop as they drop any (first write wins).
   */
  String shard(int shards) {
    // The id is "day-" and a hex hash: its last 8 hex digits pick the shard.
    return String.valueOf(Integer.remainderUnsigned(Integer.parseUnsignedInt(id.substring(id.length() - 8), 16), shards));
  }

  ObjectNode toItem(long ttlSeconds) {
    return toItem(ttlSeconds, "0");
  }

  /** The item, in shard {@code shard} of its tenant's day. */
  ObjectNode toItem(long ttlSeconds, String shard) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("id", id);
    o.put(TENANT, tenant.value());
    o.put(DAY, day);
    o.put(SHARD, shard);
    long tMin = Long.MAX_VALUE;
    long tMax = Long.MIN_VALUE;
    long iMin = Long.MAX_VALUE;
    TreeSet<String> sev = new TreeSet<>();
    TreeSet<String> svc = new TreeSet<>();
    TreeSet<String> host = new TreeSet<>();
    TreeSet<String> attrs = new TreeSet<>();
    boolean partial = false;
    for (LogEvent e : events) {
      tMin = Math.min(tMin, Math.floorDiv(e.timeNanos(), NANOS_PER_MS));
      tMax = Math.max(tMax, Math.floorDiv(e.timeNanos(), NANOS_PER_MS));
      iMin = Math.min(iMin, Math.floorDiv(e.ingestedNanos(), NANOS_PER_MS));
      sev.add(e.severity().name());
      svc.add(e.service());
      host.add(e.host());
      for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
        String pair = a.getKey() + "=" + a.getValue();
        if (pair.length() > MAX_LISTED_PAIR || (attrs.size() >= MAX_LISTED_PAIRS && !attrs.contains(pair))) {
          partial = true;
        } else {
          attrs.add(pair);
        }
      }
    }
    o.put(TIME_MIN, tMin);
    o.put(TIME_MAX, tMax);
    o.put(INGESTED_MIN, iMin);
    o.put(COUNT, events.size());
    array(o.putArray(SEVERITIES), sev);
    array(o.putArray(SERVICES), svc);
    array(o.putArray(HOSTS), host);
    array(o.putArray(ATTRIBUTES), attrs);
    o.put(ATTRIBUTES_PARTIAL, partial);
    o.put(EVENTS, Base64.getEncoder().encodeToString(ArchiveSegments.encode(events)));
    if (ttlSeconds > 0) {
      o.put(TTL, ttlSeconds);
    }
    return o;
  }

  private static void array(ArrayNode a, Iterable<String> values) {
    for (String v : values) {
      a.add(v);
    }
  }

  /** The events of an item read back. */
  static List<LogEvent> events(JsonNode item) throws IOException {
    TenantId tenant = TenantId.of(item.path(TENANT).asText());
    JsonNode ev = item.get(EVENTS);
    if (ev == null || !ev.isTextual()) {
      throw new IOException("item " + item.path("id").asText() + " has no events");
    }
    return new ArrayList<>(ArchiveSegments.decode(tenant, Base64.getDecoder().decode(ev.asText())));
  }

  /** The highest event time an item may hold, in ns (its ms bound, rounded up). */
  static long maxTimeNanos(JsonNode item) {
    long ms = item.path(TIME_MAX).asLong();
    return ms >= Long.MAX_VALUE / NANOS_PER_MS ? Long.MAX_VALUE : (ms + 1) * NANOS_PER_MS - 1;
  }

  /** The lowest event time an item may hold, in ns. */
  static long minTimeNanos(JsonNode item) {
    long ms = item.path(TIME_MIN).asLong();
    return ms <= Long.MIN_VALUE / NANOS_PER_MS ? Long.MIN_VALUE : ms * NANOS_PER_MS;
  }
}
