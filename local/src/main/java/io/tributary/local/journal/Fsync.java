package io.tributary.local.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * How the journal forces a segment file's bytes to disk. The real one calls
 * {@link FileChannel#force}; tests, and the crash test through the system property
 * {@value #FAULT_PROPERTY}, put one in that fails some calls, as a failing disk would.
 */
@FunctionalInterface
interface Fsync {

  /**
   * Test-only fault injection: {@code every:N} makes every N-th segment fsync of the process fail
   * with an {@link IOException} (the crash test runs the runtime with it). Never set in production.
   */
  String FAULT_PROPERTY = "tributary.test.journal.failFsyncEvery";

  Fsync SYSTEM = (file, ch) -> ch.force(false);

  void force(Path file, FileChannel ch) throws IOException;

  /** {@link #SYSTEM}, or the faulty one {@value #FAULT_PROPERTY} asks for. */
  static Fsync fromSystemProperties() {
    String spec = System.getProperty(FAULT_PROPERTY);
    if (spec == null || spec.isBlank()) {
      return SYSTEM;
    }
    if (!spec.startsWith("every:")) {
      throw new IllegalArgumentException(FAULT_PROPERTY + " must be every:N, not " + spec);
    }
    long every = Long.parseLong(spec.substring("every:".length()).trim());
    if (every < 1) {
      throw new IllegalArgumentException(FAULT_PROPERTY + ": N must be at least 1");
    }
    Logger.getLogger(Fsync.class.getName()).warning("TEST FAULT INJECTION: every " + every
        + "th journal fsync fails (" + FAULT_PROPERTY + ")");
    return failingEvery(every, SYSTEM);
  }

  /** Fails every {@code every}-th call (the data is still forced by none of them), else delegates. */
  static Fsync failingEvery(long every, Fsync delegate) {
    AtomicLong calls = new AtomicLong();
    return (file, ch) -> {
      if (calls.incrementAndGet() % every == 0) {
        throw new IOException("injected fsync failure on " + file.getFileName());
      }
      delegate.force(file, ch);
    };
  }
}
