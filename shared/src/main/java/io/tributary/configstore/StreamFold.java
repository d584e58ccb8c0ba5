package io.tributary.configstore;

/** How a stream's events build its state, one event at a time; pure. */
@FunctionalInterface
public interface StreamFold<S> {
  S apply(S state, ConfigEvent event);
}
