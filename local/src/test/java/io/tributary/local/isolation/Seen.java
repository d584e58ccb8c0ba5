package io.tributary.local.isolation;

/**
 * What one probe saw: the status, the problem code (or "" for a success) and, in words, what it
 * checked of the answer. A row of {@code docs/isolation.md}.
 */
record Seen(int status, String code, String checked) {

  String answer() {
    return code.isEmpty() ? Integer.toString(status) : status + " " + code;
  }
}
