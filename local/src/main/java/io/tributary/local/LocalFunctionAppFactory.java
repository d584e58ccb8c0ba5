package io.tributary.local;

import io.tributary.config.Settings;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.FunctionAppFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code TRIBUTARY_BACKEND=local} (and {@code kafka}, a Kafka event log with the local store and
 * archive) for hosts that construct the function classes themselves (their no-argument
 * constructors): the same adapters the embedded runtime builds.
 */
public final class LocalFunctionAppFactory implements FunctionAppFactory {

  @Override
  public String backend() {
    return "local";
  }

  @Override
  public boolean serves(String backend) {
    return backend.equals("local") || backend.equals("kafka");
  }

  @Override
  public FunctionApp create(Settings settings) {
    try {
      return LocalRuntime.buildApp(settings, Keys.load(settings.jwtSecret(), settings.dataDir(), Keys.JWT),
          Keys.load(settings.cursorSecret(), settings.dataDir(), Keys.CURSOR));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
