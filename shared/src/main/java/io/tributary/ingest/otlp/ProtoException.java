package io.tributary.ingest.otlp;

import io.tributary.ingest.Reasons;

/**
 * Bytes that are not the protobuf message expected there; the message says where, and the code
 * what ({@link Reasons#MALFORMED_PROTOBUF}, or {@link Reasons#INVALID_UTF8} for a string that is not).
 */
public final class ProtoException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String code;

  public ProtoException(String message) {
    this(Reasons.MALFORMED_PROTOBUF, message);
  }

  public ProtoException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
