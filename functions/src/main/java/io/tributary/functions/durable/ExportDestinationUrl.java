package io.tributary.functions.durable;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.Problem;
import io.tributary.query.QueryException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * An export job's {@code destination}: {@code {"url": "<blob container SAS URL>"}}, the caller's
 * container the job writes its file into (docs/export.md, "Destination"). Checked when the job is
 * asked for, so that a destination the job could never write to is a 400 saying what to fix, not
 * a job failing later: an absolute URL of an Azure Blob Storage endpoint ({@link #BLOB_SUFFIXES};
 * 127.0.0.1 or localhost only off App Service, for Azurite: the server must not be made to send
 * requests to any other host), HTTPS (HTTP only to loopback), naming a container, with a SAS signature ({@code sig}) that allows writing ({@code sp} has
 * {@code w}), of a container or account ({@code sr} absent or {@code c}), not expired ({@code se}).
 * Never a path on the server: the job writes only through the URL.
 *
 * @param url the URL as given, with its SAS
 */
public record ExportDestinationUrl(String url) {

  /** 400: the destination cannot be written to as given; the message says what to fix. */
  public static final String INVALID = "invalid_destination";

  private static final String EXAMPLE = "https://<account>.blob.core.windows.net/<container>?sv=…&sr=c&sp=cw&se=…&sig=…";

  /** The destination of a job body's {@code destination} value, checked against {@code now} (for {@code se}). */
  public static ExportDestinationUrl parse(JsonNode destination, Instant now) throws QueryException {
    if (destination == null || !destination.isObject()) {
      throw invalid("destination", "destination must be a JSON object {\"url\": \"<blob container SAS URL>\"}, e.g. {\"url\": \""
          + EXAMPLE + "\"}");
    }
    for (Iterator<String> it = destination.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("url")) {
        throw invalid("destination." + f, "destination takes only url (a blob container SAS URL), not " + f);
      }
    }
    JsonNode u = destination.get("url");
    if (u == null || !u.isTextual() || u.asText().isBlank()) {
      throw invalid("destination.url", "destination.url is required: the SAS URL of a blob container, " + EXAMPLE);
    }
    String text = u.asText().trim();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw invalid("destination.url", "destination.url is not a URL (" + e.getReason() + "); give the SAS URL of a"
          + " blob container, " + EXAMPLE);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
    if (!uri.isAbsolute() || host.isEmpty() || !(scheme.equals("https") || scheme.equals("http"))) {
      throw invalid("destination.url", "destination.url must be an https URL of a blob container, not "
          + (scheme.isEmpty() ? "a path" : "a " + scheme + ": URL") + "; the job writes only to blob storage, "
          + EXAMPLE);
    }
    boolean loopback = host.equals("127.0.0.1") || host.equals("localhost");
    if (loopback ? ON_APP_SERVICE : !isBlobEndpoint(host)) {
      // The server writes wherever the URL points: only Azure Blob Storage's endpoints, so that a
      // caller cannot make it send requests to other hosts (its own network, its metadata service).
      throw invalid("destination.url", "destination.url must name an Azure Blob Storage account (<account>"
          + String.join(", <account>", BLOB_SUFFIXES) + "), not " + host
          + (loopback ? " (loopback is taken only by the local runtime, for Azurite)" : ""));
    }
    if (scheme.equals("http") && !loopback) {
      throw invalid("destination.url", "destination.url must use https (http only for 127.0.0.1 or localhost, e.g."
          + " Azurite): the SAS would travel in clear");
    }
    if (uri.getRawPath() == null || uri.getRawPath().replace("/", "").isEmpty()) {
      throw invalid("destination.url", "destination.url names no container: add it to the path, " + EXAMPLE);
    }
    Map<String, String> sas = query(uri.getRawQuery());
    if (!sas.containsKey("sig")) {
      throw invalid("destination.url", "destination.url carries no SAS signature (sig): give a SAS URL of the"
          + " container that allows writing (sp with w), " + EXAMPLE);
    }
    String sp = sas.getOrDefault("sp", "");
    if (sp.indexOf('w') < 0) {
      throw invalid("destination.url", "the SAS in destination.url does not allow writing (sp=" + sp + "): make one"
          + " with write permission, e.g. sp=cw");
    }
    String sr = sas.get("sr");
    if (sr != null && !sr.equals("c")) {
      throw invalid("destination.url", "the SAS in destination.url is for sr=" + sr + ": make a container SAS (sr=c),"
          + " so that the job can create its file in the container");
    }
    String se = sas.get("se");
    if (se != null) {
      Instant expiry = expiry(se);
      if (expiry == null) {
        throw invalid("destination.url", "the SAS in destination.url has an expiry se=" + se + " that is not a time");
      }
      if (!expiry.isAfter(now)) {
        throw invalid("destination.url", "the SAS in destination.url expired at " + expiry + ": make a new one that"
            + " lasts until the job ends");
      }
    }
    return new ExportDestinationUrl(text);
  }

  /** The host names of Azure Blob Storage endpoints (public and sovereign clouds, DNS-zone accounts). */
  static final java.util.List<String> BLOB_SUFFIXES = java.util.List.of(".blob.core.windows.net",
      ".blob.core.usgovcloudapi.net", ".blob.core.chinacloudapi.cn", ".blob.storage.azure.net");

  /** Whether this runs on Azure App Service (a function app), where loopback is the host's own. */
  private static final boolean ON_APP_SERVICE = System.getenv("WEBSITE_INSTANCE_ID") != null;

  private static boolean isBlobEndpoint(String host) {
    for (String suffix : BLOB_SUFFIXES) {
      if (host.endsWith(suffix) && host.length() > suffix.length()) {
        return true;
      }
    }
    return false;
  }

  private static QueryException invalid(String field, String detail) {
    return new QueryException(Problem.of(400, INVALID, detail).with("field", field));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static Instant expiry(String se) {
    try {
      return Instant.parse(se);
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(se).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
