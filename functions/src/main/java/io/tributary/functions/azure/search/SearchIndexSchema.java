package io.tributary.functions.azure.search;

import com.azure.search.documents.indexes.models.CustomAnalyzer;
import com.azure.search.documents.indexes.models.LexicalAnalyzerName;
import com.azure.search.documents.indexes.models.LexicalTokenizerName;
import com.azure.search.documents.indexes.models.PatternTokenizer;
import com.azure.search.documents.indexes.models.SearchField;
import com.azure.search.documents.indexes.models.SearchFieldDataType;
import com.azure.search.documents.indexes.models.TokenFilterName;
import java.util.List;

/**
 * The AI Search index of events, defined here and nowhere else: the app creates or updates it at
 * start-up ({@code createOrUpdate}, idempotent), since bicep cannot create an index (data plane).
 * Field names are written to the service: never rename one; add fields instead.
 *
 * <p>The message is analysed like {@link io.tributary.query.Words}: runs of letters and digits,
 * lower-cased, so a word finds the same lines here as in the store.
 */
public final class SearchIndexSchema {

  /** The key: {@code <tenant>=<base64url(id)>} (keys allow letters, digits, '_', '-', '='). */
  public static final String KEY = "key";
  public static final String TENANT = "tenantId";
  /** The event's own id, for ordering ties and paging. */
  public static final String EVENT_ID = "eventId";
  /** Event time, ns since the epoch (exact; the store's order and cursors are in ns). */
  public static final String TIME = "timeNanos";
  public static final String INGESTED = "ingestedNanos";
  public static final String SEVERITY = "severity";
  public static final String SEVERITY_TEXT = "severityText";
  public static final String SERVICE = "service";
  public static final String HOST = "host";
  public static final String MESSAGE = "message";
  public static final String KIND = "kind";
  public static final String PATTERN = "patternId";
  public static final String TEMPLATE = "template";
  public static final String TRACE = "traceId";
  public static final String SPAN = "spanId";
  /** {@code key=value} pairs, for exact filters ({@code attributes/any(a: a eq 'k=v')}). */
  public static final String ATTRIBUTES = "attributes";
  /** The attributes as JSON, retrievable only: gives back their types (numbers, booleans). */
  public static final String ATTRIBUTES_JSON = "attributesJson";

  /** Runs of letters and digits, lower-cased: {@link io.tributary.query.Words} in the service's terms. */
  public static final String WORDS_ANALYZER = "tributary_words";
  static final String WORDS_TOKENIZER = "tributary_words_tokenizer";

  private SearchIndexSchema() {
  }

  /** The index definition named {@code indexName}. */
  public static com.azure.search.documents.indexes.models.SearchIndex definition(String indexName) {
    return new com.azure.search.documents.indexes.models.SearchIndex(indexName)
        .setFields(fields())
        .setTokenizers(new PatternTokenizer(WORDS_TOKENIZER).setPattern("[^\\p{L}\\p{N}]+"))
        .setAnalyzers(new CustomAnalyzer(WORDS_ANALYZER, LexicalTokenizerName.fromString(WORDS_TOKENIZER))
            .setTokenFilters(TokenFilterName.LOWERCASE));
  }

  static List<SearchField> fields() {
    return List.of(
        keyword(KEY).setKey(true).setFilterable(true),
        keyword(TENANT).setFilterable(true),
        keyword(EVENT_ID).setFilterable(true).setSortable(true),
        number(TIME).setFilterable(true).setSortable(true),
        number(INGESTED).setFilterable(true),
        keyword(SEVERITY).setFilterable(true).setFacetable(true),
        keyword(SEVERITY_TEXT),
        keyword(SERVICE).setFilterable(true).setFacetable(true),
        keyword(HOST).setFilterable(true).setFacetable(true),
        new SearchField(MESSAGE, SearchFieldDataType.STRING).setSearchable(true).setFilterable(false)
            .setSortable(false).setFacetable(false)
            .setAnalyzerName(LexicalAnalyzerName.fromString(WORDS_ANALYZER)),
        keyword(KIND),
        keyword(PATTERN).setFilterable(true).setFacetable(true),
        keyword(TEMPLATE),
        keyword(TRACE).setFilterable(true),
        keyword(SPAN),
        new SearchField(ATTRIBUTES, SearchFieldDataType.collection(SearchFieldDataType.STRING)).setSearchable(false)
            .setFilterable(true).setSortable(false).setFacetable(false),
        keyword(ATTRIBUTES_JSON));
  }

  /** A whole number that is retrieved, and filtered or sorted only when the caller says so. */
  private static SearchField number(String name) {
    return new SearchField(name, SearchFieldDataType.INT64).setFilterable(false).setSortable(false)
        .setFacetable(false);
  }

  /** A string that is retrieved, and filtered or faceted only when the caller says so. */
  private static SearchField keyword(String name) {
    return new SearchField(name, SearchFieldDataType.STRING).setSearchable(false).setFilterable(false)
        .setSortable(false).setFacetable(false);
  }
}
