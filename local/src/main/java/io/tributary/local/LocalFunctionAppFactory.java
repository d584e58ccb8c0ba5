package io.tributary.local;

import io.tributary.config.Settings;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.FunctionAppFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code TRIBUTARY_BACKEND=local} for hosts that construct the function classes themselves (their
 * no-argument constructors): the same local adapters the embedded runtime uses.
 */
public final class LocalFunctionAppFactory implements FunctionAppFactory {

  @Override
  public String backend() {
    return "local";
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
