package io.tributary.local.lucene;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.frame.ByteWriter;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryExpr;
import io.tributary.query.Order;
import io.tributary.query.QueryDeadline;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;

/**
 * The local {@link LogStore}: a Lucene index per tenant and UTC day under
 * {@code store/<tenant>/<yyyy-MM-dd>/}. The first write of an id wins: a later copy is not added
 * (an earlier-ingested one replaces it); each {@link #upsert} commits what it touched (durable)
 * and refreshes the near-real-time searchers (visible). Queries search the
 * days the time range covers, sorted by (time, id) with search-after paging.
 */
public final class LuceneLogStore implements LogStore {

  private final Path root;
  private final Map<String, DayIndex> open = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public LuceneLogStore(Path root) throws IOException {
    this.root = root;
    io.tributary.local.files.DurableFiles.createDirectories(root);
  }

  private static String key(TenantId tenant, long epochDay) {
    return tenant.value() + "/" + LocalDate.ofEpochDay(epochDay);
  }

  private DayIndex index(TenantId tenant, long epochDay) {
    return open.computeIfAbsent(key(tenant, epochDay), k -> {
      try {
        return new DayIndex(root.resolve(k), epochDay);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public void upsert(List<LogEvent> events) throws IOException {
    if (closed) {
      throw new IOException("store is closed");
    }
    Map<DayIndex, List<LogEvent>> byDay = new LinkedHashMap<>();
    try {
      for (LogEvent e : events) {
        byDay.computeIfAbsent(index(e.tenant(), e.epochDay()), d -> new ArrayList<>()).add(e);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    ByteWriter scratch = new ByteWriter(1024);
    for (Map.Entry<DayIndex, List<LogEvent>> d : byDay.entrySet()) {
      d.getKey().upsert(d.getValue(), scratch);
    }
    for (DayIndex d : byDay.keySet()) {
      d.commit();
    }
  }

  @Override
  public List<LogEvent> query(TenantId tenant, LogQuery q) throws IOException {
    return query(tenant, q, QueryDeadline.none());
  }

  /** Lucene looks at {@code deadline} between intervals of documents it scores (a timed-out search). */
  @Override
  public List<LogEvent> query(TenantId tenant, LogQuery q, QueryDeadline deadline) throws IOException {
    List<DayIndex> days = days(tenant, q.fromNanos(), q.toNanos());
    if (days.isEmpty() || q.limit() <= 0) {
      return List.of();
    }
    List<IndexSearcher> acquired = new ArrayList<>(days.size());
    try {
      IndexReader[] readers = new IndexReader[days.size()];
      for (int i = 0; i < days.size(); i++) {
        IndexSearcher s = days.get(i).searchers.acquire();
        acquired.add(s);
        readers[i] = s.getIndexReader();
      }
      try (MultiReader multi = new MultiReader(readers, false)) {
        IndexSearcher searcher = new IndexSearcher(multi);
        searcher.setTimeout(deadline::passed);
        boolean reverse = q.order() == Order.NEWEST;
        Sort sort = new Sort(new SortField(Fields.TIME, SortField.Type.LONG, reverse),
            new SortField(Fields.ID, SortField.Type.STRING, reverse));
        Query query = toLucene(q);
        LogFilter filter = LogFilter.of(q);
        FieldDoc after = null;
        if (q.after() != null) {
          // The last doc id: an event equal to the cursor on (time, id) is the cursor itself, never after it.
          if (multi.maxDoc() == 0) {
            return List.of();
          }
          after = new FieldDoc(multi.maxDoc() - 1, Float.NaN,
              new Object[] {q.after().timeNanos(), new BytesRef(q.after().id())});
        }
        StoredFields stored = searcher.storedFields();
        List<LogEvent> out = new ArrayList<>(Math.min(q.limit(), 1024));
        // The Lucene query is exact for most of q and a superset for the rest (ranges, fields it does
        // not index): every hit is confirmed by the shared predicate, and pages are read until full.
        while (out.size() < q.limit()) {
          TopFieldDocs top = after == null ? searcher.search(query, q.limit(), sort)
              : (TopFieldDocs) searcher.searchAfter(after, query, q.limit(), sort);
          if (searcher.timedOut()) {
            // Lucene returns what it had collected; a partial page would skip events.
            throw new io.tributary.query.QueryTimeoutException(deadline.budget());
          }
          for (ScoreDoc sd : top.scoreDocs) {
            BytesRef src = stored.document(sd.doc).getBinaryValue(Fields.SOURCE);
            LogEvent e = DayIndex.event(src, tenant);
            if (filter.matches(e) && out.size() < q.limit()) {
              out.add(e);
            }
          }
          if (top.scoreDocs.length < q.limit()) {
            break;
          }
          deadline.check();
          after = (FieldDoc) top.scoreDocs[top.scoreDocs.length - 1];
        }
        return out;
      }
    } finally {
      for (int i = 0; i < acquired.size(); i++) {
        days.get(i).searchers.release(acquired.get(i));
      }
    }
  }

  private static Query toLucene(LogQuery q) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
    if (q.fromNanos() != Long.MIN_VALUE || q.toNanos() != Long.MAX_VALUE) {
      long upper = q.toNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : q.toNanos() - 1;
      b.add(LongPoint.newRangeQuery(Fields.TIME, q.fromNanos(), upper), BooleanClause.Occur.FILTER);
    }
    if (q.asOfNanos() != Long.MAX_VALUE) {
      b.add(LongPoint.newRangeQuery(Fields.INGESTED, Long.MIN_VALUE, q.asOfNanos()), BooleanClause.Occur.FILTER);
    }
    if (!q.severities().isEmpty() && q.severities().size() < Severity.values().length) {
      b.add(anyOf(Fields.SEVERITY, q.severities().stream().map(Enum::name).toList()), BooleanClause.Occur.FILTER);
    }
    if (!q.services().isEmpty()) {
      b.add(anyOf(Fields.SERVICE, q.services()), BooleanClause.Occur.FILTER);
    }
    if (!q.hosts().isEmpty()) {
      b.add(anyOf(Fields.HOST, q.hosts()), BooleanClause.Occur.FILTER);
    }
    for (Map.Entry<String, String> a : q.attributes().entrySet()) {
      b.add(new TermQuery(new Term(Fields.ATTRIBUTE_PREFIX + a.getKey(), a.getValue())), BooleanClause.Occur.FILTER);
    }
    for (String w : q.words()) {
      b.add(new TermQuery(new Term(Fields.MESSAGE, w)), BooleanClause.Occur.FILTER);
    }
    Translation t = translate(q.expr());
    if (t.query != null) {
      b.add(t.query, BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  /**
   * A Lucene query for a {@code q} tree: {@code query} null matches everything; {@code exact} false
   * when it matches more than the tree (a superset), as for tests of what the index does not hold.
   */
  private record Translation(Query query, boolean exact) {
    static final Translation ANY = new Translation(null, false);
  }

  private static Translation translate(QueryExpr e) {
    if (e instanceof QueryExpr.Word w) {
      return new Translation(new TermQuery(new Term(Fields.MESSAGE, w.word())), true);
    }
    if (e instanceof QueryExpr.Phrase p) {
      return new Translation(new PhraseQuery(Fields.MESSAGE, p.words().toArray(String[]::new)), true);
    }
    if (e instanceof QueryExpr.Prefix p) {
      return new Translation(new PrefixQuery(new Term(Fields.MESSAGE, p.prefix())), true);
    }
    if (e instanceof QueryExpr.FieldIs f) {
      return switch (f.field()) {
        case SERVICE -> new Translation(new TermQuery(new Term(Fields.SERVICE, f.value())), true);
        case HOST -> new Translation(new TermQuery(new Term(Fields.HOST, f.value())), true);
        default -> Translation.ANY; // not indexed: the predicate decides
      };
    }
    if (e instanceof QueryExpr.AttributeIs a) {
      return a.value().length() > Fields.MAX_INDEXED_VALUE ? Translation.ANY
          : new Translation(new TermQuery(new Term(Fields.ATTRIBUTE_PREFIX + a.name(), a.value())), true);
    }
    if (e instanceof QueryExpr.SeverityIn s) {
      List<String> names = new ArrayList<>();
      for (Severity v : Severity.values()) {
        if (s.contains(v)) {
          names.add(v.name());
        }
      }
      return new Translation(anyOf(Fields.SEVERITY, names), true);
    }
    if (e instanceof QueryExpr.And a) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      boolean exact = true;
      boolean any = false;
      for (QueryExpr p : a.parts()) {
        Translation t = translate(p);
        exact &= t.exact;
        if (t.query != null) {
          b.add(t.query, BooleanClause.Occur.FILTER);
          any = true;
        }
      }
      return any ? new Translation(b.build(), exact) : Translation.ANY;
    }
    if (e instanceof QueryExpr.Or o) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      boolean exact = true;
      for (QueryExpr p : o.parts()) {
        Translation t = translate(p);
        if (t.query == null) {
          return Translation.ANY;
        }
        exact &= t.exact;
        b.add(t.query, BooleanClause.Occur.SHOULD);
      }
      return new Translation(b.build(), exact);
    }
    if (e instanceof QueryExpr.Not n) {
      Translation t = translate(n.part());
      if (t.query == null || !t.exact) {
        return Translation.ANY; // excluding a superset would drop matches
      }
      return new Translation(new BooleanQuery.Builder().add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST)
          .add(t.query, BooleanClause.Occur.MUST_NOT).build(), true);
    }
    return Translation.ANY; // ALL, and numeric ranges (attributes are indexed as text)
  }

  private static Query anyOf(String field, List<String> values) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String v : values) {
      b.add(new TermQuery(new Term(field, v)), BooleanClause.Occur.SHOULD);
    }
    return b.build();
  }

  /** The tenant's day indexes that overlap [from, to). */
  private List<DayIndex> days(TenantId tenant, long from, long to) throws IOException {
    Path dir = root.resolve(tenant.value());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    long firstDay = from == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(from, Timestamps.NANOS_PER_DAY);
    long lastDay = to == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(to - 1, Timestamps.NANOS_PER_DAY);
    List<DayIndex> out = new ArrayList<>();
    Map<Long, Boolean> seen = new HashMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        long day;
        try {
          day = LocalDate.parse(p.getFileName().toString()).toEpochDay();
        } catch (java.time.format.DateTimeParseException e) {
          continue;
        }
        if (day >= firstDay && day <= lastDay && seen.put(day, Boolean.TRUE) == null) {
          out.add(index(tenant, day));
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    IOException first = null;
    for (DayIndex d : open.values()) {
      try {
        d.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}
