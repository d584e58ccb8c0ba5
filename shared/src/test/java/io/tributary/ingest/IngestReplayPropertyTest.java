package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * What ingest accepts, processing reads, exactly: for arbitrary requests (every field and alias
 * with arbitrary JSON values, every body shape and encoding, limits from the defaults to tiny ones,
 * frame bounds that send bodies down the items layouts), the events ingest accepted and the events
 * the published frames replay to are the same, one for one ({@link IngestReplayCheck}).
 *
 * <p>A fixed seed and {@value #TRIES} cases in {@code mvn verify}; {@code loadtest/run fuzz-ingest
 * --cases N [--seed S]} runs the same check for as long as wanted. After the run, the test checks
 * that it ran every case and that the cases reached every shape, encoding, refusal and layout, so
 * that a generator that drifted into producing only trivial requests fails loudly.
 */
class IngestReplayPropertyTest {

  static final int TRIES = 2500;
  private static final AtomicInteger RUN = new AtomicInteger();
  private static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();

  @BeforeContainer
  static void reset() {
    RUN.set(0);
    SEEN.clear();
  }

  @Provide
  Arbitrary<IngestCase> requests() {
    return Arbitraries.randomValue(IngestCases::next);
  }

  @Property(tries = TRIES, seed = "20261125", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void ingestAcceptsExactlyWhatReplayReads(@ForAll("requests") IngestCase c) {
    IngestReplayCheck.Outcome o = IngestReplayCheck.run(c);
    RUN.incrementAndGet();
    count("shape " + c.shape());
    if (!c.shape().equals("text") && Utf8.isPlainJson(c.raw(), 0, c.raw().length)) {
      count("plain json");
    }
    count("encoding " + (c.contentEncoding() == null ? "identity" : c.contentEncoding().toLowerCase(Locale.ROOT)));
    count(o.refusal() != null ? "refused " + o.refusal() : o.itemsLayout() ? "accepted as items" : "accepted as body");
    o.rejectionCodes().stream().distinct().forEach(code -> count("rejected " + code));
    assertTrue(o.ok(), () -> o.failure() + "\n" + c.describe());
  }

  private static void count(String what) {
    SEEN.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  @AfterContainer
  static void everyCaseRanAndEveryPathWasReached() {
    Map<String, Integer> seen = new TreeMap<>();
    SEEN.forEach((k, v) -> seen.put(k, v.get()));
    System.out.println("IngestReplayPropertyTest: " + RUN.get() + " cases, " + seen);
    assertEquals(TRIES, RUN.get(), "every generated case ran");
    assertTrue(seen.getOrDefault("plain json", 0) > TRIES / 10, "plain bodies (the fast path): " + seen);
    for (String shape : IngestCases.SHAPES) {
      assertTrue(seen.getOrDefault("shape " + shape, 0) > TRIES / 20, "shape " + shape + ": " + seen);
    }
    for (String key : new String[] {"encoding identity", "encoding gzip", "encoding x-gzip", "encoding zstd",
        "accepted as body",
        "accepted as items", "refused malformed_json", "refused no_valid_events", "refused too_many_events",
        "rejected invalid_utf8", "rejected invalid_timestamp", "rejected invalid_id", "rejected invalid_field_type",
        "rejected missing_message", "rejected not_an_object", "rejected malformed_json", "rejected field_too_long",
        "rejected too_many_attributes", "rejected too_deeply_nested", "rejected event_too_large",
        "rejected json_too_deep", "rejected nul_byte", "rejected timestamp_in_future"}) {
      assertTrue(seen.getOrDefault(key, 0) >= 5, key + " reached " + seen.getOrDefault(key, 0) + " times: " + seen);
    }
  }
}
