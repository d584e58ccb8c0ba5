package io.tributary.local.lucene;

/** Field names of the local index. */
final class Fields {
  static final String ID = "id";
  static final String TIME = "ts";
  static final String INGESTED = "ing";
  static final String SEVERITY = "sev";
  static final String SERVICE = "svc";
  static final String HOST = "host";
  static final String MESSAGE = "msg";
  static final String SOURCE = "src";
  static final String ATTRIBUTE_PREFIX = "a.";
  /** Attribute values longer than this are stored but not filterable (a Lucene term is at most 32 KB). */
  static final int MAX_INDEXED_VALUE = 1024;

  private Fields() {
  }
}
