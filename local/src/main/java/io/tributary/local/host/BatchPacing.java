package io.tributary.local.host;

/**
 * What a reader of {@link EventHubTriggerHost} does before it polls its partition for the next
 * batch: nothing ({@link #NONE}), or wait a bounded while so that other work of the process goes
 * first (the local runtime's {@code IngestFirst}). It must return: a reader that never polls stops
 * its partition for good.
 */
@FunctionalInterface
public interface BatchPacing {

  /** Polls at once. */
  BatchPacing NONE = partition -> { };

  /**
   * Returns when the reader of {@code partition} may poll; may wait, for a bounded time.
   *
   * @throws InterruptedException when the reader is stopped while waiting
   */
  void beforePoll(int partition) throws InterruptedException;
}
