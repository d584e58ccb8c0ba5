package io.tributary.local.lucene;

import io.tributary.event.LogEvent;
import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.EventCodec;
import io.tributary.event.TenantId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The index of one tenant's events of one UTC day: sorted by time (newest first) so recent-first
 * queries stop early, with a near-real-time searcher refreshed after each commit. One document per
 * id, the first write of it.
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

  /** Documents added since the searchers last saw the writer. Guarded by this. */
  private boolean unseen;

  /**
   * Adds the events of one upsert, keeping the first write of each id: an event whose id the index
   * already holds is added only if it was ingested earlier than that copy, which it then replaces
   * (between copies ingested at the same moment, the one whose encoding sorts first; within this
   * upsert, the earlier event). Upserts of one day are serialised here so that two cannot both add
   * an id.
   */
  synchronized void upsert(List<LogEvent> events, ByteWriter scratch) throws IOException {
    Map<String, LogEvent> winners = new LinkedHashMap<>();
    for (LogEvent e : events) {
      // Within one upsert, of copies ingested at the same moment the earlier event wins.
      LogEvent prev = winners.get(e.id());
      if (prev == null || e.ingestedNanos() < prev.ingestedNanos()) {
        winners.put(e.id(), e);
      }
    }
    if (unseen) {
      // Near-real-time: the searcher then sees what other upserts added, committed or not.
      searchers.maybeRefreshBlocking();
      unseen = false;
    }
    IndexSearcher searcher = searchers.acquire();
    try {
      for (LogEvent e : winners.values()) {
        LogEvent existing = find(searcher, e);
        if (existing == null) {
          writer.addDocument(document(e, scratch));
          unseen = true;
        } else if (firstWins(e, existing)) {
          writer.updateDocument(new Term(Fields.ID, e.id()), document(e, scratch));
          unseen = true;
        }
      }
    } finally {
      searchers.release(searcher);
    }
  }

  /** The stored copy of {@code e}'s id, or null. */
  private static LogEvent find(IndexSearcher searcher, LogEvent e) throws IOException {
    BytesRef id = new BytesRef(e.id());
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Terms terms = leaf.reader().terms(Fields.ID);
      if (terms == null) {
        continue;
      }
      TermsEnum te = terms.iterator();
      if (!te.seekExact(id)) {
        continue;
      }
      PostingsEnum docs = te.postings(null, PostingsEnum.NONE);
      Bits live = leaf.reader().getLiveDocs();
      for (int d = docs.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.nextDoc()) {
        if (live == null || live.get(d)) {
          return event(leaf.reader().storedFields().document(d).getBinaryValue(Fields.SOURCE), e.tenant());
        }
      }
    }
    return null;
  }

  /** True when copy {@code a} wins over copy {@code b}: the first ingested, then the smaller encoding. */
  static boolean firstWins(LogEvent a, LogEvent b) {
    if (a.ingestedNanos() != b.ingestedNanos()) {
      return a.ingestedNanos() < b.ingestedNanos();
    }
    if (a.equals(b)) {
      return false;
    }
    ByteWriter x = new ByteWriter(256);
    EventCodec.write(a, x);
    ByteWriter y = new ByteWriter(256);
    EventCodec.write(b, y);
    return java.util.Arrays.compareUnsigned(x.array(), 0, x.size(), y.array(), 0, y.size()) < 0;
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
