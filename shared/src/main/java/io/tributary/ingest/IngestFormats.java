package io.tributary.ingest;

import io.tributary.frame.PayloadLayout;
import io.tributary.ingest.elastic.ElasticBulkFormat;
import io.tributary.ingest.loki.LokiJsonFormat;
import io.tributary.ingest.loki.LokiProtobufFormat;
import io.tributary.ingest.otlp.OtlpJsonFormat;
import io.tributary.ingest.syslog.SyslogFormat;
import io.tributary.ingest.otlp.OtlpProtobufFormat;


import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of {@link IngestFormat}s: which format reads a request (by its route and
 * Content-Type) and which reads a frame (by the wire id written in it). Checks at construction
 * that no two formats share a wire id, or a media type on one route. Immutable and thread-safe.
 */
public final class IngestFormats {

  /** The route of our own API, {@code POST /api/logs/ingest}. */
  public static final String INGEST_ROUTE = "logs/ingest";

  private static final IngestFormats STANDARD = new IngestFormats(List.of(
      NdjsonFormat.INSTANCE, TextFormat.INSTANCE, JsonFormat.INSTANCE,
      OtlpProtobufFormat.INSTANCE, OtlpJsonFormat.INSTANCE, ElasticBulkFormat.INSTANCE,
      LokiJsonFormat.INSTANCE, LokiProtobufFormat.INSTANCE, SyslogFormat.INSTANCE));

  private final List<IngestFormat> formats;
  private final Map<Integer, IngestFormat> byLayout = new HashMap<>();
  private final Map<String, Map<String, IngestFormat>> byRoute = new LinkedHashMap<>();

  public IngestFormats(List<IngestFormat> formats) {
    this.formats = List.copyOf(formats);
    for (IngestFormat f : this.formats) {
      for (PayloadLayout l : List.of(f.bodyLayout(), f.itemsLayout())) {
        IngestFormat other = byLayout.putIfAbsent(l.code(), f);
        // Formats whose items read alike may share the items wire id (NDJSON and JSON: one object).
        boolean sharedItems = other != null && l.equals(f.itemsLayout()) && l.equals(other.itemsLayout());
        if (other != null && other != f && !sharedItems) {
          throw new IllegalArgumentException("wire id " + l.code() + " is both " + other.name() + "'s and " + f.name()
              + "'s");
        }
      }
      Map<String, IngestFormat> media = byRoute.computeIfAbsent(f.route(), r -> new LinkedHashMap<>());
      for (String m : f.mediaTypes()) {
        IngestFormat other = media.putIfAbsent(m, f);
        if (other != null) {
          throw new IllegalArgumentException(m + " on " + f.route() + " is both " + other.name() + " and " + f.name());
        }
      }
    }
  }

  /** Every format this build reads. */
  public static IngestFormats standard() {
    return STANDARD;
  }

  public List<IngestFormat> all() {
    return formats;
  }

  /** The format for a request to {@code route} with this Content-Type, or empty when none reads it. */
  public Optional<IngestFormat> forRequest(String route, String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    Map<String, IngestFormat> media = byRoute.get(route);
    return media == null ? Optional.empty() : Optional.ofNullable(media.get(mediaType(contentType)));
  }

  /** What {@code route} accepts, for the 415's message: its media types, joined. */
  public String accepted(String route) {
    Map<String, IngestFormat> media = byRoute.getOrDefault(route, Map.of());
    List<String> names = new ArrayList<>(media.keySet());
    if (INGEST_ROUTE.equals(route)) {
      return "application/x-ndjson, application/json or text/plain (charset utf-8)";
    }
    return String.join(" or ", names);
  }

  /** The format whose frames carry {@code layout}, or empty for a wire id no format of this build wrote. */
  public Optional<IngestFormat> forLayout(PayloadLayout layout) {
    return Optional.ofNullable(byLayout.get(layout.code()));
  }

  /** The charset parameter when it names something other than UTF-8 or ASCII, else null. */
  public static String unsupportedCharset(String contentType) {
    int i = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (i < 0) {
      return null;
    }
    String cs = contentType.substring(i + 8).split(";", 2)[0].trim().replace("\"", "");
    String l = cs.toLowerCase(Locale.ROOT);
    return l.equals("utf-8") || l.equals("utf8") || l.equals("us-ascii") ? null : cs;
  }

  /** The media type of a Content-Type value: lower case, without parameters. */
  public static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }
}
