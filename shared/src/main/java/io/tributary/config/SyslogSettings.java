package io.tributary.config;

import io.tributary.event.TenantId;

/**
 * The local runtime's syslog listeners (docs/ingest-formats.md): a TCP and a UDP port, each 0 for
 * off (the default), and the tenant whatever arrives on them belongs to. A syslog sender over a
 * bare socket presents no credential, so the tenant is the operator's setting, never anything in
 * the messages.
 *
 * @param tcpPort the TCP listener's port, 0 for none
 * @param udpPort the UDP listener's port, 0 for none
 * @param tenant the tenant of both listeners; null when neither is on
 */
public record SyslogSettings(int tcpPort, int udpPort, TenantId tenant) {

  /** No listener. */
  public static final SyslogSettings OFF = new SyslogSettings(0, 0, null);

  public boolean any() {
    return tcpPort != 0 || udpPort != 0;
  }
}
