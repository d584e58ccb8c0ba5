package io.tributary.ingest;

/**
 * Reads JSON event objects by the rules of our own JSON ({@link EventObjectReader}), for formats
 * of other packages whose items are JSON documents (Elasticsearch bulk), optionally with ECS
 * names ({@code log.level}, {@code service.name}, {@code host.name}, {@code trace.id},
 * {@code span.id}, dotted or nested) read as the fields they name. One per pass; not thread-safe.
 */
public final class JsonDocuments {

  private final EventObjectReader reader;

  /** @param ecs read ECS names as fields */
  public JsonDocuments(BodyReading r, boolean ecs) {
    this.reader = new EventObjectReader(r.limits(), r.materialize(), ecs);
  }

  /**
   * Judges (at ingest) or builds (in a replay) the object at bytes {@code [from, to)} of {@code b}
   * as item {@code index}, reporting it to {@code r}.
   */
  public void read(byte[] b, int from, int to, int index, BodyReading r) {
    read(b, from, to, index, r, null);
  }

  /**
   * {@link #read(byte[], int, int, int, BodyReading)} with {@code id}, when not null, as the
   * event's id (checked as a client id: {@code invalid_id} otherwise).
   */
  public void read(byte[] b, int from, int to, int index, BodyReading r, String id) {
    int flags = r.judging() ? (int) (Utf8.scanLine(b, from, to) >>> 32) : 0;
    reader.checkText(r.judging() && (flags & (Utf8.NOT_ASCII | Utf8.SURROGATE_ESCAPE)) != 0);
    JsonObjects.object(b, from, to, index, r, reader, id);
  }
}
