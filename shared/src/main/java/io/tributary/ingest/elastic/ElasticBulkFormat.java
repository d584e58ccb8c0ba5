package io.tributary.ingest.elastic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.frame.FrameItems;
import io.tributary.frame.PayloadLayout;
import io.tributary.ingest.BodyReading;
import io.tributary.ingest.BodyRefusal;
import io.tributary.ingest.FormatReport;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.JsonDocuments;
import io.tributary.ingest.LineEnds;
import io.tributary.ingest.Reasons;
import io.tributary.ingest.Rejection;
import io.tributary.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Elasticsearch's bulk API ({@code POST /api/compat/elasticsearch/_bulk} and
 * {@code /{index}/_bulk}) as Beats, Logstash, Fluent Bit, Vector and the official clients send
 * it: NDJSON of action lines, each {@code index} or {@code create} action followed by its document.
 * A document is an event read by our JSON rules with ECS names ({@code @timestamp},
 * {@code message}, {@code log.level}, {@code service.name}, {@code host.name}, {@code trace.id},
 * {@code span.id}, dotted or nested) as the fields they name and everything else an attribute
 * ({@link JsonDocuments}). One item per action line, in order: what {@link BulkReport} gives the
 * route for bulk's own answer.
 *
 * <p>An {@code index}/{@code create} action with no document after it (the body ends, or the
 * next line is itself an action line) is rejected {@code missing_document}; {@code update} and
 * {@code delete} (with the document an update carries) {@code unsupported_action}: a log store
 * appends. An action line that is not {@code {"<action>":{…}}} loses the body's structure (which
 * line is a document?) and is refused whole, {@code malformed_bulk}, as Elasticsearch does.
 * {@code _id} is the event's id (checked as a client id, {@code invalid_id}), so a bulk retried
 * with the same {@code _id}s is stored once; other metadata ({@code _index}, {@code pipeline}, …)
 * is reported, not stored.
 *
 * <p>Wire ids 10 (body) and 11 (items: each accepted document line).
 */
public final class ElasticBulkFormat implements IngestFormat {

  public static final ElasticBulkFormat INSTANCE = new ElasticBulkFormat();

  /** The route of the bulk API, under {@code /api/} (also served as {@code …/{index}/_bulk}). */
  public static final String ROUTE = "compat/elasticsearch/_bulk";

  // Wire ids: written into frames, never change or reuse one.
  private static final PayloadLayout BODY = PayloadLayout.of(10, "ELASTIC_BULK_BODY");
  private static final PayloadLayout ITEMS = PayloadLayout.of(11, "ELASTIC_BULK_ITEMS");

  private ElasticBulkFormat() {
  }

  @Override
  public String name() {
    return "elasticsearch-bulk";
  }

  @Override
  public PayloadLayout bodyLayout() {
    return BODY;
  }

  @Override
  public PayloadLayout itemsLayout() {
    return ITEMS;
  }

  @Override
  public String route() {
    return ROUTE;
  }

  @Override
  public List<String> mediaTypes() {
    return List.of("application/x-ndjson", "application/vnd.elasticsearch+x-ndjson", "application/json",
        "application/vnd.elasticsearch+json");
  }

  /** What one pass keeps: the document reader and, when judging, the items so far. */
  private static final class State {
    final JsonDocuments docs;
    final List<String[]> items = new ArrayList<>();

    State(BodyReading r) {
      this.docs = new JsonDocuments(r, true);
    }
  }

  private static State state(BodyReading r) {
    if (r.formatState() instanceof State s) {
      return s;
    }
    State s = new State(r);
    r.formatState(s);
    return s;
  }

  /** A parsed action line. */
  private record Action(String op, String index, String id) {
  }

  @Override
  public void read(byte[] b, BodyReading r) throws BodyRefusal {
    State st = state(r);
    int n = b.length;
    int pos = b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
    int line = 0;
    int item = 0;
    int[] next = new int[2];
    while (nextLine(b, pos, n, next)) {
      int start = next[0];
      int end = next[1];
      line += countLines(b, pos, start);
      pos = end + 1;
      Action a = action(b, start, end);
      if (a == null) {
        throw BodyRefusal.badRequest(Reasons.MALFORMED_BULK, "line " + (line + 1) + " is not an action line"
            + " ({\"index\":{…}} or {\"create\":{…}}, each followed by its document); no item of this request was"
            + " accepted");
      }
      line++;
      int index = item++;
      if (r.judging()) {
        st.items.add(new String[] {a.op(), a.index(), a.id()});
      }
      boolean takesDocument = a.op().equals("index") || a.op().equals("create") || a.op().equals("update");
      int docStart = -1;
      int docEnd = -1;
      if (takesDocument && nextLine(b, pos, n, next) && action(b, next[0], next[1]) == null) {
        docStart = next[0];
        docEnd = next[1];
        line += countLines(b, pos, docStart) + 1;
        pos = docEnd + 1;
      }
      if (!r.begin(index)) {
        continue;
      }
      if (a.op().equals("update") || a.op().equals("delete")) {
        r.reject(index, Reasons.UNSUPPORTED_ACTION, "'" + a.op() + "' is not taken: logs are appended, never"
            + " changed; send index or create actions");
      } else if (docStart < 0) {
        r.reject(index, Reasons.MISSING_DOCUMENT, "the " + a.op() + " action on line " + line
            + " has no document after it; put the document on the line after its action");
      } else {
        st.docs.read(b, docStart, docEnd, index, r, a.id());
      }
    }
  }

  /**
   * An item is its document line; for a document whose action named an {@code _id}, that action
   * line ({@code {"index":{"_id":…}}}) and a newline before it (a document line has no raw
   * newline, so the two cannot be confused; items frames written before carry documents only).
   */
  @Override
  public void readItem(byte[] b, int from, int to, BodyReading r) {
    int nl = LineEnds.next(b, from, to);
    if (nl == to) {
      state(r).docs.read(b, from, to, 0, r);
      return;
    }
    Action a = action(b, from, nl);
    state(r).docs.read(b, nl + 1, to, 0, r, a == null ? null : a.id());
  }

  @Override
  public FrameItems items(byte[] body, BodyReading judged) {
    State st = state(judged);
    List<Rejection> rejected = judged.rejections();
    List<byte[]> items = new ArrayList<>(judged.accepted());
    int at = 0;
    int k = 0;
    for (int i = 0; i < st.items.size(); i++) {
      if (at < rejected.size() && rejected.get(at).index() == i) {
        at++;
        continue;
      }
      int start = judged.acceptedStart(k);
      int end = judged.acceptedEnd(k++);
      String id = st.items.get(i)[2];
      byte[] head = id == null ? new byte[0]
          : ("{\"index\":{\"_id\":" + new String(Json.bytes(id), StandardCharsets.UTF_8) + "}}\n")
              .getBytes(StandardCharsets.UTF_8);
      byte[] item = new byte[head.length + end - start];
      System.arraycopy(head, 0, item, 0, head.length);
      System.arraycopy(body, start, item, head.length, end - start);
      items.add(item);
    }
    return FrameItems.of(items);
  }

  @Override
  public FormatReport report(BodyReading judged) {
    State st = state(judged);
    List<Rejection> rejected = judged.rejections();
    List<BulkReport.Item> items = new ArrayList<>(st.items.size());
    int at = 0;
    for (int i = 0; i < st.items.size(); i++) {
      String[] a = st.items.get(i);
      Rejection why = null;
      if (at < rejected.size() && rejected.get(at).index() == i) {
        why = rejected.get(at++);
      }
      items.add(new BulkReport.Item(a[0], a[1], a[2], why));
    }
    return new BulkReport(items);
  }

  /** The next non-blank line at or after {@code pos}: its [start, end) (a CR before the LF dropped). */
  private static boolean nextLine(byte[] b, int pos, int n, int[] out) {
    while (pos < n) {
      int end = LineEnds.next(b, pos, n);
      int stop = end > pos && b[end - 1] == '\r' ? end - 1 : end;
      int s = pos;
      while (s < stop && (b[s] == ' ' || b[s] == '\t' || b[s] == '\r')) {
        s++;
      }
      if (s < stop) {
        out[0] = pos;
        out[1] = stop;
        return true;
      }
      pos = end + 1;
    }
    return false;
  }

  private static int countLines(byte[] b, int from, int to) {
    int c = 0;
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        c++;
      }
    }
    return c;
  }

  /** The action lines most shippers send, matched byte for byte before any parser is made. */
  private static final byte[][] PLAIN = {
      "{\"create\":{}}".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
      "{\"index\":{}}".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
  private static final Action[] PLAIN_ACTIONS = {new Action("create", null, null), new Action("index", null, null)};

  private static final byte[][] OPS = {"\"index\"".getBytes(StandardCharsets.US_ASCII),
      "\"create\"".getBytes(StandardCharsets.US_ASCII), "\"update\"".getBytes(StandardCharsets.US_ASCII),
      "\"delete\"".getBytes(StandardCharsets.US_ASCII)};

  /**
   * False when the line's first field name is certainly not an action's ({@code "index"},
   * {@code "create"}, {@code "update"}, {@code "delete"}): every document line is asked whether it
   * is an action, and this answers for almost all of them without a parser. A name with an escape
   * goes to the parser.
   */
  private static boolean mayBeAction(byte[] b, int from, int to) {
    int i = from;
    while (i < to && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    if (i == to || b[i] != '{') {
      return i < to;
    }
    i++;
    while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
      i++;
    }
    for (byte[] op : OPS) {
      if (to - i >= op.length && java.util.Arrays.equals(b, i, i + op.length, op, 0, op.length)) {
        return true;
      }
    }
    // An escaped name ("\u0069ndex") is left to the parser.
    for (int k = i + 1; k < to && k < i + 12 && b[k] != '"'; k++) {
      if (b[k] == '\\') {
        return true;
      }
    }
    return false;
  }

  /** The line as an action ({@code {"op":{…metadata…}}}), or null when it is not one. */
  private static Action action(byte[] b, int from, int to) {
    for (int k = 0; k < PLAIN.length; k++) {
      if (to - from == PLAIN[k].length && java.util.Arrays.equals(b, from, to, PLAIN[k], 0, PLAIN[k].length)) {
        return PLAIN_ACTIONS[k];
      }
    }
    if (!mayBeAction(b, from, to)) {
      return null;
    }
    try (JsonParser p = Json.factory().createParser(b, from, to - from)) {
      if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
        return null;
      }
      String op = p.currentName();
      if (!(op.equals("index") || op.equals("create") || op.equals("update") || op.equals("delete"))
          || p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String index = null;
      String id = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_STRING && name.equals("_index")) {
          index = p.getText();
        } else if (v == JsonToken.VALUE_STRING && name.equals("_id")) {
          id = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      return new Action(op, index, id);
    } catch (IOException e) {
      return null;
    }
  }
}
