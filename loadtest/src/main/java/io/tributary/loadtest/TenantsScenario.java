package io.tributary.loadtest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run tenants --seconds S [--plan free] [--a-factor 3] [--b-factor 1] [--batch 20]}: rate
 * limits are per tenant: on one server whose tenants get {@code --plan} (default free, 1,000
 * events/s), tenant B sends at {@code --b-factor} times its limit (default 1) in four
 * phases: alone; beside a tenant sending exactly at its own limit (the same accepted work as the
 * next phase, without the excess: the anchor); beside tenant A sending {@code --a-factor} times
 * its limit (default 3) and ignoring Retry-After; alone again (the two alone phases show the
 * machine's noise). Reports A's offered and accepted rates against its limit and its 429s, and
 * B's 429s and latency per phase. All loads are paced (latency counts from each request's
 * intended start). The warm-up of each phase (default 12 s) drains A's burst, so the measured
 * window sees its sustained limit.
 */
final class TenantsScenario implements Scenario {

  @Override
  public Map<String, Object> run(Harness h) throws Exception {
    String plan = h.flags.getOrDefault("plan", "free");
    h.flags.put("plan", plan);
    long limit = io.tributary.tenancy.Plan.of(plan).orElseThrow(() -> new IllegalArgumentException("no plan " + plan))
        .limits().eventsPerSecond();
    int batch = h.intFlag("batch", 20);
    double aFactor = Double.parseDouble(h.flags.getOrDefault("a-factor", "3"));
    double bRate = limit * Double.parseDouble(h.flags.getOrDefault("b-factor", "1"));
    Duration warmup = Duration.ofSeconds(h.intFlag("warmup", 12));
    List<RequestBody> bodies = h.bodies(h.corpus(), "ndjson", batch, h.intFlag("bodies", 256));
    try (ServerProcess server = h.startServer("tributary-tenants")) {
      String type = Harness.contentType("ndjson");
      int bConnections = h.intFlag("b-connections", 4);
      int aConnections = h.intFlag("a-connections", 8);
      HttpLoad b = new HttpLoad(server.base, new String[] {Harness.token("tenant-b")}, type, h.encoding(), "");
      HttpLoad atLimit = new HttpLoad(server.base, new String[] {Harness.token("tenant-at-limit")}, type, h.encoding(), "");
      HttpLoad a = new HttpLoad(server.base, new String[] {Harness.token("tenant-a")}, type, h.encoding(), "", false);
      HttpLoad.Result alone = b.run(bodies, bConnections, bRate, warmup, h.seconds());
      HttpLoad.Result[] anchor = beside(h, b, bRate, bConnections, atLimit, limit, aConnections, bodies, warmup);
      HttpLoad.Result[] over = beside(h, b, bRate, bConnections, a, limit * aFactor, aConnections, bodies, warmup);
      HttpLoad.Result after = b.run(bodies, bConnections, bRate, warmup, h.seconds());
      HttpLoad.Result ar = over[1];
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("system", "tributary");
      out.put("plan", plan);
      out.put("limit_events_per_s", limit);
      out.put("batch", batch);
      out.put("seconds", h.seconds().toSeconds());
      out.put("a_offered_events_per_s", Math.round(ar.requests() * batch / ar.seconds()));
      out.put("a_accepted_events_per_s", Math.round(ar.eventsPerSecond()));
      out.put("a_accepted_vs_limit", Harness.round(ar.eventsPerSecond() / limit));
      out.put("a_statuses", ar.statuses());
      out.put("a_refused_before_body", ar.refusedBeforeBody());
      out.put("a_errors", ar.errors());
      out.put("at_limit_accepted_events_per_s", Math.round(anchor[1].eventsPerSecond()));
      out.put("at_limit_statuses", anchor[1].statuses());
      out.put("b_offered_events_per_s", Math.round(over[0].requests() * batch / over[0].seconds()));
      long b429 = 0;
      long bErrors = 0;
      String[] names = {"b_alone", "b_beside_at_limit", "b_beside_a", "b_alone_after"};
      HttpLoad.Result[] phases = {alone, anchor[0], over[0], after};
      for (int i = 0; i < phases.length; i++) {
        out.put(names[i] + "_accepted_events_per_s", Math.round(phases[i].eventsPerSecond()));
        out.put(names[i] + "_statuses", phases[i].statuses());
        out.put(names[i] + "_p50_ms", Harness.round(phases[i].latencyMicros().getValueAtPercentile(50) / 1000.0));
        out.put(names[i] + "_p99_ms", Harness.round(phases[i].latencyMicros().getValueAtPercentile(99) / 1000.0));
        b429 += phases[i].statuses().getOrDefault(429, 0L);
        bErrors += phases[i].errors();
      }
      out.put("b_429", b429);
      out.put("b_errors", bErrors);
      double aRatio = ar.eventsPerSecond() / limit;
      // Measured, then judged: the figures above are printed whatever the verdict. p99 is reported,
      // not judged: on a shared machine its noise is larger than any effect sought.
      long failures = (Math.abs(aRatio - 1) > 0.10 ? 1 : 0) + (b429 > 0 ? 1 : 0)
          + (ar.statuses().getOrDefault(429, 0L) == 0 ? 1 : 0);
      out.put("failures", failures);
      out.put("anchor", Harness.anchor("tenant B beside a tenant sending exactly at its limit, same run",
          Map.of("b_p99_ms", out.get("b_beside_at_limit_p99_ms"),
              "accepted_events_per_s", out.get("at_limit_accepted_events_per_s"))));
      Harness.print(out);
      return out;
    }
  }

  /** B's load and another tenant's, at the same time; {B's result, the other's}. */
  private static HttpLoad.Result[] beside(Harness h, HttpLoad b, double bRate, int bConnections, HttpLoad other, double otherRate,
      int otherConnections, List<RequestBody> bodies, Duration warmup) throws Exception {
    HttpLoad.Result[] result = new HttpLoad.Result[1];
    Exception[] failure = new Exception[1];
    Thread t = new Thread(() -> {
      try {
        result[0] = other.run(bodies, otherConnections, otherRate, warmup, h.seconds());
      } catch (Exception e) {
        failure[0] = e;
      }
    }, "other-tenant");
    t.start();
    HttpLoad.Result mine = b.run(bodies, bConnections, bRate, warmup, h.seconds());
    t.join();
    if (failure[0] != null) {
      throw failure[0];
    }
    return new HttpLoad.Result[] {mine, result[0]};
  }
}
