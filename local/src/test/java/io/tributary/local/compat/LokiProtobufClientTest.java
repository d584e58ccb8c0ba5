package io.tributary.local.compat;

import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * loki4j in protobuf mode (a snappy-compressed PushRequest, its generated messages) sending to the
 * local runtime; every line read back by query. Runs in its own surefire execution, on a class
 * path with the protobuf 4 runtime loki4j's messages need (local/pom.xml).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LokiProtobufClientTest {

  @TempDir
  static Path dir;
  private RuntimeFixture fx;

  @BeforeAll
  void start() throws Exception {
    fx = RuntimeFixture.start(dir);
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  @Test
  void loki4jsProtobufPushIsReadBackByQuery() throws Exception {
    List<String> lines = Loghub.lines("Spark").subList(0, 250);
    // Two years old, newest first: both are refused by a default Loki, both kept here.
    Instant base = Instant.now().minus(java.time.Duration.ofDays(730));
    Loki4jSender.send(fx, true, "spark-loki", "resourcemanager-1", lines, base);
    Loki4jSender.assertReadBack(fx, "spark-loki", "resourcemanager-1", lines, base);
  }
}
