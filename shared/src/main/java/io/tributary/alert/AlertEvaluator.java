package io.tributary.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.process.StoredEventsListener;
import io.tributary.query.LogFilter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates alert rules on the write path: told of every stored batch ({@link #stored}, after the
 * store write, before the checkpoint), it counts each rule's matches — decided by the same
 * {@link LogFilter} a query uses — into per-group time buckets by event time, and decides the
 * rule's condition for the groups the batch touched; {@link #tick} decides every group again, on a
 * timer, since silence ({@code absence}) and a window sliding past its matches (resolving) bring no
 * events.
 *
 * <p>Windows: buckets of a 60th of the window (at least a second), so a count is exact to within
 * one bucket at the window's far edge; events older than the rule's horizon (its window, plus the
 * baseline for {@code rateChange}) are not counted, and times in the future count as now. A
 * redelivered batch is not counted twice: the ids of the last {@value #SEEN_IDS} events of a tenant
 * that matched a rule are remembered, and an event met again is skipped.
 *
 * <p>Transitions: a group fires when its condition starts to hold and the rule's cooldown has
 * passed since the group last fired (until then it is held back, and fires on a later decision if
 * the condition still holds); it resolves, once, when the condition stops holding. Each goes to the
 * {@link AlertOutput}. A rule starts with empty windows when it is put (created, changed, or loaded
 * at start); {@link #warm} counts events already stored into them. Thread-safe: one tenant's rules are
 * decided under that tenant's lock.
 */
public final class AlertEvaluator implements StoredEventsListener {

  static final int SEEN_IDS = 1 << 18;
  static final int MAX_GROUPS = 1_000;
  static final int SAMPLES = 10;
  static final int MAX_TEMPLATES = 10_000;
  static final String OTHER_GROUP = "(other)";
  private static final int BUCKETS_PER_WINDOW = 60;
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(AlertEvaluator.class.getName());

  private final Clock clock;
  private final AlertOutput output;
  private final AlertWindowStore shared;
  private final Map<TenantId, TenantRules> tenants = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder evaluated = new java.util.concurrent.atomic.LongAdder();

  /** An evaluator whose windows are its own: the only one that sees its tenants' events. */
  public AlertEvaluator(Clock clock, AlertOutput output) {
    this(clock, output, null);
  }

  /**
   * An evaluator of one of several instances that each see part of a tenant's events: the
   * windows, firing state and templates it decides on are {@code shared}'s (null: its own).
   */
  public AlertEvaluator(Clock clock, AlertOutput output, AlertWindowStore shared) {
    this.clock = clock;
    this.output = output;
    this.shared = shared;
  }

  /** True when the windows are shared with other instances (then they are not filled from the store at start). */
  public boolean sharesWindows() {
    return shared != null;
  }

  /**
   * Applies a change of a rule: puts it (fresh windows) or, when deleted or disabled, drops it. A
   * change older than one applied before (by version) is ignored, so changes learned twice (made
   * here, and read from the store) or out of order apply once.
   */
  public void changed(AlertService.Change c) {
    TenantRules tr = tenants.computeIfAbsent(c.tenant(), t -> new TenantRules());
    synchronized (tr) {
      Long applied = tr.versions.get(c.id());
      if (applied != null && applied >= c.version()) {
        return;
      }
      tr.versions.put(c.id(), c.version());
      if (c.after() == null || !c.after().enabled()) {
        tr.rules.remove(c.id());
      } else {
        tr.rules.put(c.id(), new RuleState(c.tenant(), c.after(), c.version(), nanos()));
      }
    }
  }

  /** The rules being evaluated for {@code tenant}, by id. */
  public List<String> ruleIds(TenantId tenant) {
    TenantRules tr = tenants.get(tenant);
    if (tr == null) {
      return List.of();
    }
    synchronized (tr) {
      return List.copyOf(tr.rules.keySet());
    }
  }

  /** Events told to {@link #stored} so far (each checked against its tenant's rules, if it has any). */
  public long evaluatedEvents() {
    return evaluated.sum();
  }

  @Override
  public void stored(List<LogEvent> events) {
    evaluated.add(events.size());
    if (tenants.isEmpty() || events.isEmpty()) {
      return;
    }
    long now = nanos();
    Map<TenantId, List<LogEvent>> byTenant = new HashMap<>();
    for (LogEvent e : events) {
      if (tenants.containsKey(e.tenant())) {
        byTenant.computeIfAbsent(e.tenant(), t -> new ArrayList<>()).add(e);
      }
    }
    for (Map.Entry<TenantId, List<LogEvent>> t : byTenant.entrySet()) {
      TenantRules tr = tenants.get(t.getKey());
      if (tr == null) {
        continue;
      }
      synchronized (tr) {
        if (tr.rules.isEmpty()) {
          continue;
        }
        List<RuleState> matched = new ArrayList<>();
        Map<RuleState, Map<String, Group>> touched = new LinkedHashMap<>();
        EventWords words = new EventWords();
        SharedBatch batch = shared == null ? null : new SharedBatch();
        for (LogEvent e : t.getValue()) {
          matched.clear();
          words.reset(e.message());
          for (RuleState rs : tr.rules.values()) {
            if (rs.mayMatch(e, words) && rs.filter.matches(e)) {
              matched.add(rs);
            }
          }
          if (matched.isEmpty()) {
            continue;
          }
          long id = idHash(e.id());
          if (batch != null) {
            batch.fingerprint += RecentIds.mix(id);
          }
          if (!tr.seen.add(id)) {
            continue;
          }
          for (RuleState rs : matched) {
            Group g = rs.record(e, now, batch);
            if (g != null) {
              touched.computeIfAbsent(rs, k -> new LinkedHashMap<>()).put(g.key, g);
            }
          }
        }
        if (batch != null && !batch.rules.isEmpty()) {
          addShared(t.getKey(), tr, batch, now);
        }
        for (Map.Entry<RuleState, Map<String, Group>> r : touched.entrySet()) {
          for (Group g : r.getValue().values()) {
            decide(r.getKey(), g, now);
          }
        }
      }
    }
  }

  /**
   * Decides every group of every rule again: absence, and windows that slid past their matches.
   * With shared windows, every group any instance counted, as they all counted it.
   */
  public void tick() {
    long now = nanos();
    for (Map.Entry<TenantId, TenantRules> t : tenants.entrySet()) {
      TenantRules tr = t.getValue();
      synchronized (tr) {
        for (RuleState rs : tr.rules.values()) {
          if (shared != null) {
            try {
              boolean dropQuiet = rs.rule.condition().type() != AlertCondition.Type.ABSENCE;
              List<AlertWindowStore.GroupWindow> all = shared.groups(t.getKey(), rs.key, dropQuiet);
              java.util.Set<String> known = new java.util.HashSet<>();
              for (AlertWindowStore.GroupWindow w : all) {
                rs.group(w.group()).mirror(w);
                known.add(w.group());
              }
              rs.groups.keySet().removeIf(k -> !known.contains(k) && !(k.isEmpty() && rs.rule.condition().groupBy() == null));
            } catch (java.io.IOException e) {
              LOG.log(java.util.logging.Level.WARNING, "the shared alert windows could not be read; rule "
                  + rs.rule.id() + " is decided on the next tick", e);
              continue;
            }
          }
          for (Group g : new ArrayList<>(rs.groups.values())) {
            decide(rs, g, now);
          }
          if (shared == null) {
            rs.forgetQuietGroups(now);
          }
        }
      }
    }
  }

  /**
   * Adds a batch's counts to the shared windows and takes back what every instance counted. When
   * the store cannot be reached the tenant's recent ids are forgotten and the failure thrown, so
   * the batch delivered again is counted then (the store knows it by its fingerprint if it had
   * been added after all).
   */
  private void addShared(TenantId tenant, TenantRules tr, SharedBatch batch, long now) {
    List<AlertWindowStore.RuleCounts> counts = new ArrayList<>();
    long keep = 0;
    for (Map.Entry<RuleState, Map<String, Map<Long, long[]>>> r : batch.rules.entrySet()) {
      RuleState rs = r.getKey();
      long nowB = Math.floorDiv(now, rs.bucketNanos);
      List<AlertWindowStore.Count> cs = new ArrayList<>();
      r.getValue().forEach((group, buckets) -> buckets.forEach((b, n) -> cs.add(new AlertWindowStore.Count(group, b,
          n[0]))));
      counts.add(new AlertWindowStore.RuleCounts(rs.key, nowB - rs.slots + 1, cs,
          batch.templates.getOrDefault(rs, Map.of()).keySet()));
      keep = Math.max(keep, (long) rs.slots * rs.bucketNanos);
    }
    AlertWindowStore.Added added;
    try {
      added = shared.add(tenant, Long.toHexString(batch.fingerprint), counts, java.time.Duration.ofNanos(keep));
    } catch (java.io.IOException e) {
      tr.seen = new RecentIds(SEEN_IDS);
      throw new java.io.UncheckedIOException("the shared alert windows could not be reached; the batch is counted when"
          + " it is delivered again", e);
    }
    Map<String, RuleState> byKey = new HashMap<>();
    for (RuleState rs : batch.rules.keySet()) {
      byKey.put(rs.key, rs);
    }
    for (AlertWindowStore.GroupWindow w : added.windows()) {
      RuleState rs = byKey.get(w.ruleKey());
      if (rs != null) {
        rs.group(w.group()).mirror(w);
      }
    }
    added.newTemplates().forEach((key, templates) -> {
      RuleState rs = byKey.get(key);
      if (rs == null || now - rs.since < rs.rule.condition().window().toNanos()) {
        return; // the rule is still learning its first window's templates
      }
      for (String template : templates) {
        Map.Entry<String, String> at = batch.templates.get(rs).get(template).entrySet().iterator().next();
        Group g = rs.group(at.getKey());
        g.newPatternAt = now;
        g.newTemplate = at.getValue();
      }
    });
  }

  /** What one tenant's batch adds to the shared windows: counts per rule, group and bucket; templates met. */
  private static final class SharedBatch {
    /** Order-independent: the sum of the mixed id hashes of the events that matched a rule. */
    long fingerprint;
    final Map<RuleState, Map<String, Map<Long, long[]>>> rules = new LinkedHashMap<>();
    /** Per newPattern rule: template (or pattern id) → (the group that met it first → its text). */
    final Map<RuleState, Map<String, Map<String, String>>> templates = new LinkedHashMap<>();

    void count(RuleState rs, String group, long bucket) {
      rules.computeIfAbsent(rs, k -> new HashMap<>()).computeIfAbsent(group, k -> new HashMap<>())
          .computeIfAbsent(bucket, k -> new long[1])[0]++;
    }

    void template(RuleState rs, String template, String group, String text) {
      templates.computeIfAbsent(rs, k -> new LinkedHashMap<>()).putIfAbsent(template, Map.of(group, text));
    }
  }

  /**
   * Fills {@code tenant}'s rule {@code ruleId}'s windows from {@code store}: the matches of its
   * horizon stored before now, counted as {@link #stored} counts them but deciding nothing, so a
   * restarted or new instance starts with the windows a running one has. Within {@code budget}; a
   * rule whose horizon holds more matches than that can read starts with part of them.
   *
   * @return the events counted
   */
  public long warmUp(TenantId tenant, String ruleId, io.tributary.store.LogStore store, java.time.Duration budget)
      throws java.io.IOException {
    RuleState rs;
    TenantRules tr = tenants.get(tenant);
    if (tr == null) {
      return 0;
    }
    synchronized (tr) {
      rs = tr.rules.get(ruleId);
    }
    if (rs == null) {
      return 0;
    }
    long now = nanos();
    long horizon = (long) (rs.windowBuckets + rs.baselineBuckets) * rs.bucketNanos;
    io.tributary.query.LogQuery q = rs.rule.compiled().withTimeRange(now - horizon, now + 1).withAsOf(now);
    long[] n = {0};
    try {
      store.scan(tenant, q, io.tributary.query.QueryDeadline.after(budget, System::nanoTime), e -> {
        warm(tenant, ruleId, e);
        n[0]++;
      });
    } catch (io.tributary.query.QueryTimeoutException e) {
      // Part of the horizon is counted; the rest comes as events do.
    }
    return n[0];
  }

  /** Counts an event stored before this evaluator started: as {@link #stored} does, but deciding nothing. */
  void warm(TenantId tenant, String ruleId, LogEvent e) {
    withRule(tenant, ruleId, (tr, rs) -> {
      tr.seen.add(idHash(e.id()));
      rs.record(e, nanos(), null);
    });
  }

  /**
   * Restores that a rule's group was firing, and when it last fired (its last recorded transition),
   * so that a restarted evaluator neither fires it again nor forgets to resolve it.
   */
  public void restore(TenantId tenant, String ruleId, String group, boolean firing, long lastFiredNanos) {
    withRule(tenant, ruleId, (tr, rs) -> {
      Group g = rs.group(group == null ? "" : group);
      g.firing = firing;
      g.lastFiredNanos = lastFiredNanos;
    });
  }

  /** Runs {@code action} on {@code tenant}'s rule {@code ruleId} under the tenant's lock, if the rule is here. */
  private void withRule(TenantId tenant, String ruleId, java.util.function.BiConsumer<TenantRules, RuleState> action) {
    TenantRules tr = tenants.get(tenant);
    if (tr == null) {
      return;
    }
    synchronized (tr) {
      RuleState rs = tr.rules.get(ruleId);
      if (rs != null) {
        action.accept(tr, rs);
      }
    }
  }

  private void decide(RuleState rs, Group g, long now) {
    AlertCondition c = rs.rule.condition();
    long nowB = Math.floorDiv(now, rs.bucketNanos);
    long windowCount = g.count(nowB - rs.windowBuckets + 1, nowB);
    boolean holds;
    long threshold = c.count();
    String detail;
    switch (c.type()) {
      case THRESHOLD -> {
        holds = windowCount >= c.count();
        detail = windowCount + " matches in " + AlertRuleDocument.text(c.window()) + ", at least " + c.count()
            + " fire";
      }
      case ABSENCE -> {
        holds = now - rs.since >= c.window().toNanos() && windowCount < c.count();
        detail = windowCount + " matches in " + AlertRuleDocument.text(c.window()) + ", fewer than " + c.count()
            + " fire";
      }
      case RATE_CHANGE -> {
        // The baseline is what came before the window, as far back as the rule has been counting.
        long counted = nowB - rs.windowBuckets - Math.floorDiv(rs.since, rs.bucketNanos);
        int baseBuckets = (int) Math.max(0, Math.min(rs.baselineBuckets, counted));
        long base = g.count(nowB - rs.windowBuckets - baseBuckets + 1, nowB - rs.windowBuckets);
        double baseRate = baseBuckets == 0 ? 0 : (double) base / baseBuckets;
        double rate = (double) windowCount / rs.windowBuckets;
        boolean up = rate >= c.factor() * baseRate;
        boolean down = rate <= baseRate / c.factor();
        holds = baseBuckets > 0 && base >= c.count() && switch (c.direction()) {
          case UP -> up;
          case DOWN -> down;
          case BOTH -> up || down;
        };
        threshold = Math.round(c.factor() * baseRate * rs.windowBuckets);
        detail = windowCount + " matches in " + AlertRuleDocument.text(c.window()) + " against " + base + " in the "
            + AlertRuleDocument.text(c.baseline()) + " before (" + c.factor() + "× " + c.direction().wire() + ")";
      }
      case NEW_PATTERN -> {
        // Since a new template was met here, or (shared windows) since the group fired anywhere.
        long at = Math.max(g.newPatternAt, g.firing ? g.lastFiredNanos : Long.MIN_VALUE);
        holds = at != Long.MIN_VALUE && now - at < c.window().toNanos();
        threshold = 0;
        detail = "a template not seen before: " + g.newTemplate;
      }
      default -> throw new IllegalStateException("unknown condition " + c.type());
    }
    if (holds && !g.firing) {
      if (g.lastFiredNanos != Long.MIN_VALUE && now - g.lastFiredNanos < rs.rule.cooldown().toNanos()) {
        return;
      }
      if (claim(rs, g, true, now)) {
        output.transition(rs.rule, transition(rs, g, AlertTransition.State.FIRING, windowCount, threshold, now, detail));
      }
    } else if (!holds && g.firing) {
      if (claim(rs, g, false, now)) {
        output.transition(rs.rule, transition(rs, g, AlertTransition.State.RESOLVED, windowCount, threshold, now,
            detail));
      }
    }
  }

  /**
   * Makes the group fire or resolve: at once with windows of its own; with shared ones only if
   * this instance wins the claim (else the group takes the state another instance gave it).
   */
  private boolean claim(RuleState rs, Group g, boolean firing, long now) {
    if (shared == null) {
      g.firing = firing;
      if (firing) {
        g.lastFiredNanos = now;
      }
      return true;
    }
    AlertWindowStore.Claim c;
    try {
      c = shared.claim(rs.tenant, rs.key, g.key, firing, now, rs.rule.cooldown().toNanos());
    } catch (java.io.IOException e) {
      LOG.log(java.util.logging.Level.WARNING, "the shared alert state could not be reached; rule " + rs.rule.id()
          + " is decided again on the next tick", e);
      return false;
    }
    g.firing = c.firing();
    g.lastFiredNanos = c.lastFiredNanos();
    return c.won();
  }

  private AlertTransition transition(RuleState rs, Group g, AlertTransition.State state, long count, long threshold,
      long now, String detail) {
    long from = now - rs.rule.condition().window().toNanos();
    List<LogEvent> samples = new ArrayList<>();
    for (LogEvent e : g.samples) {
      if (e.timeNanos() >= from) {
        samples.add(e);
      }
    }
    String group = g.key.isEmpty() ? null : g.key;
    return new AlertTransition(UUID.randomUUID().toString(), rs.tenant, rs.rule.id(), rs.rule.name(), state, group,
        Timestamps.toInstant(from), Timestamps.toInstant(now), count, threshold, List.copyOf(samples),
        reproducing(rs.rule, group, from, now), Timestamps.toInstant(now), detail);
  }

  /** The rule's query narrowed to the group and the window: what finds the matches it counted. */
  static ObjectNode reproducing(AlertRule rule, String group, long fromNanos, long toNanos) {
    ObjectNode q = rule.query().deepCopy();
    q.put("from", Timestamps.toInstant(fromNanos).toString());
    q.put("to", Timestamps.toInstant(toNanos).toString());
    String by = rule.condition().groupBy();
    if (by != null && group != null && !group.equals(OTHER_GROUP)) {
      switch (by) {
        case "service" -> q.putArray("services").add(group);
        case "host" -> q.putArray("hosts").add(group);
        case "severity" -> q.putArray("severities").add(group);
        case "pattern" -> q.put("q", (q.hasNonNull("q") ? "(" + q.get("q").asText() + ") " : "") + "pattern:" + group);
        default -> (q.has("attributes") && q.get("attributes").isObject() ? (ObjectNode) q.get("attributes")
            : q.putObject("attributes")).put(by, group);
      }
    }
    return q;
  }

  private long nanos() {
    Instant now = clock.instant();
    return Timestamps.ofInstant(now);
  }

  /** An event id's 64-bit fingerprint (the one the block store's key column keeps 32 bits of), never 0. */
  static long idHash(String id) {
    long h = io.tributary.query.Words.hash(id);
    return h == 0 ? 1 : h;
  }

  /** The word hashes of one message, computed when first asked for: a small open-addressing set reused per event. */
  private static final class EventWords implements java.util.function.LongConsumer {
    private long[] table = new long[256];
    private int size;
    private String message;
    private boolean done;

    void reset(String m) {
      message = m;
      done = false;
    }

    boolean contains(long h) {
      if (!done) {
        if (size > 0) {
          java.util.Arrays.fill(table, 0);
          size = 0;
        }
        if (message != null) {
          io.tributary.query.Words.forEachHash(message, this);
        }
        done = true;
      }
      long k = h == 0 ? 1 : h;
      int mask = table.length - 1;
      for (int i = (int) (k ^ (k >>> 29)) & mask; table[i] != 0; i = (i + 1) & mask) {
        if (table[i] == k) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void accept(long h) {
      long k = h == 0 ? 1 : h;
      if (2 * (size + 1) > table.length) {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        for (long x : old) {
          if (x != 0) {
            put(x);
          }
        }
      }
      put(k);
    }

    private void put(long k) {
      int mask = table.length - 1;
      int i = (int) (k ^ (k >>> 29)) & mask;
      while (table[i] != 0) {
        if (table[i] == k) {
          return;
        }
        i = (i + 1) & mask;
      }
      table[i] = k;
      size++;
    }
  }

  /** One tenant's rules, the version of each rule's last change applied, and the ids of its recent matching events. */
  private static final class TenantRules {
    final Map<String, RuleState> rules = new LinkedHashMap<>();
    final Map<String, Long> versions = new HashMap<>();
    RecentIds seen = new RecentIds(SEEN_IDS);
  }

  /** A rule's compiled filter and its groups' windows. */
  private static final class RuleState {
    final TenantId tenant;
    final AlertRule rule;
    /** The rule's id and version: its key in the shared windows. */
    final String key;
    final LogFilter filter;
    /** When the evaluator got the rule (absence and newPattern wait a window from here). */
    final long since;
    final long bucketNanos;
    final int windowBuckets;
    final int baselineBuckets;
    final int slots;
    final Map<String, Group> groups = new LinkedHashMap<>();
    final LinkedHashMap<String, Boolean> templates = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > MAX_TEMPLATES;
      }
    };

    /** The severities a match may have (bit per code), and the hashes of words every match's message holds. */
    final int severityMask;
    final long[] words;

    RuleState(TenantId tenant, AlertRule rule, long version, long now) {
      this.tenant = tenant;
      this.rule = rule;
      this.key = AlertWindowStore.ruleKey(rule.id(), version);
      this.filter = LogFilter.of(rule.compiled());
      this.severityMask = filter.severityMask();
      this.words = filter.requiredWords().stream().mapToLong(io.tributary.query.Words::hash).distinct().toArray();
      this.since = now;
      AlertCondition c = rule.condition();
      this.bucketNanos = Math.max(1_000_000_000L, c.window().toNanos() / BUCKETS_PER_WINDOW);
      this.windowBuckets = (int) Math.max(1, c.window().toNanos() / bucketNanos);
      this.baselineBuckets = c.baseline() == null ? 0 : (int) Math.max(1, c.baseline().toNanos() / bucketNanos);
      this.slots = windowBuckets + baselineBuckets + 1;
      if (c.groupBy() == null) {
        group("");
      }
    }

    /**
     * False when {@code e} cannot match: its severity is not one a match may have, or its message
     * lacks a word every match holds. A cheap test before the filter's; true is only a maybe.
     */
    boolean mayMatch(LogEvent e, EventWords eventWords) {
      if (e.severity() != null && (severityMask & (1 << e.severity().code())) == 0) {
        return false;
      }
      for (long w : words) {
        if (!eventWords.contains(w)) {
          return false;
        }
      }
      return true;
    }

    Group group(String key) {
      Group g = groups.get(key);
      if (g == null) {
        if (groups.size() >= MAX_GROUPS) {
          key = OTHER_GROUP;
          g = groups.get(key);
          if (g != null) {
            return g;
          }
        }
        g = new Group(key, slots);
        groups.put(key, g);
      }
      return g;
    }

    /**
     * Counts {@code e} in its group, and in {@code batch} when the windows are shared (which then
     * also decides whether its template is new); null when it is too old to count.
     */
    Group record(LogEvent e, long now, SharedBatch batch) {
      long t = Math.min(e.timeNanos(), now);
      long horizon = (long) (windowBuckets + baselineBuckets) * bucketNanos;
      if (t <= now - horizon) {
        return null;
      }
      Group g = group(groupOf(e));
      long bucket = Math.floorDiv(t, bucketNanos);
      g.add(bucket);
      if (g.samples.size() == SAMPLES) {
        g.samples.removeFirst();
      }
      g.samples.addLast(e);
      g.lastNanos = Math.max(g.lastNanos, t);
      if (batch != null) {
        batch.count(this, g.key, bucket);
      }
      if (rule.condition().type() == AlertCondition.Type.NEW_PATTERN) {
        String template = e.patternId() != null ? e.patternId() : e.template();
        String text = e.template() != null ? e.template() : template;
        if (template != null && batch != null) {
          batch.template(this, template, g.key, text);
        } else if (template != null && templates.put(template, Boolean.TRUE) == null
            && now - since >= rule.condition().window().toNanos()) {
          g.newPatternAt = now;
          g.newTemplate = text;
        }
      }
      return g;
    }

    private String groupOf(LogEvent e) {
      String by = rule.condition().groupBy();
      if (by == null) {
        return "";
      }
      Object v = switch (by) {
        case "service" -> e.service();
        case "host" -> e.host();
        case "severity" -> e.severity() == null ? null : e.severity().name();
        case "pattern" -> e.patternId();
        default -> e.attributes().get(by);
      };
      return v == null ? "" : String.valueOf(v);
    }

    /** Drops groups that are not firing and have had no match within the horizon (bounded state). */
    void forgetQuietGroups(long now) {
      if (rule.condition().type() == AlertCondition.Type.ABSENCE) {
        return;
      }
      long horizon = (long) (windowBuckets + baselineBuckets) * bucketNanos;
      groups.values().removeIf(g -> !g.firing && g.lastNanos <= now - horizon && !g.key.isEmpty());
    }
  }

  /** One group's buckets, firing state and samples. */
  private static final class Group {
    final String key;
    final long[] counts;
    final long[] bucketOf;
    final ArrayDeque<LogEvent> samples = new ArrayDeque<>(SAMPLES);
    boolean firing;
    long lastFiredNanos = Long.MIN_VALUE;
    long lastNanos = Long.MIN_VALUE;
    long newPatternAt = Long.MIN_VALUE;
    String newTemplate;

    Group(String key, int slots) {
      this.key = key;
      this.counts = new long[slots];
      this.bucketOf = new long[slots];
      java.util.Arrays.fill(bucketOf, Long.MIN_VALUE);
    }

    void add(long bucket) {
      int s = (int) Math.floorMod(bucket, counts.length);
      if (bucketOf[s] != bucket) {
        if (bucketOf[s] > bucket) {
          return; // the slot holds a later bucket: this one is past the horizon
        }
        bucketOf[s] = bucket;
        counts[s] = 0;
      }
      counts[s]++;
    }

    /** Takes the buckets and firing state every instance gave the group (shared windows). */
    void mirror(AlertWindowStore.GroupWindow w) {
      java.util.Arrays.fill(bucketOf, Long.MIN_VALUE);
      java.util.Arrays.fill(counts, 0);
      for (Map.Entry<Long, Long> b : w.buckets().entrySet()) {
        int s = (int) Math.floorMod(b.getKey(), counts.length);
        if (bucketOf[s] < b.getKey()) {
          bucketOf[s] = b.getKey();
          counts[s] = b.getValue();
        }
      }
      firing = w.firing();
      lastFiredNanos = w.lastFiredNanos();
    }

    /** The matches in buckets {@code [from, to]}. */
    long count(long from, long to) {
      long n = 0;
      for (int s = 0; s < counts.length; s++) {
        if (bucketOf[s] >= from && bucketOf[s] <= to) {
          n += counts[s];
        }
      }
      return n;
    }
  }

  /**
   * The hashes of the last {@code capacity} ids added: a ring of them and an open-addressing index
   * (four slots per id), the oldest forgotten as new ones come. Both start small and double as ids
   * come, up to the capacity, so a tenant with a few matching events holds a few KiB.
   */
  static final class RecentIds {
    private static final int INITIAL = 1024;
    private final int capacity;
    private long[] ring;
    private long[] table;
    private int next;
    private int size;

    RecentIds(int capacity) {
      this.capacity = capacity;
      int initial = Math.min(INITIAL, capacity);
      ring = new long[initial];
      table = new long[Integer.highestOneBit(initial) * 4];
    }

    /** Adds {@code h} (not 0); false when it is among the last {@code capacity} added. */
    boolean add(long h) {
      if (contains(h)) {
        return false;
      }
      if (size == ring.length && ring.length < capacity) {
        grow();
      }
      if (size == ring.length) {
        remove(ring[next]);
        size--;
      }
      ring[next] = h;
      next = (next + 1) % ring.length;
      size++;
      insert(h);
      return true;
    }

    private boolean contains(long h) {
      int mask = table.length - 1;
      for (int i = (int) (mix(h) & mask); table[i] != 0; i = (i + 1) & mask) {
        if (table[i] == h) {
          return true;
        }
      }
      return false;
    }

    private void insert(long h) {
      int mask = table.length - 1;
      int i = (int) (mix(h) & mask);
      while (table[i] != 0) {
        i = (i + 1) & mask;
      }
      table[i] = h;
    }

    /** Doubles the ring (its ids in order, oldest first) and the index. */
    private void grow() {
      long[] old = ring;
      int n = Math.min(capacity, old.length * 2);
      ring = new long[n];
      for (int k = 0; k < size; k++) {
        ring[k] = old[(next + k) % old.length];
      }
      next = size;
      table = new long[Integer.highestOneBit(n) * 4];
      for (int k = 0; k < size; k++) {
        insert(ring[k]);
      }
    }

    private void remove(long h) {
      int mask = table.length - 1;
      int i = (int) (mix(h) & mask);
      while (table[i] != h) {
        if (table[i] == 0) {
          return;
        }
        i = (i + 1) & mask;
      }
      table[i] = 0;
      // Re-insert the rest of the cluster so lookups do not stop at the hole.
      for (int j = (i + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
        long x = table[j];
        table[j] = 0;
        insert(x);
      }
    }

    static long mix(long h) {
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      return h ^ (h >>> 33);
    }
  }
}
