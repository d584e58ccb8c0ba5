package io.tributary.functions.durable;

/**
 * An activity as an engine calls it: its input as JSON in, its output as JSON out (what the
 * Functions host passes an {@code @DurableActivityTrigger}). It may run more than once for one
 * call (engines run activities at least once), so it must be idempotent.
 */
@FunctionalInterface
public interface ActivityFunction {
  String run(String inputJson) throws Exception;
}
