package io.tributary.local.syslog;

import io.tributary.config.SyslogSettings;
import io.tributary.ingest.IngestService;
import io.tributary.tenancy.TenantDirectory;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * The local runtime's optional syslog listeners (TCP and UDP, off unless their port is set),
 * feeding the syslog ingest format for the tenant the settings name: a bare socket presents no
 * credential, so nothing a sender writes chooses the tenant (docs/ingest-formats.md).
 */
public final class SyslogListeners implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SyslogListeners.class.getName());

  private final SyslogTcpListener tcp;
  private final SyslogUdpListener udp;

  private SyslogListeners(SyslogTcpListener tcp, SyslogUdpListener udp) {
    this.tcp = tcp;
    this.udp = udp;
  }

  /** Starts the listeners {@code s} turns on, bound to {@code host}. */
  public static SyslogListeners start(SyslogSettings s, String host, IngestService ingest, TenantDirectory directory)
      throws IOException {
    SyslogTcpListener tcp = s.tcpPort() == 0 ? null : new SyslogTcpListener(host, s.tcpPort(), ingest, directory,
        s.tenant());
    SyslogUdpListener udp = null;
    try {
      udp = s.udpPort() == 0 ? null : new SyslogUdpListener(host, s.udpPort(), ingest, directory, s.tenant());
    } catch (IOException e) {
      if (tcp != null) {
        try {
          tcp.close();
        } catch (Exception x) {
          e.addSuppressed(x);
        }
      }
      throw e;
    }
    SyslogListeners l = new SyslogListeners(tcp, udp);
    LOG.info("syslog listening for tenant " + s.tenant() + (tcp == null ? "" : " on tcp " + host + ":" + tcp.port())
        + (udp == null ? "" : " on udp " + host + ":" + udp.port()));
    return l;
  }

  /** The TCP listener's port, 0 when off. */
  public int tcpPort() {
    return tcp == null ? 0 : tcp.port();
  }

  /** The UDP listener's port, 0 when off. */
  public int udpPort() throws IOException {
    return udp == null ? 0 : udp.port();
  }

  @Override
  public void close() throws Exception {
    if (tcp != null) {
      tcp.close();
    }
    if (udp != null) {
      udp.close();
    }
  }
}
