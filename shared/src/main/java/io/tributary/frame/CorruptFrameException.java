package io.tributary.frame;

/** A frame or record whose bytes do not decode: a bug or a damaged store, never bad client input. */
public final class CorruptFrameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptFrameException(String message) {
    super(message);
  }
}
