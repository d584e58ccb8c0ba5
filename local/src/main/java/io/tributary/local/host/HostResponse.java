package io.tributary.local.host;

import java.util.Map;

/** What goes back on the wire: status, headers and body bytes. */
public record HostResponse(int status, Map<String, String> headers, byte[] body) {
}
