package io.tributary.alert;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The windows and firing state of alert rules, shared by every instance that evaluates one
 * tenant's rules. In Azure several instances hold change-feed leases of one tenant's partitions
 * and each sees a part of its events: each counts its part of a batch into the rules' buckets and
 * adds it here, and decides on what every instance added. Whether a group fires or resolves is
 * claimed here too, so exactly one instance makes each transition, and a template is new only if
 * no instance met it before.
 *
 * <p>A rule is kept under its id and version ({@link #ruleKey}): a changed rule starts with empty
 * windows and what the old one counted expires. Buckets are the evaluator's (indexes of a length
 * that is the rule's); a group's buckets older than {@code minBucket} are dropped when it is added
 * to, and they expire {@code keep} after they were last added to; a rule's groups, firing state and
 * templates expire {@link #STATE_KEEP} after the rule was last used. A batch already added by any
 * instance ({@code batch}, a fingerprint of its events) adds nothing again.
 *
 * <p>Implementations are thread-safe, and each call is atomic with respect to the others.
 */
public interface AlertWindowStore extends AutoCloseable {

  /** {@code n} matches of a rule's group in one bucket. */
  record Count(String group, long bucket, long n) {
  }

  /** What one batch adds to one rule: its counts, the oldest bucket kept, and the templates its matches had. */
  record RuleCounts(String ruleKey, long minBucket, List<Count> counts, Set<String> templates) {
  }

  /**
   * A rule's group as every instance counted it: its buckets (bucket → count) and firing state;
   * {@code lastFiredNanos} is {@link Long#MIN_VALUE} when it never fired.
   */
  record GroupWindow(String ruleKey, String group, Map<Long, Long> buckets, boolean firing, long lastFiredNanos) {
  }

  /**
   * What a batch added: whether it had been added before (then nothing was), the windows of the
   * groups it touched, and, per rule, which of its templates no instance had met before.
   */
  record Added(boolean duplicate, List<GroupWindow> windows, Map<String, Set<String>> newTemplates) {
  }

  /** A claimed transition: whether this call made it, and the group's state after the call. */
  record Claim(boolean won, boolean firing, long lastFiredNanos) {
  }

  /** How long a rule's groups, their firing state and its templates are kept after the rule was last used. */
  Duration STATE_KEEP = Duration.ofDays(7);

  /** The key a rule is kept under: its id and the version its change had. */
  static String ruleKey(String ruleId, long version) {
    return ruleId + "@" + version;
  }

  /** Adds one batch of {@code tenant}'s counts, unless {@code batch} was added before; see {@link Added}. */
  Added add(TenantId tenant, String batch, List<RuleCounts> rules, Duration keep) throws IOException;

  /**
   * Every group of the rule with its window; when {@code dropQuiet}, groups that are not firing and
   * whose buckets all expired are forgotten instead (not for {@code absence}, where silence counts).
   */
  List<GroupWindow> groups(TenantId tenant, String ruleKey, boolean dropQuiet) throws IOException;

  /**
   * Makes the group fire ({@code firing}) or resolve, if it is not in that state already and, to
   * fire, {@code cooldownNanos} have passed since it last fired ({@code nowNanos} is the time).
   */
  Claim claim(TenantId tenant, String ruleKey, String group, boolean firing, long nowNanos, long cooldownNanos)
      throws IOException;

  @Override
  void close() throws IOException;
}
