package io.tributary.alert.delivery;

/** Why an attempt got no HTTP answer, or was not made; {@link #code} is what logs and the API show. */
public enum FailureKind {
  /** No answer within the connect or request timeout. Retried. */
  TIMEOUT("timeout", true),
  /** The connection was refused or reset. Retried. */
  REFUSED("refused", true),
  /** The host name did not resolve. Retried (DNS failures are often brief). */
  DNS("dns", true),
  /** The TLS handshake failed (bad certificate, protocol). Retried: certificates get fixed. */
  TLS("tls", true),
  /** Any other I/O failure. Retried. */
  IO("io", true),
  /** {@link TargetGuard} refused the address right before sending. Not retried. */
  NOT_ALLOWED("not_allowed", false),
  /** The tenant had too many deliveries in flight or waiting. Not tried at all. */
  OVERFLOW("overflow", false),
  /** The dispatcher closed while the delivery waited for a retry. */
  SHUTDOWN("shutdown", false);

  private final String code;
  private final boolean retryable;

  FailureKind(String code, boolean retryable) {
    this.code = code;
    this.retryable = retryable;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The kind whose {@link #code} is {@code code}; null for null or an unknown code. */
  public static FailureKind ofCode(String code) {
    for (FailureKind k : values()) {
      if (k.code.equals(code)) {
        return k;
      }
    }
    return null;
  }
}
