package io.tributary.local.configstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.configstore.ConfigEvent;
import io.tributary.configstore.ConfigStore;
import io.tributary.configstore.NewConfigEvent;
import io.tributary.configstore.VersionConflictException;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.local.files.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * The local {@link ConfigStore}: every event of every stream in one append-only file
 * ({@code config/events.log}) of CRC-checked JSON records, forced to disk before an append
 * returns, and all of it in memory (configuration is small). Appends are serialised, which makes
 * the version check and the write one atomic step. Opening reads the file back; a torn last record
 * (a crash mid-append, never acknowledged) is cut off. After a failed write the file is cut back to
 * its last good record, or, if even that fails, the store refuses appends until it is reopened.
 *
 * <pre>
 * record: length:i32 crc32c:i32 json({stream, version, type, tenant, actor, at, data})
 * </pre>
 */
public final class FileConfigStore implements ConfigStore {

  private static final Logger LOG = Logger.getLogger(FileConfigStore.class.getName());
  private static final int HEADER = 8;
  private static final int MAX_RECORD = 1 << 20;

  private final FileChannel log;
  /** Guarded by this. */
  private final Map<String, List<ConfigEvent>> streams = new HashMap<>();
  /** Guarded by this: every event in the order recorded. */
  private final List<ConfigEvent> all = new ArrayList<>();
  private long end;
  private boolean broken;

  public FileConfigStore(Path dir) throws IOException {
    DurableFiles.createDirectories(dir);
    Path file = dir.resolve("events.log");
    log = Files.exists(file) ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
        : DurableFiles.createAppendable(file);
    load();
  }

  private synchronized void load() throws IOException {
    long size = log.size();
    long pos = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (pos + HEADER <= size) {
      header.clear();
      readFully(header, pos);
      header.flip();
      int len = header.getInt();
      int crc = header.getInt();
      if (len <= 0 || len > MAX_RECORD || pos + HEADER + len > size) {
        break;
      }
      ByteBuffer body = ByteBuffer.allocate(len);
      readFully(body, pos + HEADER);
      if (crc(body.array()) != crc) {
        break;
      }
      remember(fromJson(Json.mapper().readTree(body.array())));
      pos += HEADER + len;
    }
    if (pos != size) {
      LOG.warning("config store: cutting " + (size - pos) + " bytes of a torn last record");
      log.truncate(pos);
      log.force(true);
    }
    end = pos;
  }

  private void remember(ConfigEvent e) {
    streams.computeIfAbsent(e.stream(), k -> new ArrayList<>()).add(e);
    all.add(e);
  }

  @Override
  public synchronized long append(String stream, long expectedVersion, List<NewConfigEvent> events)
      throws IOException, VersionConflictException {
    check(stream);
    if (broken) {
      throw new IOException("the config store could not undo a failed write; restart to recover it from disk");
    }
    long current = streams.getOrDefault(stream, List.of()).size();
    if (current != expectedVersion) {
      throw new VersionConflictException(stream, expectedVersion, current);
    }
    List<ConfigEvent> recorded = new ArrayList<>(events.size());
    List<byte[]> bodies = new ArrayList<>(events.size());
    int total = 0;
    for (NewConfigEvent n : events) {
      ConfigEvent e = new ConfigEvent(stream, current + recorded.size() + 1, n.type(), n.tenant(), n.actor(), n.at(),
          n.data());
      byte[] body = Json.bytes(toJson(e));
      if (body.length > MAX_RECORD) {
        throw new IllegalArgumentException("a configuration event may hold at most " + MAX_RECORD + " bytes");
      }
      recorded.add(e);
      bodies.add(body);
      total += HEADER + body.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(total);
    for (byte[] b : bodies) {
      buf.putInt(b.length).putInt(crc(b)).put(b);
    }
    buf.flip();
    try {
      DurableFiles.writeFully(log, buf, end);
      log.force(false);
    } catch (IOException e) {
      try {
        log.truncate(end);
        log.force(false);
      } catch (IOException undo) {
        broken = true;
        e.addSuppressed(undo);
      }
      throw e;
    }
    end += total;
    recorded.forEach(this::remember);
    return current + recorded.size();
  }

  @Override
  public synchronized List<ConfigEvent> read(String stream) {
    check(stream);
    return List.copyOf(streams.getOrDefault(stream, List.of()));
  }

  @Override
  public synchronized List<String> streams(String prefix) {
    return new TreeMap<>(streams).keySet().stream().filter(s -> s.startsWith(prefix)).toList();
  }

  @Override
  public synchronized List<ConfigEvent> history(TenantId tenant, Instant from, Instant to) {
    List<ConfigEvent> out = new ArrayList<>();
    for (ConfigEvent e : all) {
      if ((tenant == null || tenant.equals(e.tenant())) && !e.at().isBefore(from) && e.at().isBefore(to)) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparing(ConfigEvent::at));
    return out;
  }

  private static void check(String stream) {
    if (!ConfigStore.isValidStream(stream)) {
      throw new IllegalArgumentException("invalid stream name '" + stream + "'");
    }
  }

  static ObjectNode toJson(ConfigEvent e) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("stream", e.stream());
    o.put("version", e.version());
    o.put("type", e.type());
    o.put("tenant", e.tenant() == null ? null : e.tenant().value());
    o.put("actor", e.actor());
    o.put("at", e.at().toString());
    o.set("data", e.data());
    return o;
  }

  static ConfigEvent fromJson(JsonNode o) {
    JsonNode tenant = o.get("tenant");
    return new ConfigEvent(o.path("stream").asText(), o.path("version").asLong(), o.path("type").asText(),
        tenant == null || tenant.isNull() ? null : TenantId.of(tenant.asText()), o.path("actor").asText(null),
        Instant.parse(o.path("at").asText()), o.get("data"));
  }

  private void readFully(ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      if (log.read(b, pos + b.position()) < 0) {
        throw new IOException("config store ends early at " + pos);
      }
    }
  }

  private static int crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b, 0, b.length);
    return (int) c.getValue();
  }

  @Override
  public synchronized void close() throws IOException {
    log.close();
  }
}
