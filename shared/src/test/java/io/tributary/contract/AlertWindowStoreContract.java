package io.tributary.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.alert.AlertWindowStore;
import io.tributary.alert.AlertWindowStore.Added;
import io.tributary.alert.AlertWindowStore.Claim;
import io.tributary.alert.AlertWindowStore.Count;
import io.tributary.alert.AlertWindowStore.GroupWindow;
import io.tributary.alert.AlertWindowStore.RuleCounts;
import io.tributary.event.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AlertWindowStore} does. Each test uses tenants of its own. Two stores made by
 * {@link #store()} stand for two instances: they must see the same state.
 */
public abstract class AlertWindowStoreContract {

  private static final Duration KEEP = Duration.ofMinutes(5);
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();
  private static final long T0 = 1_796_032_800_000_000_000L; // 2026-12-01T10:00Z in ns

  /** A store; stores made by one test share their state, as the instances of one deployment do. */
  protected abstract AlertWindowStore store();

  /** Lets {@code d} pass for the store's expiry (a clock advanced, or a real wait). */
  protected abstract void pass(Duration d) throws Exception;

  protected TenantId tenant(String name) {
    return TenantId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static RuleCounts counts(String rule, long minBucket, Count... counts) {
    return new RuleCounts(rule, minBucket, List.of(counts), Set.of());
  }

  private static Map<String, Map<Long, Long>> byGroup(List<GroupWindow> windows) {
    return windows.stream().collect(Collectors.toMap(GroupWindow::group, GroupWindow::buckets));
  }

  @Test
  public void countsFromTwoInstancesAddUpAndEachAddReturnsTheGroupsItTouched() throws Exception {
    TenantId t = tenant("sum");
    try (AlertWindowStore a = store(); AlertWindowStore b = store()) {
      a.add(t, "b1", List.of(counts("r@1", 0, new Count("LabSZ", 100, 3), new Count("other", 100, 1))), KEEP);
      Added added = b.add(t, "b2", List.of(counts("r@1", 0, new Count("LabSZ", 100, 2), new Count("LabSZ", 101, 4))),
          KEEP);
      assertFalse(added.duplicate());
      assertEquals(Map.of("LabSZ", Map.of(100L, 5L, 101L, 4L)), byGroup(added.windows()),
          "both instances' counts of the touched group, not the untouched one");
      assertEquals(Map.of("LabSZ", Map.of(100L, 5L, 101L, 4L), "other", Map.of(100L, 1L)),
          byGroup(a.groups(t, "r@1", true)));
      assertEquals(List.of(), a.groups(t, "r@2", true), "another version of the rule starts empty");
      assertEquals(List.of(), a.groups(tenant("other"), "r@1", true), "another tenant's are apart");
    }
  }

  @Test
  public void aBatchAddedBeforeByAnyInstanceAddsNothing() throws Exception {
    TenantId t = tenant("dup");
    try (AlertWindowStore a = store(); AlertWindowStore b = store()) {
      RuleCounts rc = new RuleCounts("r@1", 0, List.of(new Count("", 7, 4)), Set.of("Accepted password for <*>"));
      Added first = a.add(t, "f00d", List.of(rc), KEEP);
      Added again = b.add(t, "f00d", List.of(rc), KEEP);
      assertFalse(first.duplicate());
      assertEquals(Map.of("r@1", Set.of("Accepted password for <*>")), first.newTemplates());
      assertTrue(again.duplicate());
      assertEquals(Map.of("", Map.of(7L, 4L)), byGroup(again.windows()), "the window as it is, counted once");
      assertEquals(Map.of(), again.newTemplates());
    }
  }

  @Test
  public void bucketsBeforeTheOldestKeptAreDropped() throws Exception {
    TenantId t = tenant("old");
    try (AlertWindowStore a = store()) {
      a.add(t, "b1", List.of(counts("r@1", 0, new Count("h", 10, 1), new Count("h", 11, 1))), KEEP);
      Added added = a.add(t, "b2", List.of(counts("r@1", 11, new Count("h", 12, 1))), KEEP);
      assertEquals(Map.of("h", Map.of(11L, 1L, 12L, 1L)), byGroup(added.windows()));
    }
  }

  @Test
  public void aTemplateIsNewToOneInstanceOnce() throws Exception {
    TenantId t = tenant("tpl");
    try (AlertWindowStore a = store(); AlertWindowStore b = store()) {
      Set<String> sshd = Set.of("Failed password for <*> from <*> port <*> ssh2");
      Added first = a.add(t, "b1", List.of(new RuleCounts("n@1", 0, List.of(new Count("", 1, 1)), sshd)), KEEP);
      Added second = b.add(t, "b2", List.of(new RuleCounts("n@1", 0, List.of(new Count("", 1, 1)),
          Set.of("Failed password for <*> from <*> port <*> ssh2", "Received disconnect from <*>: 11: Bye Bye"))), KEEP);
      assertEquals(Map.of("n@1", sshd), first.newTemplates());
      assertEquals(Map.of("n@1", Set.of("Received disconnect from <*>: 11: Bye Bye")), second.newTemplates());
    }
  }

  @Test
  public void aTransitionIsClaimedOnceAndTheCooldownHoldsAcrossInstances() throws Exception {
    TenantId t = tenant("claim");
    try (AlertWindowStore a = store(); AlertWindowStore b = store()) {
      Claim fired = a.claim(t, "r@1", "LabSZ", true, T0, 10 * MINUTE);
      Claim lost = b.claim(t, "r@1", "LabSZ", true, T0 + 1, 10 * MINUTE);
      assertEquals(new Claim(true, true, T0), fired);
      assertEquals(new Claim(false, true, T0), lost, "the other instance learns it fired, and when");
      assertTrue(b.claim(t, "r@1", "LabSZ", false, T0 + MINUTE, 10 * MINUTE).won(), "resolved");
      assertFalse(a.claim(t, "r@1", "LabSZ", false, T0 + MINUTE, 10 * MINUTE).won(), "resolved once");
      assertEquals(new Claim(false, false, T0), a.claim(t, "r@1", "LabSZ", true, T0 + 5 * MINUTE, 10 * MINUTE),
          "within the cooldown it does not fire again");
      assertEquals(new Claim(true, true, T0 + 10 * MINUTE),
          b.claim(t, "r@1", "LabSZ", true, T0 + 10 * MINUTE, 10 * MINUTE));
      GroupWindow w = a.groups(t, "r@1", true).get(0);
      assertEquals("LabSZ", w.group());
      assertTrue(w.firing());
      assertEquals(T0 + 10 * MINUTE, w.lastFiredNanos(), "nanoseconds kept exactly");
    }
  }

  @Test
  public void quietGroupsAreForgottenUnlessFiringOrAskedToKeep() throws Exception {
    TenantId t = tenant("quiet");
    try (AlertWindowStore a = store()) {
      Duration shortKeep = Duration.ofMillis(300);
      a.add(t, "b1", List.of(counts("r@1", 0, new Count("quiet", 1, 1), new Count("firing", 1, 1))), shortKeep);
      a.claim(t, "r@1", "firing", true, T0, 0);
      pass(Duration.ofMillis(600));
      assertEquals(Map.of("quiet", Map.of(), "firing", Map.of()), byGroup(a.groups(t, "r@1", false)),
          "their buckets expired; kept when asked (absence: silence counts)");
      assertEquals(Map.of("firing", Map.of()), byGroup(a.groups(t, "r@1", true)));
      assertEquals(Map.of("firing", Map.of()), byGroup(a.groups(t, "r@1", false)), "forgotten for good");
    }
  }

  @Test
  public void groupNamesAndTemplatesOfAnyTextRoundTrip() throws Exception {
    TenantId t = tenant("text");
    String odd = "host:{a}/b c\u00e9\u4e2d\uD83D\uDE00\"'\\n";
    try (AlertWindowStore a = store()) {
      Added added = a.add(t, "b1", List.of(new RuleCounts("r@1", 0, List.of(new Count(odd, Long.MAX_VALUE / 4, 2)),
          Set.of(odd))), KEEP);
      assertEquals(Map.of(odd, Map.of(Long.MAX_VALUE / 4, 2L)), byGroup(added.windows()));
      assertEquals(Map.of("r@1", Set.of(odd)), added.newTemplates());
      assertTrue(a.claim(t, "r@1", odd, true, T0, 0).won());
    }
  }
}
