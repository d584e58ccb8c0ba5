package io.tributary.local.lucene;

import io.tributary.event.LogEvent;
import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.EventCodec;
import io.tributary.event.TenantId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The index of one tenant's events of one UTC day: sorted by time (newest first) so recent-first
 * queries stop early, with a near-real-time searcher refreshed after each commit.
 */
final class DayIndex implements AutoCloseable {

  final long epochDay;
  private final FSDirectory directory;
  private final IndexWriter writer;
  final SearcherManager searchers;

  DayIndex(Path dir, long epochDay) throws IOException {
    this.epochDay = epochDay;
    this.directory = FSDirectory.open(dir);
    IndexWriterConfig config = new IndexWriterConfig(new WordAnalyzer())
        .setIndexSort(new Sort(new SortField(Fields.TIME, SortField.Type.LONG, true)))
        .setRAMBufferSizeMB(64)
        .setCommitOnClose(true);
    this.writer = new IndexWriter(directory, config);
    this.searchers = new SearcherManager(writer, null);
  }

  void upsert(LogEvent e, ByteWriter scratch) throws IOException {
    writer.updateDocument(new Term(Fields.ID, e.id()), document(e, scratch));
  }

  /** Makes every upsert so far durable and visible. */
  void commit() throws IOException {
    writer.commit();
    searchers.maybeRefreshBlocking();
  }

  static Document document(LogEvent e, ByteWriter scratch) {
    Document d = new Document();
    d.add(new StringField(Fields.ID, e.id(), Field.Store.NO));
    d.add(new SortedDocValuesField(Fields.ID, new BytesRef(e.id())));
    d.add(new LongPoint(Fields.TIME, e.timeNanos()));
    d.add(new NumericDocValuesField(Fields.TIME, e.timeNanos()));
    d.add(new LongPoint(Fields.INGESTED, e.ingestedNanos()));
    d.add(new StringField(Fields.SEVERITY, e.severity().name(), Field.Store.NO));
    d.add(new StringField(Fields.SERVICE, e.service(), Field.Store.NO));
    d.add(new StringField(Fields.HOST, e.host(), Field.Store.NO));
    for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
      String v = String.valueOf(a.getValue());
      if (v.length() <= Fields.MAX_INDEXED_VALUE) {
        d.add(new StringField(Fields.ATTRIBUTE_PREFIX + a.getKey(), v, Field.Store.NO));
      }
    }
    d.add(new TextField(Fields.MESSAGE, e.message(), Field.Store.NO));
    scratch.reset();
    scratch.writeLong(e.ingestedNanos());
    EventCodec.write(e, scratch);
    d.add(new StoredField(Fields.SOURCE, new BytesRef(scratch.array(), 0, scratch.size())));
    return d;
  }

  static LogEvent event(BytesRef src, TenantId tenant) {
    ByteReader r = new ByteReader(src.bytes, src.offset, src.length);
    long ingested = r.readLong();
    return EventCodec.read(r, tenant, ingested);
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    writer.close();
    directory.close();
  }
}
