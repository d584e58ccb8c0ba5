package io.tributary.ingest.otlp;

import io.tributary.frame.ByteWriter;
import io.tributary.http.Problem;
import io.tributary.ingest.IngestReceipt;
import io.tributary.ingest.Rejection;
import io.tributary.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OTLP/HTTP's answers, in the encoding of the request (the spec: the response's Content-Type is
 * the request's): on success an {@code ExportLogsServiceResponse}, with {@code partialSuccess}
 * ({@code rejectedLogRecords}, {@code errorMessage}) when ingest rejected records; on failure a
 * {@code google.rpc.Status} ({@code code}, {@code message}) with the HTTP status that tells an
 * exporter whether to retry (429, 502, 503, 504 with Retry-After; every other one is final).
 */
public final class OtlpResponse {

  /** How many rejections the error message names, one by one. */
  private static final int NAMED = 5;

  private OtlpResponse() {
  }

  /** Whether the request was OTLP/JSON (else protobuf): by its Content-Type. */
  public static boolean isJson(String contentType) {
    return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).trim().startsWith("application/json");
  }

  /** The Content-Type of the answer. */
  public static String contentType(boolean json) {
    return json ? "application/json" : "application/x-protobuf";
  }

  /** The answer to an accepted request: an empty response, or {@code partialSuccess} for its rejections. */
  public static byte[] accepted(boolean json, IngestReceipt receipt) {
    if (receipt.rejectedCount() == 0) {
      return json ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
    }
    String message = summary(receipt.accepted() + receipt.rejectedCount(), receipt);
    if (json) {
      Map<String, Object> partial = new LinkedHashMap<>();
      // int64 in OTLP/JSON is a decimal string.
      partial.put("rejectedLogRecords", Long.toString(receipt.rejectedCount()));
      partial.put("errorMessage", message);
      return Json.bytes(Map.of("partialSuccess", partial));
    }
    ByteWriter partial = new ByteWriter(message.length() + 16);
    partial.writeVarLong(1 << 3);
    partial.writeVarLong(receipt.rejectedCount());
    string(partial, 2, message);
    ByteWriter response = new ByteWriter(partial.size() + 8);
    response.writeVarLong(1 << 3 | 2);
    response.writeVarLong(partial.size());
    response.writeBytes(partial.array(), 0, partial.size());
    return response.toByteArray();
  }

  /** The {@code google.rpc.Status} for a refused request; its message is the problem's detail and code. */
  public static byte[] status(boolean json, Problem p) {
    int code = grpcCode(p.status());
    String message = p.code() + ": " + p.detail() + rejected(p);
    if (json) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("code", code);
      s.put("message", message);
      return Json.bytes(s);
    }
    ByteWriter w = new ByteWriter(message.length() + 16);
    w.writeVarLong(1 << 3);
    w.writeVarLong(code);
    string(w, 2, message);
    return w.toByteArray();
  }

  /** "3 of 200 log records rejected: #4 invalid_trace_id (…); …" */
  static String summary(long total, IngestReceipt r) {
    StringBuilder b = new StringBuilder();
    b.append(r.rejectedCount()).append(" of ").append(total).append(" log records rejected (index in the request)");
    int n = 0;
    for (Rejection x : r.rejected()) {
      if (n++ == NAMED) {
        b.append("; …");
        break;
      }
      b.append(n == 1 ? ": " : "; ").append('#').append(x.index()).append(' ').append(x.code()).append(" (")
          .append(x.message()).append(')');
    }
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static String rejected(Problem p) {
    Object list = p.body().get("rejected");
    if (!(list instanceof java.util.List<?> l) || l.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(" — ");
    int n = 0;
    for (Object o : l) {
      if (!(o instanceof Rejection x)) {
        continue;
      }
      if (n++ == NAMED) {
        b.append("; …");
        break;
      }
      b.append(n == 1 ? "" : "; ").append('#').append(x.index()).append(' ').append(x.code()).append(" (")
          .append(x.message()).append(')');
    }
    return b.toString();
  }

  /** gRPC's code for an HTTP status, as the OTLP spec pairs them. */
  static int grpcCode(int httpStatus) {
    switch (httpStatus) {
      case 400: case 413: case 415: return 3; // INVALID_ARGUMENT
      case 401: return 16; // UNAUTHENTICATED
      case 403: return 7; // PERMISSION_DENIED
      case 404: return 5; // NOT_FOUND
      case 429: return 8; // RESOURCE_EXHAUSTED
      case 503: case 502: case 504: return 14; // UNAVAILABLE
      default: return 13; // INTERNAL
    }
  }

  private static void string(ByteWriter w, int field, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    w.writeVarLong(field << 3 | 2);
    w.writeVarLong(b.length);
    w.writeBytes(b, 0, b.length);
  }
}
