package io.tributary.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.ingest.loki.LokiLabels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of the shippers' protocols: Loki's label names and the local syslog listeners. */
class ShipperSettingsTest {

  @Test
  void lokiLabelNamesDefaultToGrafanasAndPromtailsAndCanBeListed() {
    assertEquals(LokiLabels.DEFAULT, Settings.from(Map.of()).lokiLabels());
    Settings s = Settings.from(Map.of("TRIBUTARY_LOKI_SERVICE_LABELS", " component , app",
        "TRIBUTARY_LOKI_HOST_LABELS", "node"));
    assertEquals(new LokiLabels(List.of("component", "app"), List.of("node")), s.lokiLabels());
  }

  @Test
  void syslogListenersAreOffByDefaultAndNeedATenantWhenOn() {
    assertFalse(Settings.from(Map.of()).syslog().any());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.from(Map.of("TRIBUTARY_SYSLOG_UDP_PORT", "5514")));
    assertTrue(e.getMessage().contains("TRIBUTARY_SYSLOG_TENANT"), e.getMessage());
    SyslogSettings s = Settings.from(Map.of("TRIBUTARY_SYSLOG_TCP_PORT", "6514", "TRIBUTARY_SYSLOG_TENANT", "acme"))
        .syslog();
    assertEquals(new SyslogSettings(6514, 0, TenantId.of("acme")), s);
    assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("TRIBUTARY_SYSLOG_TCP_PORT", "70000",
        "TRIBUTARY_SYSLOG_TENANT", "acme")));
  }
}
