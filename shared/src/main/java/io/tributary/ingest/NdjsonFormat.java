package io.tributary.ingest;

import io.tributary.frame.PayloadLayout;
import java.util.List;

/**
 * NDJSON on {@code /api/logs/ingest}: one event object per line, read by
 * {@link EventObjectReader}. Wire ids: {@code NDJSON_BODY} (0) and, for its items,
 * {@code JSON_ITEMS} (3), which it shares with {@link JsonFormat} (an item is one object either
 * way).
 */
final class NdjsonFormat implements IngestFormat {

  static final NdjsonFormat INSTANCE = new NdjsonFormat();

  private NdjsonFormat() {
  }

  @Override
  public String name() {
    return "ndjson";
  }

  @Override
  public PayloadLayout bodyLayout() {
    return PayloadLayout.NDJSON_BODY;
  }

  @Override
  public PayloadLayout itemsLayout() {
    return PayloadLayout.JSON_ITEMS;
  }

  @Override
  public String route() {
    return IngestFormats.INGEST_ROUTE;
  }

  @Override
  public List<String> mediaTypes() {
    return List.of("application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
        "application/jsonlines", "application/json-lines");
  }

  @Override
  public void read(byte[] body, BodyReading r) throws BodyRefusal {
    try (JsonObjects.BodyLines lines = new JsonObjects.BodyLines()) {
      lines.read(body, r);
    }
  }

  @Override
  public void readItem(byte[] b, int from, int to, BodyReading r) {
    JsonObjects.reader(r).checkText(false);
    JsonObjects.object(b, from, to, 0, r);
  }
}
