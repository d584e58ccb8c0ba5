package io.tributary.local.host;

import io.tributary.http.EventStream;
import java.util.Map;

/**
 * What goes back on the wire: status, headers and body bytes, or a stream the host writes as it
 * comes (then {@code body} is empty).
 *
 * @param stream null for a whole body
 */
public record HostResponse(int status, Map<String, String> headers, byte[] body, EventStream stream) {

  public HostResponse(int status, Map<String, String> headers, byte[] body) {
    this(status, headers, body, null);
  }
}
