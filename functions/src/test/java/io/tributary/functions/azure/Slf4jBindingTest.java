package io.tributary.functions.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The Azure SDK logs through SLF4J: in the function app that reaches java.util.logging, which the host collects. */
class Slf4jBindingTest {

  @Test
  void anSdkWarningThroughSlf4jReachesJavaUtilLogging() {
    List<LogRecord> seen = new ArrayList<>();
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("com.azure.cosmos.test");
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        seen.add(r);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    jul.addHandler(h);
    try {
      LoggerFactory.getLogger("com.azure.cosmos.test").warn("throttled: {} retries left", 3);
    } finally {
      jul.removeHandler(h);
    }
    assertEquals(1, seen.size(), "bound: " + LoggerFactory.getILoggerFactory().getClass().getName());
    assertEquals(Level.WARNING, seen.get(0).getLevel());
    assertEquals("throttled: 3 retries left", seen.get(0).getMessage());
  }
}
