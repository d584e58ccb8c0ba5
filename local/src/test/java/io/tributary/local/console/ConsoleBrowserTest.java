package io.tributary.local.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.io.File;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real headless Chromium (Debian's {@code chromium}, driven by puppeteer-core from
 * {@code console/test/browser.mjs}) against a runtime holding the 2,000 HDFS lines of
 * the Loghub sample: sign in with a local session, open a range, run a query, see rows and
 * histogram bars, see a bad query refused at its column, open an event, filter for a value, zoom
 * by dragging, go back, follow a live tail (pause, resume, stop) while events are ingested, open the
 * patterns view (rows, counts, sparklines, "new") and pick a pattern, create an alert from the
 * query (a bad webhook refused first), see it fire and its deliveries as matching lines are
 * ingested, edit it, delete it, run an export job to completion, dark mode. Every count the browser shows
 * is checked against the API's.
 *
 * <p>Without chromium the test is skipped with a message, unless {@code TRIBUTARY_REQUIRE_CHROMIUM=1}
 * or {@code CI=true} (as {@code .ci/run}), where it fails. Screenshots go to
 * {@code target/console-screenshots}; with {@code -Dscreenshots.write=true} also to {@code docs/console/}.
 */
class ConsoleBrowserTest {

  private static final String FROM = "2008-11-09T20:00:00Z";
  private static final String TO = "2008-11-11T12:00:00Z";
  /** The patterns view opens on the later part of the sample, so some of its patterns occurred before it and some not. */
  private static final String PATTERNS_FROM = "2008-11-10T10:00:00Z";
  private static final String ALERT_Q = "PacketResponder terminating";
  /**
   * Three PacketResponder lines of the HDFS sample without their date and time, so they are stored
   * at the time of ingest: ingested while the browser shows an alert rule of at least 3 in 1m, they
   * make it fire.
   */
  private static final List<String> ALERT_LINES = Loghub.lines("HDFS").stream()
      .filter(l -> l.contains("PacketResponder") && l.endsWith("terminating")).limit(3)
      .map(l -> l.split(" ", 3)[2]).toList();
  /** Two Zookeeper lines of the Loghub sample, ingested while the browser follows a tail of service:zookeeper. */
  private static final List<String> TAIL_LINES = Loghub.lines("Zookeeper").subList(0, 2);
  private static final Path CONSOLE = Path.of("..", "console").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @Test
  void aUserSearchesFiltersZoomsTailsSeesPatternsManagesAnAlertAndExports() throws Exception {
    Path chromium = chromium();
    assertTrue(Files.isDirectory(CONSOLE.resolve("node_modules").resolve("puppeteer-core")),
        "puppeteer-core is not installed in " + CONSOLE + "; the build installs it (mvn -pl functions -am package)");
    Path shots = Path.of("target", "console-screenshots").toAbsolutePath();
    try (RuntimeFixture rt = RuntimeFixture.start(dir.resolve("data"))) {
      byte[] hdfs = String.join("\n", Loghub.lines("HDFS")).getBytes(StandardCharsets.UTF_8);
      assertEquals(202, rt.ingest("text/plain", hdfs, "service=hdfs").statusCode());
      rt.awaitProcessed();

      JsonNode seen = drive(rt, chromium, shots);

      assertEquals("Tributary", seen.get("title").asText());
      assertEquals("acme", seen.get("tenantShown").asText(), "the tenant is shown");
      assertTrue(seen.get("tokenInSessionStorage").asBoolean(), "the token is kept for the tab");
      assertFalse(seen.get("tokenInLocalStorage").asBoolean(), "nothing is kept beyond the tab");
      assertEquals(total(rt, Map.of()), shownCount(seen.get("rangeStatus")));

      JsonNode query = seen.get("query");
      String q = "PacketResponder terminating";
      long matching = total(rt, Map.of("q", q));
      assertEquals(matching, shownCount(query.get("status")));
      assertEquals(Math.min(100, matching), query.get("rows").asLong(), "the first page of rows (loaded)");
      query.get("rowMessages").forEach(m -> assertTrue(m.asText().contains("PacketResponder"), m.asText()));
      assertTrue(query.get("bars").asInt() > 0, "histogram bars are drawn");
      System.out.println("console: rows of the first page shown " + query.get("renderMs")
          + " ms after the answer arrived (performance.measure in the page)");
      assertTrue(query.get("url").asText().contains("q=PacketResponder+terminating"), query.toString());

      JsonNode bad = seen.get("badQuery");
      JsonNode problem = problem(rt, "(PacketResponder");
      assertEquals("invalid_query: " + problem.get("detail").asText(), bad.get("error").asText());
      assertEquals("true", bad.get("invalid").asText());
      assertEquals(problem.get("column").asInt() - 1, bad.get("caret").asText().indexOf('^'), "the caret is at the column");

      assertEquals(total(rt, Map.of("q", "\"Got exception while serving\"")), shownCount(seen.get("exceptions").get("status")));
      List<String> fields = new ArrayList<>();
      seen.get("expanded").forEach(f -> fields.add(f.asText()));
      assertTrue(fields.containsAll(List.of("timestamp", "severity", "service", "message", "attributes.component")),
          fields.toString());

      JsonNode filtered = seen.get("filtered");
      assertEquals("\"Got exception while serving\" component:\"dfs.DataNode$DataXceiver\"", filtered.get("q").asText());
      assertEquals(total(rt, Map.of("q", filtered.get("q").asText())), shownCount(filtered.get("status")));

      JsonNode zoom = seen.get("zoom");
      Instant from = Instant.parse(zoom.get("after").get("from").asText());
      Instant to = Instant.parse(zoom.get("after").get("to").asText());
      assertTrue(from.isAfter(Instant.parse(FROM)) && to.isBefore(Instant.parse(TO)) && from.isBefore(to), zoom.toString());
      assertEquals(total(rt, Map.of("from", from.toString(), "to", to.toString())), shownCount(zoom.get("status")));
      assertEquals(zoom.get("before"), seen.get("back"), "Back returns to the range before the zoom");

      checkScroll(rt, seen.get("scroll"));
      JsonNode complete = seen.get("complete");
      assertTrue(complete.get("fieldOptions").toString().contains("\"service:\""), complete.toString());
      assertEquals("true", complete.get("expanded").asText(), "aria-expanded while completions show");
      assertEquals("service:", complete.get("afterTab").asText(), "Tab accepts the first field name");
      assertTrue(complete.get("valueOptions").toString().contains("\"hdfs\""), "values seen for the field: " + complete);
      assertEquals("hdfs", complete.get("active").asText(), "aria-activedescendant names the highlighted value");
      assertEquals("service:hdfs ", complete.get("afterEnter").asText(), "Enter accepts the highlighted value");
      assertEquals("false", complete.get("closed").asText());
      assertTrue(complete.get("attributeOptions").toString().contains("\"component:\""),
          "attribute names of the results: " + complete);
      assertEquals("false", complete.get("afterEscape").get("expanded").asText(), "Esc closes the list");
      assertEquals("service:hdfs comp", complete.get("afterEscape").get("value").asText(), "Esc changes nothing typed");
      assertEquals(total(rt, Map.of("q", "service:hdfs")), shownCount(complete.get("status")));

      JsonNode tail = seen.get("tail");
      assertEquals("true", tail.get("pressed").asText());
      assertEquals(1, tail.get("first").size(), tail.toString());
      assertTrue(TAIL_LINES.get(0).endsWith(tail.get("first").get(0).asText()), tail.toString());
      assertTrue(tail.get("rate").asText().matches("[0-9]+\\.[0-9] events/s") && !tail.get("rate").asText().startsWith("0.0"),
          tail.toString());
      assertEquals(tail.get("first"), tail.get("whilePaused"), "a paused tail shows nothing new");
      assertEquals(2, tail.get("resumed").size(), tail.toString());
      assertTrue(TAIL_LINES.get(1).endsWith(tail.get("resumed").get(0).asText()), "newest first: " + tail);
      assertEquals("false", tail.get("stopped").asText());

      checkPatterns(rt, seen.get("patterns"), seen.get("patternPicked"));
      checkAlerts(rt, seen.get("alerts"));
      checkAlertKinds(seen.get("kinds"));
      checkExport(rt, seen.get("export"));

      assertEquals("rgb(21, 23, 27)", seen.get("darkBackground").asText(), "dark mode follows prefers-color-scheme");
      assertEquals(0, seen.get("problems").size(), seen.get("problems").toString());
    }
    for (String name : List.of("sign-in", "discover", "query-error", "event", "zoomed", "scrolled", "completion", "tail",
        "patterns", "alerts", "alert-kinds", "exports", "discover-dark", "patterns-dark")) {
      assertTrue(Files.size(shots.resolve(name + ".png")) > 1000, name);
    }
    if ("true".equals(System.getProperty("screenshots.write"))) {
      Path docs = Path.of("..", "docs", "console").toAbsolutePath().normalize();
      Files.createDirectories(docs);
      try (Stream<Path> s = Files.list(shots)) {
        for (Path p : s.toList()) {
          Files.copy(p, docs.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private JsonNode drive(RuntimeFixture rt, Path chromium, Path shots) throws Exception {
    Path out = dir.resolve("browser.out");
    Path err = dir.resolve("browser.err");
    ProcessBuilder pb = new ProcessBuilder("node", "test/browser.mjs", "--url", "http://127.0.0.1:" + rt.runtime.port(),
        "--tenant", "acme", "--from", FROM, "--to", TO, "--patterns-from", PATTERNS_FROM, "--shots", shots.toString(), "--chromium", chromium.toString())
        .directory(CONSOLE.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("TRIBUTARY_INGEST_TOKEN", rt.token);
    pb.environment().put("TRIBUTARY_TAIL_LINES", new String(Json.bytes(TAIL_LINES), StandardCharsets.UTF_8));
    pb.environment().put("TRIBUTARY_ALERT_LINES", new String(Json.bytes(ALERT_LINES), StandardCharsets.UTF_8));
    Process p = pb.start();
    if (!p.waitFor(4, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("the browser test did not end within 4 minutes: " + Files.readString(err));
    }
    assertEquals(0, p.exitValue(), Files.readString(err));
    return Json.mapper().readTree(Files.readString(out));
  }

  /** The count the console's status line shows ("2,000 events match"). */
  private static long shownCount(JsonNode status) {
    String s = status.asText();
    assertTrue(s.endsWith(" events match"), s);
    return Long.parseLong(s.substring(0, s.indexOf(' ')).replace(",", ""));
  }

  /**
   * The patterns view shows the API's top templates of its range, in its order, with its counts, a
   * sparkline each, and "new" exactly on those with no event in the week before the range; picking
   * one shows Discover filtered to it.
   */
  private static void checkPatterns(RuntimeFixture rt, JsonNode shown, JsonNode picked) throws Exception {
    assertEquals("Patterns", shown.get("current").asText());
    JsonNode api = aggregate(rt, Map.of("from", PATTERNS_FROM, "groupBy", List.of("pattern"), "top", 20));
    JsonNode rows = shown.get("rows");
    assertEquals(api.get("groups").size(), rows.size(), shown.toString());
    assertTrue(rows.size() > 1, "several patterns: " + shown);
    int fresh = 0;
    Instant start = Instant.parse(PATTERNS_FROM);
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      JsonNode group = api.get("groups").get(i);
      String id = group.get("key").get("pattern").asText();
      assertEquals(id, row.get("id").asText(), "the API's order, largest first");
      assertEquals(group.get("count").asLong(), row.get("count").asLong(), id);
      assertEquals(group.get("template").asText(), row.get("template").asText(), id);
      assertTrue(row.get("sparkPoints").asInt() > 1, "a sparkline over the range's buckets: " + row);
      long before = total(rt, Map.of("q", "pattern:" + id, "from", start.minus(java.time.Duration.ofDays(7)).toString(),
          "to", start.minusMillis(1).toString()));
      assertEquals(before == 0, row.get("isNew").asBoolean(), "new exactly when not seen in the week before: " + row);
      fresh += before == 0 ? 1 : 0;
    }
    System.out.println("console: patterns view shows " + rows.size() + " patterns, " + fresh + " of them new");
    assertTrue(fresh > 0 && fresh < rows.size(), "the range has patterns seen before it and new ones: " + shown);
    String first = rows.get(0).get("id").asText();
    assertEquals("Discover", picked.get("current").asText());
    assertEquals("pattern:" + first, picked.get("q").asText());
    assertEquals(total(rt, Map.of("q", "pattern:" + first, "from", PATTERNS_FROM)), shownCount(picked.get("status")));
    assertEquals(rows.get(0).get("count").asLong(), shownCount(picked.get("status")), "the pattern's count");
  }

  /** The alert created from the query is stored as the form said, listed, opened, then deleted (404 after). */
  private static void checkAlerts(RuntimeFixture rt, JsonNode alerts) throws Exception {
    JsonNode refused = alerts.get("refused");
    assertTrue(refused.get("error").asText().startsWith("invalid_notify: ") && refused.get("error").asText().contains("http"),
        refused.toString());
    assertEquals(alerts.get("before").asInt(), refused.get("rows").asInt(), "nothing created when refused");
    assertEquals("", alerts.get("errorAfter").asText(), "the refusal is gone once the rule is created");
    JsonNode stored = alerts.get("stored");
    assertEquals(200, stored.get("status").asInt(), stored.toString());
    JsonNode rule = stored.get("body");
    assertEquals("packet responders", rule.get("name").asText());
    assertEquals(ALERT_Q, rule.get("query").get("q").asText(), "the query of the view");
    assertEquals("threshold", rule.get("condition").get("type").asText());
    assertEquals(3, rule.get("condition").get("count").asInt());
    assertEquals("1m", rule.get("condition").get("window").asText());
    assertEquals("http://127.0.0.1:9/hook", rule.get("notify").get(0).get("url").asText());
    String id = rule.get("id").asText();
    assertTrue(alerts.get("listed").toString().contains(id), alerts.toString());
    assertEquals(alerts.get("before").asInt() + 1, alerts.get("listed").size());
    assertEquals("true", alerts.get("expanded").asText());
    JsonNode history = alerts.get("historyApi");
    assertEquals(200, history.get("events").get("status").asInt());
    assertEquals(200, history.get("deliveries").get("status").asInt());
    // The API read after the page's rows: every row shown is one of its records (newer ones may have come since).
    JsonNode firings = history.get("events").get("body").get("events");
    JsonNode deliveries = history.get("deliveries").get("body").get("deliveries");
    assertTrue(alerts.get("firings").size() >= 1 && alerts.get("deliveries").size() >= 1, alerts.toString());
    boolean fired = false;
    for (JsonNode shown : alerts.get("firings")) {
      String row = shown.get("text").asText();
      JsonNode f = record(firings, shown.get("at").asText());
      assertTrue(row.contains(f.get("state").asText()) && row.contains(f.get("count").asInt() + " / " + f.get("threshold").asInt()),
          row + " vs " + f);
      if ("firing".equals(f.get("state").asText())) {
        fired = true;
        assertTrue(f.get("count").asInt() >= 3 && f.get("threshold").asInt() == 3, f.toString());
      }
    }
    assertTrue(fired, "the rule fired on the lines ingested: " + alerts.get("firings"));
    for (JsonNode shown : alerts.get("deliveries")) {
      String row = shown.get("text").asText();
      JsonNode d = record(deliveries, shown.get("at").asText());
      assertTrue(row.contains(d.get("target").asText()) && row.contains("attempt " + d.get("attempt").asInt())
          && row.contains(d.get("outcome").asText()), row + " vs " + d);
    }
    JsonNode form = alerts.get("editForm");
    assertEquals("packet responders", form.get("name").asText(), "the form holds the rule: " + form);
    assertEquals("3", form.get("count").asText());
    assertEquals("1m", form.get("window").asText());
    assertEquals("http://127.0.0.1:9/hook", form.get("url").asText());
    JsonNode edited = alerts.get("edited");
    JsonNode now = edited.get("api").get("body");
    assertEquals(200, edited.get("api").get("status").asInt(), edited.toString());
    assertEquals(5, now.get("condition").get("count").asInt(), now.toString());
    assertEquals("5m", now.get("condition").get("window").asText());
    assertEquals(rule.get("version").asInt() + 1, now.get("version").asInt(), "one change, at the version shown");
    assertEquals(ALERT_Q, now.get("query").get("q").asText(), "the rest of the rule as it was");
    assertEquals("http://127.0.0.1:9/hook", now.get("notify").get(0).get("url").asText());
    assertEquals("Saved “packet responders”.", edited.get("said").asText());
    JsonNode after = alerts.get("afterDelete");
    assertEquals(404, after.get("api").get("status").asInt(), after.toString());
    assertEquals(alerts.get("before").asInt(), after.get("rows").asInt());
    assertEquals("Deleted “packet responders”.", after.get("said").asText());
    HttpResponse<String> list = rt.send(HttpRequest.newBuilder(rt.uri("alerts")).GET()
        .header("Authorization", "Bearer " + rt.token));
    assertFalse(list.body().contains(id), list.body());
  }

  /**
   * The form's fields follow the condition type, and each rule is stored by the API as the form
   * said: a rate change (factor, direction, baseline, baseline count), a new pattern (no count, a
   * group), an absence (fewer than); the rate change edited keeps the rest.
   */
  private static void checkAlertKinds(JsonNode kinds) {
    String rateFields = kinds.get("rateFields").toString();
    assertTrue(rateFields.contains("Rate going") && rateFields.contains("by a factor of")
        && rateFields.contains("against the last") && !rateFields.contains("At least"), rateFields);
    JsonNode rate = kinds.get("rate").get("api").get("body").get("condition");
    assertEquals("rateChange", rate.get("type").asText(), kinds.toString());
    assertEquals(4.0, rate.get("factor").asDouble());
    assertEquals("both", rate.get("direction").asText());
    assertEquals("1h", rate.get("baseline").asText());
    assertEquals(5, rate.get("count").asInt());
    assertEquals("1m", rate.get("window").asText());
    assertEquals(ALERT_Q, kinds.get("rate").get("api").get("body").get("query").get("q").asText(), "from the current query");
    assertEquals("rate ×4 up or down in 1m vs 1h", kinds.get("rate").get("what").asText().replace("PacketResponder terminating", "").trim());

    String patternFields = kinds.get("newPatternFields").toString();
    assertTrue(patternFields.contains("after learning for") && !patternFields.contains("At least")
        && !patternFields.contains("Fewer than"), patternFields);
    JsonNode pattern = kinds.get("newPattern").get("api").get("body").get("condition");
    assertEquals("newPattern", pattern.get("type").asText(), kinds.toString());
    assertFalse(pattern.has("count"), "a new pattern has no count: " + pattern);
    assertEquals("5m", pattern.get("window").asText());
    assertEquals("service", pattern.get("groupBy").asText());

    assertTrue(kinds.get("absenceFields").toString().contains("Fewer than"), kinds.get("absenceFields").toString());
    JsonNode absence = kinds.get("absence").get("api").get("body").get("condition");
    assertEquals("absence", absence.get("type").asText(), kinds.toString());
    assertEquals(2, absence.get("count").asInt());
    assertEquals("15m", absence.get("window").asText());
    assertFalse(absence.has("groupBy"), absence.toString());

    JsonNode form = kinds.get("editForm");
    assertEquals(List.of("rateChange", "4", "both", "1h", "5", "1m"), List.of(form.get("type").asText(),
        form.get("factor").asText(), form.get("direction").asText(), form.get("baseline").asText(),
        form.get("count").asText(), form.get("window").asText()), "the form holds the rule");
    JsonNode edited = kinds.get("edited").get("api").get("body");
    assertEquals(5.0, edited.get("condition").get("factor").asDouble(), edited.toString());
    assertEquals(kinds.get("rate").get("api").get("body").get("version").asLong() + 1, edited.get("version").asLong());
    assertEquals("both", edited.get("condition").get("direction").asText());
    assertEquals("1h", edited.get("condition").get("baseline").asText());
    assertEquals(ALERT_Q, edited.get("query").get("q").asText());
  }

  /**
   * Scrolling the whole range's results: pages are added as the end comes near, only the rows in
   * view (and a margin) are in the DOM, in order, and the row at the top of the view is the API's
   * event at that position.
   */
  private static void checkScroll(RuntimeFixture rt, JsonNode scroll) throws Exception {
    assertEquals("", scroll.get("q").asText(), scroll.toString());
    assertEquals(100, scroll.get("loadedAtStart").asInt(), "the first page");
    assertTrue(scroll.get("renderedAtStart").asInt() < 100, "only the rows in view: " + scroll);
    int loaded = scroll.get("loaded").asInt();
    assertTrue(loaded >= 400 && loaded % 100 == 0, "pages added while scrolling: " + scroll);
    int rendered = scroll.get("rendered").asInt();
    assertTrue(rendered < 100, "the DOM holds a screenful, not every loaded row: " + scroll);
    JsonNode positions = scroll.get("positions");
    for (int i = 1; i < positions.size(); i++) {
      assertEquals(positions.get(i - 1).asInt() + 1, positions.get(i).asInt(), "consecutive rows: " + positions);
    }
    JsonNode inView = scroll.get("inView");
    int pos = inView.get("pos").asInt();
    assertTrue(pos > 100, "scrolled past the first page: " + scroll);
    HttpResponse<String> r = rt.send(HttpRequest.newBuilder(rt.uri("logs/query"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(Map.of("from", FROM, "to", TO, "limit", pos))))
        .header("Authorization", "Bearer " + rt.token).header("Content-Type", "application/json"));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode event = Json.mapper().readTree(r.body()).get("events").get(pos - 1);
    assertEquals(event.get("timestamp").asText(), inView.get("time").asText(), "the API's event " + pos + ": " + event);
    assertEquals(event.get("message").asText(), inView.get("message").asText());
    assertEquals(1, scroll.get("backAtTop").get("pos").asInt(), "back at the top, the first row again");
  }

  /** The export job of the query completes at 100 %, and its file holds every match, one per line. */
  private static void checkExport(RuntimeFixture rt, JsonNode export) throws Exception {
    assertTrue(List.of("running", "completed").contains(export.get("firstState").asText()), export.toString());
    assertEquals(100, export.get("progress").get("value").asInt(), export.toString());
    assertEquals("Export progress", export.get("progress").get("label").asText());
    long matching = total(rt, Map.of("q", ALERT_Q));
    assertTrue(export.get("result").asText().contains(String.format(java.util.Locale.ROOT, "%,d events", matching)),
        export.toString());
    String id = export.get("id").asText();
    HttpResponse<String> status = rt.send(HttpRequest.newBuilder(rt.uri("exports/" + id)).GET()
        .header("Authorization", "Bearer " + rt.token));
    JsonNode result = Json.mapper().readTree(status.body()).get("result");
    Path file = Path.of(java.net.URI.create(result.get("url").asText()));
    List<String> lines = Files.readAllLines(file);
    assertEquals(matching, lines.size(), file.toString());
    lines.forEach(l -> assertTrue(l.contains("PacketResponder") && l.contains("terminating"), l));
    // Downloaded through the browser (GET /api/exports/{id}/file with the token): the job's file.
    JsonNode downloaded = export.get("file");
    assertEquals("tributary-acme-" + id + ".ndjson", downloaded.get("name").asText(), export.toString());
    assertEquals("Saved tributary-acme-" + id + ".ndjson", export.get("saved").asText());
    assertEquals(lines.get(0), downloaded.get("firstLine").asText(), "the file's first line");
    assertEquals(matching, downloaded.get("lines").asLong());
    // The list of recent jobs: the API's own list, newest first, this job in it as completed.
    HttpResponse<String> listed = rt.send(HttpRequest.newBuilder(rt.uri("exports")).GET()
        .header("Authorization", "Bearer " + rt.token));
    List<String> apiIds = new ArrayList<>();
    Json.mapper().readTree(listed.body()).get("jobs").forEach(j -> apiIds.add(j.get("id").asText()));
    List<String> shownIds = new ArrayList<>();
    export.get("listed").forEach(j -> shownIds.add(j.get("id").asText()));
    assertEquals(apiIds, shownIds, export.toString());
    assertEquals(id, shownIds.get(0), "the newest job first");
    assertEquals("completed", export.get("listed").get(0).get("state").asText());
  }

  /** The record of {@code records} at the time a row shows (its {@code <time datetime>}). */
  private static JsonNode record(JsonNode records, String at) {
    for (JsonNode r : records) {
      if (r.get("at").asText().equals(at)) {
        return r;
      }
    }
    return fail("no record of the API at " + at + ": " + records);
  }

  private static JsonNode aggregate(RuntimeFixture rt, Map<String, Object> body) throws Exception {
    Map<String, Object> all = new LinkedHashMap<>(Map.of("from", FROM, "to", TO));
    all.putAll(body);
    HttpResponse<String> r = rt.send(HttpRequest.newBuilder(rt.uri("logs/aggregate"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(all)))
        .header("Authorization", "Bearer " + rt.token).header("Content-Type", "application/json"));
    assertEquals(200, r.statusCode(), r.body());
    return Json.mapper().readTree(r.body());
  }

  /** How many events the API says match, in the test's range unless {@code filters} gives one. */
  private static long total(RuntimeFixture rt, Map<String, Object> filters) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>(Map.of("from", FROM, "to", TO));
    body.putAll(filters);
    HttpResponse<String> r = rt.send(HttpRequest.newBuilder(rt.uri("logs/aggregate"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
        .header("Authorization", "Bearer " + rt.token).header("Content-Type", "application/json"));
    assertEquals(200, r.statusCode(), r.body());
    return Json.mapper().readTree(r.body()).get("total").asLong();
  }

  private static JsonNode problem(RuntimeFixture rt, String q) throws Exception {
    HttpResponse<String> r = rt.query(new String(Json.bytes(Map.of("q", q, "from", FROM, "to", TO)), StandardCharsets.UTF_8));
    assertEquals(400, r.statusCode(), r.body());
    return Json.mapper().readTree(r.body());
  }

  /** Debian's chromium, or TRIBUTARY_CHROMIUM; skips without it, or fails where it is required. */
  private static Path chromium() {
    Optional<Path> found = Optional.ofNullable(System.getenv("TRIBUTARY_CHROMIUM")).map(Path::of)
        .or(() -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .flatMap(d -> Stream.of("chromium", "chromium-browser").map(n -> Path.of(d, n)))
            .filter(Files::isExecutable).findFirst());
    if (found.isPresent() && Files.isExecutable(found.get())) {
      return found.get();
    }
    String why = "no chromium to drive: install Debian's (apt-get install -y chromium) or set TRIBUTARY_CHROMIUM";
    if ("1".equals(System.getenv("TRIBUTARY_REQUIRE_CHROMIUM")) || "true".equals(System.getenv("CI"))) {
      fail(why + " (required here: TRIBUTARY_REQUIRE_CHROMIUM=1 or CI=true)");
    }
    return Assumptions.abort(why);
  }
}
