package io.tributary.functions;

import io.tributary.config.Settings;

/**
 * Builds a {@link FunctionApp} for one backend; found with {@link java.util.ServiceLoader}, so the
 * adapters of a backend are chosen by what is on the class path and {@code TRIBUTARY_BACKEND}.
 */
public interface FunctionAppFactory {

  /** The {@code TRIBUTARY_BACKEND} value this factory serves. */
  String backend();

  /** Whether this factory can build {@code backend}; a factory named by it is preferred. */
  default boolean serves(String backend) {
    return backend().equals(backend);
  }

  FunctionApp create(Settings settings);

  /**
   * {@link #create(Settings)}, for a factory that also reads settings of its own backend from
   * {@code env} (the Azure one: {@link io.tributary.config.SearchSettings}).
   */
  default FunctionApp create(Settings settings, java.util.Map<String, String> env) {
    return create(settings);
  }
}
