package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.local.testing.ChildRuntime;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay survives a SIGKILL of the whole local runtime. The archive is made by a runtime on the
 * Lucene store (4,000 HDFS and Android lines, stopped cleanly); a runtime on the same data folder
 * with an empty block store ({@code TRIBUTARY_STORE=blocks}) replays the archive into it and is
 * killed with {@code kill -9} by its PID after the day's events are stored but before the engine
 * records the activity's completion (a test property makes it wait there); a third runtime on the
 * same folder resumes the replay, runs the day again, and the store holds every archived event
 * exactly once — the store's first-write-wins upsert makes the second run add nothing.
 */
class ReplaySigkillTest {

  @TempDir
  Path dir;

  private ChildRuntime start(int n, String store, long dayPauseMillis) throws Exception {
    return ChildRuntime.start(dir, n, Map.of("tributary.test.replay.dayPauseMillis", Long.toString(dayPauseMillis)),
        Map.of("TRIBUTARY_STORE", store));
  }

  @Test
  void aReplayKilledWithSigkillAfterStoringResumesAfterARestartAndTheStoreHoldsEachEventOnce() throws Exception {
    ChildRuntime archiving = start(1, "lucene", 0);
    try {
      archiving.ingestLoghub("HDFS", "Android");
      archiving.awaitStored(4000);
    } finally {
      archiving.stop(); // a clean stop: the archive's open segments are sealed
    }

    ChildRuntime first = start(2, "blocks", 120_000);
    String location;
    try {
      assertEquals(0, first.stored(), "the block store starts empty: only the archive has the events");
      HttpResponse<String> started = first.call("POST", "replays", "{\"from\":\"2000-01-01T00:00:00Z\"}");
      assertEquals(202, started.statusCode(), started.body());
      location = started.headers().firstValue("Location").orElseThrow().substring("/api/".length());
      assertTrue(first.awaitLog("replay day stored", 1), "a day replayed before the kill: " + first.log());
      assertEquals(4000, first.stored(), "the day's events are in the store; its completion is not recorded");
    } finally {
      first.kill9();
    }
    assertEquals(137, first.process().exitValue(), "killed by SIGKILL");

    ChildRuntime second = start(3, "blocks", 10); // a pause of 10 ms: the child says when it replays a day
    try {
      JsonNode done = second.awaitEnded(location);
      assertEquals("completed", done.path("state").asText(), done + "\n" + second.log());
      assertTrue(second.log().contains("replay day stored"), "the day ran again after the restart");
      assertEquals(4000, done.path("result").path("read").asLong(), "every archived event read: " + done);
      assertEquals(0, done.path("result").path("events").asLong(),
          "the run after the restart added nothing: the killed one had stored them all: " + done);
      assertEquals(4000, second.stored(), "every archived event in the store exactly once");
    } finally {
      second.stop();
    }
  }
}
