package io.tributary.ingest.otlp;

import java.util.List;

/**
 * What a record's {@code Resource} or {@code InstrumentationScope} says, read once for all its
 * records.
 *
 * @param attributes in the order sent
 * @param name the scope's name (null for a resource or when absent)
 * @param version the scope's version (null for a resource or when absent)
 * @param errorCode why it could not be read (every record under it is rejected), or null
 */
record OtlpScope(List<AnyValues.KeyValue> attributes, String name, String version, String errorCode,
    String errorMessage) {

  static final OtlpScope NONE = new OtlpScope(List.of(), null, null, null, null);
}
