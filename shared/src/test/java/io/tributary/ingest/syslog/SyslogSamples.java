package io.tributary.ingest.syslog;

import io.tributary.testing.Loghub;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Syslog messages of Loghub lines: OpenSSH's lines are RFC 3164 messages without their PRI (a
 * relay's file), so {@code <38>} (auth.info) before one makes it what sshd sent; RFC 5424 messages
 * carry other systems' lines as MSG, with structured data.
 */
public final class SyslogSamples {

  /** The base time of the RFC 5424 samples. */
  public static final Instant BASE = Instant.parse("2026-11-20T06:55:46.123456Z");

  private SyslogSamples() {
  }

  /** OpenSSH line {@code i} as an RFC 3164 message of facility auth, severity info or (every fifth) warning. */
  public static String rfc3164(int i) {
    return (i % 5 == 0 ? "<36>" : "<38>") + Loghub.lines("OpenSSH").get(i);
  }

  /** Line {@code i} of {@code system} as an RFC 5424 message with structured data. */
  public static String rfc5424(String system, int i) {
    String app = system.toLowerCase(Locale.ROOT);
    int pri = 16 * 8 + (i % 3 == 0 ? 3 : 6);
    return "<" + pri + ">1 " + BASE.plusMillis(i) + " node-" + (i % 4) + ".example.com " + app + " " + (1000 + i)
        + " ID" + (i % 7) + " [origin ip=\"10.0.0." + i + "\" software=\"tributary-test\"][meta@32473 seq=\"" + i
        + "\" note=\"a \\\"quoted\\\" \\] bracket\"] \uFEFF" + Loghub.lines(system).get(i);
  }

  /** Messages newline-separated. */
  public static byte[] lines(List<String> messages) {
    return (String.join("\n", messages) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Messages octet-counted (RFC 6587 3.4.1). */
  public static byte[] octetCounted(List<String> messages) {
    StringBuilder b = new StringBuilder();
    for (String m : messages) {
      b.append(m.getBytes(StandardCharsets.UTF_8).length).append(' ').append(m);
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
