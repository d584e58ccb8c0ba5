package io.tributary.parse;

/**
 * Recovers structure from one unstructured log line. Never fails and never drops a line: what it
 * cannot recognise is simply absent from the result. Implementations are thread-safe.
 */
public interface LineParser {

  /**
   * @param line the raw line, without its line terminator
   * @param referenceNanos the ingest time, which supplies what the line leaves out (the year)
   */
  ParsedLine parse(String line, long referenceNanos);
}
