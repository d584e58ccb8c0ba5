package io.tributary.local.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase;
import io.tributary.local.testing.RuntimeFixture;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * loki4j's Logback appender, configured as its users do (labels, structured metadata, a URL and
 * Basic credentials with the token as password), sending to the local runtime; and the check that
 * every line it sent comes back by query. Logback runs in its own context, so the tests' own
 * logging is untouched.
 */
final class Loki4jSender {

  private Loki4jSender() {
  }

  /**
   * Sends {@code lines} through loki4j as service {@code service} on host {@code host}, line
   * {@code i} at {@code base} minus {@code i} seconds (newest first: out of order for Loki),
   * every fourth one at ERROR; returns once the appender has drained.
   */
  static void send(RuntimeFixture fx, boolean protobuf, String service, String host, List<String> lines,
      Instant base) {
    LoggerContext ctx = new LoggerContext();
    ctx.setName("loki4j-test");
    PatternLayout layout = new PatternLayout();
    layout.setContext(ctx);
    layout.setPattern("%msg");
    layout.start();
    Loki4jAppender appender = new Loki4jAppender();
    appender.setContext(ctx);
    appender.setLabels("service_name=" + service + "\nhost=" + host + "\nenv=test");
    appender.setStructuredMetadata("level=%level\nlogger=%logger\n*=%%mdc");
    appender.setMessage(layout);
    PipelineConfigAppenderBase.HttpCfg http = new PipelineConfigAppenderBase.HttpCfg();
    http.setUrl(fx.uri("compat/loki/api/v1/push").toString());
    PipelineConfigAppenderBase.BasicAuth auth = new PipelineConfigAppenderBase.BasicAuth();
    auth.setUsername("loki4j");
    auth.setPassword(fx.token);
    http.setAuth(auth);
    http.setUseProtobufApi(protobuf);
    http.setMaxRetries(0);
    appender.setHttp(http);
    PipelineConfigAppenderBase.BatchCfg batch = new PipelineConfigAppenderBase.BatchCfg();
    batch.setMaxItems(100);
    batch.setTimeoutMs(200);
    batch.setDrainOnStop(true);
    appender.setBatch(batch);
    appender.start();
    ch.qos.logback.classic.Logger logger = ctx.getLogger("io.tributary.loki-test");
    for (int i = 0; i < lines.size(); i++) {
      LoggingEvent e = new LoggingEvent(Loki4jSender.class.getName(), logger, i % 4 == 0 ? Level.ERROR : Level.INFO,
          lines.get(i), null, null);
      e.setTimeStamp(base.minusSeconds(i).toEpochMilli());
      e.setMDCPropertyMap(Map.of("line", Integer.toString(i)));
      appender.doAppend(e);
    }
    appender.stop();
    List<Status> errors = ctx.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getLevel() >= Status.WARN).toList();
    assertEquals(List.of(), errors, "loki4j reports no failed batch");
  }

  /** Every line comes back once, with its service, host, severity, time, message and metadata. */
  static void assertReadBack(RuntimeFixture fx, String service, String host, List<String> lines, Instant base)
      throws Exception {
    fx.awaitProcessed();
    List<JsonNode> events = fx.queryAll(Map.of("services", List.of(service), "order", "oldest",
        "from", base.minusSeconds(lines.size() + 1L).toString(), "to", base.plusSeconds(1).toString()));
    assertEquals(lines.size(), events.size(), "every line comes back once");
    events = events.stream().sorted(Comparator.comparingInt(e -> e.path("attributes").path("line").asInt())).toList();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode e = events.get(i);
      assertEquals(lines.get(i), e.path("message").asText(), "line " + i);
      assertEquals(host, e.path("host").asText());
      assertEquals(i % 4 == 0 ? "ERROR" : "INFO", e.path("severity").asText(), e.toString());
      assertEquals(base.minusSeconds(i).toEpochMilli(), Instant.parse(e.path("timestamp").asText()).toEpochMilli(),
          e.toString());
      assertEquals("test", e.path("attributes").path("env").asText(), e.toString());
      assertEquals("io.tributary.loki-test", e.path("attributes").path("logger").asText(), e.toString());
    }
  }
}
