package io.tributary.pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mines patterns from the bodies of one stream of lines (one tenant's service), online, in one
 * pass, in the manner of Drain: a body is split into tokens and variable tokens are masked by
 * general {@link TokenClass}es; the masked line is routed by its token count and first two tokens
 * to a leaf of clusters; it joins the oldest cluster whose template it fits, else the most similar
 * one when at least {@link MinerOptions#similarity()} of the tokens are equal (the template then
 * generalises where they differ), else it founds a new cluster.
 *
 * <p>One habit of log statements is built in: when two lines differ in their last token and both
 * have a constant there, they are different statements ({@code ... layout begin} and
 * {@code ... layout end}, {@code ... HTTPS} and {@code ... SOCKS5}), so such a line never joins by
 * similarity; values that end a line are mostly numbers or ids, which are masked anyway.
 *
 * <p>Ids: a pattern's id is a function of its template alone ({@link #idOf(long[])}: 12 hex digits
 * of a hash of the template's tokens), so every process and every restart that reaches the same
 * template names it the same, whatever line founded it and in whatever order lines came. When a
 * template generalises its id changes with it; the old id becomes a <em>former id</em> of the
 * pattern ({@link #resolve(String)} maps it to the current pattern, {@link #equivalentIds(String)}
 * lists them all, so a query by either finds both). A line that joined a cluster fits its template
 * from then on (templates only generalise), so it keeps mapping to that cluster.
 *
 * <p>Memory is bounded: at most {@link MinerOptions#maxClusters()} clusters (the least recently
 * used is dropped), each at most {@link MinerOptions#maxTokens()} tokens of at most
 * {@link MinerOptions#maxTokenChars()} characters. Thread-safe: one lock per miner.
 */
public final class PatternMiner {

  /** Former ids kept per pattern; a template of n tokens generalises at most n times. */
  public static final int MAX_FORMER_IDS = 32;
  /** Different words seen at one position before it is taken as a variable (see {@link #mergeWordSiblings}). */
  static final int WORD_VALUES = 3;
  private static final long W = Tokenizer.WILDCARD_HASH;

  private final MinerOptions options;
  private final Tokenizer tokenizer;
  private final Map<LeafKey, List<Cluster>> leaves = new HashMap<>();
  /** All clusters by current id, least recently used first. */
  private final LinkedHashMap<String, Cluster> clusters = new LinkedHashMap<>(64, 0.75f, true);
  /** Every id a live cluster has or had (its current id wins over another's former id). */
  private final HashMap<String, Cluster> byAnyId = new HashMap<>();
  private long sequence;
  /** The sum of the clusters' {@code retainedBytes}; read without the lock by the registry. */
  private volatile long retainedBytes;

  public PatternMiner(MinerOptions options) {
    this.options = options;
    this.tokenizer = new Tokenizer(options);
  }

  public PatternMiner() {
    this(MinerOptions.defaults());
  }

  public MinerOptions options() {
    return options;
  }

  /** The pattern of {@code body} (the content of a line, after its header); never null. */
  public synchronized Pattern mine(String body) {
    Tokenizer line = tokenizer;
    line.tokenize(body == null ? "" : body);
    LeafKey key = LeafKey.of(line);
    List<Cluster> leaf = leaves.get(key);
    if (leaf == null) {
      leaf = new ArrayList<>(2);
      leaves.put(key, leaf);
    }
    for (Cluster c : leaf) {
      if (c.fits(line)) {
        return touch(c);
      }
    }
    Cluster wide = fitInWildcardLeaves(key, line);
    if (wide != null) {
      return touch(wide);
    }
    Cluster best = null;
    double bestSimilarity = -1;
    for (Cluster c : leaf) {
      if (c.lastConstantDiffers(line)) {
        continue;
      }
      double sim = c.similarity(line);
      if (sim > bestSimilarity) {
        best = c;
        bestSimilarity = sim;
      }
    }
    if (best != null && bestSimilarity >= options.similarity()) {
      int word = best.soleDifferingWord(line);
      if (word < 0) {
        if (best.absorb(line)) {
          best = mergeSubsumed(rename(best));
        }
        return touch(best);
      }
      Cluster merged = mergeWordSiblings(leaf, best, word, line);
      if (merged != null) {
        return touch(merged);
      }
    }
    Cluster leading = mergeLeadingSiblings(key, line);
    if (leading != null) {
      return touch(leading);
    }
    long[] hashes = line.hashes();
    String id = idOf(hashes);
    Cluster same = clusters.get(id);
    if (same != null) {
      // Only a 48-bit hash collision gets here: a line equal to a live template fits it.
      return touch(same);
    }
    Cluster c = new Cluster(id, sequence++, key, hashes, line.tokens(), 0, List.of());
    leaf.add(c);
    clusters.put(id, c);
    byAnyId.put(id, c);
    retainedBytes += c.retainedBytes();
    if (c.wide()) {
      c = mergeSubsumed(c);
    }
    evictBeyondLimit();
    return touch(c);
  }

  /**
   * The pattern an id names now: the pattern whose id it is, or the one whose template generalised
   * from the template it named. Null when the miner holds no such pattern (never seen, or evicted).
   */
  public synchronized Pattern resolve(String id) {
    Cluster c = byAnyId.get(id);
    return c == null ? null : c.pattern();
  }

  /**
   * Every id of the pattern {@code id} names, current first, then its former ids from the most
   * recent; just {@code id} when the miner holds no such pattern.
   */
  public synchronized List<String> equivalentIds(String id) {
    Cluster c = byAnyId.get(id);
    if (c == null) {
      return List.of(id);
    }
    List<String> out = new ArrayList<>(1 + c.formerIds.size());
    out.add(c.id);
    for (int i = c.formerIds.size() - 1; i >= 0; i--) {
      out.add(c.formerIds.get(i));
    }
    return out;
  }

  /**
   * The rule for two statements that differ by one constant word ({@code stored as bytes in
   * memory}, {@code stored as values in memory}): a word where the line and a template differ,
   * all else alike, becomes a variable only once {@value #WORD_VALUES} different words have been
   * seen there. Until then the line founds a cluster of its own (returns null); at the third word
   * the clusters that differ from the line only in that word (its siblings) merge into
   * {@code best}, which absorbs the line, and their ids become former ids of the merged pattern.
   */
  private Cluster mergeWordSiblings(List<Cluster> leaf, Cluster best, int word, Tokenizer line) {
    List<Cluster> siblings = new ArrayList<>(4);
    java.util.Set<Long> values = new java.util.HashSet<>(4);
    values.add(line.hash(word));
    for (Cluster c : leaf) {
      if (c.differsOnlyInWordAt(word, line)) {
        siblings.add(c);
        values.add(c.hashes[word]);
      }
    }
    if (values.size() < WORD_VALUES) {
      return null;
    }
    return absorbSiblings(best, line, siblings) ? mergeSubsumed(rename(best)) : best;
  }

  /**
   * Merges {@code line} and {@code siblings} into {@code best} (their lines fit it, their ids become
   * its former ids), keeping {@link #retainedBytes}; true when {@code best}'s template changed.
   */
  private boolean absorbSiblings(Cluster best, Tokenizer line, List<Cluster> siblings) {
    retainedBytes -= best.retainedBytes();
    boolean changed = best.absorb(line);
    for (Cluster c : siblings) {
      if (c != best) {
        changed |= best.absorbTemplate(c);
        absorbCluster(best, c);
      }
    }
    retainedBytes += best.retainedBytes();
    return changed;
  }

  /**
   * The oldest cluster that fits the line among those routed by a variable in place of one or both
   * of the line's first two tokens ({@link #mergeLeadingSiblings}); null when none fits.
   */
  private Cluster fitInWildcardLeaves(LeafKey key, Tokenizer line) {
    int n = key.length();
    if (n == 0 || key.first() == W && (n < 2 || key.second() == W)) {
      return null;
    }
    Cluster found = null;
    if (key.first() != W) {
      found = fitIn(new LeafKey(n, W, key.second()), line);
    }
    if (found == null && n > 1 && key.second() != W) {
      found = fitIn(new LeafKey(n, key.first(), W), line);
      if (found == null && key.first() != W) {
        found = fitIn(new LeafKey(n, W, W), line);
      }
    }
    return found;
  }

  private Cluster fitIn(LeafKey key, Tokenizer line) {
    List<Cluster> leaf = leaves.get(key);
    if (leaf != null) {
      for (Cluster c : leaf) {
        if (c.fits(line) && c.wide()) {
          return c;
        }
      }
    }
    return null;
  }

  /**
   * The sibling rule of {@link #mergeWordSiblings} across routing leaves, for a variable among the
   * first two tokens (a program, host or user name that starts a line whose statement is
   * constant): lines are routed by their first two tokens, so such lines never meet in one leaf.
   * When clusters of the line's length in other leaves differ from the line only at position
   * {@code p} (0 or 1), all else alike, and {@value #WORD_VALUES} different tokens have been seen
   * there (two when each of them is partly variable, as {@code rdd_<*>} and {@code broadcast_<*>}),
   * the position becomes a variable: the clusters merge with the line into one routed by a
   * wildcard there. Not when the merged template would keep fewer than two constants, or fewer
   * than half its tokens ({@code Starting <*>}, {@code Stopping <*>} stay apart), nor when a value
   * there is a plain word rather than a name ({@link #isName}). Null when nothing merged.
   */
  private Cluster mergeLeadingSiblings(LeafKey key, Tokenizer line) {
    int n = key.length();
    for (int p = 0; p < Math.min(2, n); p++) {
      long lp = line.hash(p);
      if (lp == W) {
        continue;
      }
      List<Cluster> siblings = null;
      java.util.Set<Long> values = null;
      String own = line.token(p);
      boolean partlyVariable = own.contains(Pattern.WILDCARD);
      boolean named = isName(own);
      for (Map.Entry<LeafKey, List<Cluster>> e : leaves.entrySet()) {
        LeafKey k = e.getKey();
        if (k.length() != n || k.equals(key)) {
          continue;
        }
        for (Cluster c : e.getValue()) {
          if (c.hashes[p] != lp && c.differsOnlyInWordAt(p, line)) {
            if (siblings == null) {
              siblings = new ArrayList<>(4);
              values = new java.util.HashSet<>(4);
              values.add(lp);
            }
            siblings.add(c);
            values.add(c.hashes[p]);
            partlyVariable &= c.template[p].contains(Pattern.WILDCARD);
            named &= isName(c.template[p]);
          }
        }
      }
      if (siblings == null || !partlyVariable && !named
          || values.size() < (partlyVariable ? 2 : WORD_VALUES)) {
        continue;
      }
      int constants = 0;
      for (int i = 0; i < n; i++) {
        if (i == p || line.hash(i) == W) {
          continue;
        }
        boolean kept = true;
        for (Cluster c : siblings) {
          kept &= c.hashes[i] != W;
        }
        if (kept) {
          constants++;
        }
      }
      if (constants < 2 || 2 * constants < n) {
        continue;
      }
      Cluster best = siblings.get(0);
      for (Cluster c : siblings) {
        if (c.sequence < best.sequence) {
          best = c;
        }
      }
      absorbSiblings(best, line, siblings);
      removeFromLeaf(best);
      best.leaf = LeafKey.of(n, best.hashes);
      addToLeaf(best);
      return mergeSubsumed(rename(best));
    }
    return null;
  }

  /**
   * True when a token is shaped as a name rather than a word of a sentence: it holds a character
   * other than a letter (a digit, {@code . _ - : / @ [}...) before its last one ({@code chrome.exe},
   * {@code ssh2}, {@code node-D1}), or a capital right after a small letter ({@code mDNSResponder};
   * not {@code HTTPS}).
   * A plain word ({@code Starting}, {@code Temperature}, {@code kernel:}) that starts a line is
   * more often the statement's own word than a variable: Drain routes only tokens holding digits
   * to its wildcard child, for that reason.
   */
  static boolean isName(String token) {
    int n = token.length();
    if (n > 1 && ",;:.".indexOf(token.charAt(n - 1)) >= 0) {
      n--;
    }
    for (int i = 0; i < n; i++) {
      char c = token.charAt(i);
      if (!Character.isLetter(c) || i > 0 && Character.isUpperCase(c) && Character.isLowerCase(token.charAt(i - 1))) {
        return true;
      }
    }
    return false;
  }

  /** Adds {@code c} to its leaf, in the order clusters were made (older ones are tried first). */
  private void addToLeaf(Cluster c) {
    List<Cluster> leaf = leaves.computeIfAbsent(c.leaf, k -> new ArrayList<>(2));
    int at = leaf.size();
    while (at > 0 && leaf.get(at - 1).sequence > c.sequence) {
      at--;
    }
    leaf.add(at, c);
  }

  /**
   * Merges into {@code c}, whose template just generalised, every other cluster it now covers
   * (theirs has {@code c}'s constants where {@code c} has any): in its leaf, and when {@code c}
   * has a variable among its first two tokens, in the leaves of the same length whose first tokens
   * it covers. Their lines fit {@code c}, and their ids become its former ids. Without this the
   * clusters a set of lines ends in would depend on the order the lines came in.
   */
  private Cluster mergeSubsumed(Cluster c) {
    List<Cluster> covered = null;
    int n = c.hashes.length;
    List<List<Cluster>> scan;
    if (!c.wide()) {
      scan = List.of(leaves.getOrDefault(c.leaf, List.of()));
    } else {
      scan = new ArrayList<>();
      for (Map.Entry<LeafKey, List<Cluster>> e : leaves.entrySet()) {
        LeafKey k = e.getKey();
        if (k.length() == n && (c.hashes[0] == W || k.first() == c.hashes[0])
            && (n < 2 || c.hashes[1] == W || k.second() == c.hashes[1])) {
          scan.add(e.getValue());
        }
      }
    }
    for (List<Cluster> leaf : scan) {
      for (Cluster o : leaf) {
        if (o != c && c.covers(o)) {
          if (covered == null) {
            covered = new ArrayList<>(2);
          }
          covered.add(o);
        }
      }
    }
    if (covered == null) {
      return c;
    }
    retainedBytes -= c.retainedBytes();
    for (Cluster o : covered) {
      absorbCluster(c, o);
    }
    retainedBytes += c.retainedBytes();
    return c;
  }

  /** Moves {@code o}'s hits and ids to {@code into} and drops {@code o}; {@code into}'s bytes are the caller's to count. */
  private void absorbCluster(Cluster into, Cluster o) {
    into.hits += o.hits;
    clusters.remove(o.id);
    retainedBytes -= o.retainedBytes();
    removeFromLeaf(o);
    byAnyId.remove(o.id, o);
    for (String f : o.formerIds) {
      byAnyId.remove(f, o);
      addFormerId(into, f);
    }
    addFormerId(into, o.id);
  }

  /**
   * Gives {@code c}, whose template just generalised, the id of its new template; the old id
   * becomes a former id. Should another cluster have that template already, {@code c} is merged
   * into it (its hits and ids), and that one is returned.
   */
  private Cluster rename(Cluster c) {
    String old = c.id;
    String id = idOf(c.hashes);
    if (id.equals(old)) {
      c.renameTo(id);
      return c;
    }
    clusters.remove(old);
    retainedBytes -= c.retainedBytes();
    Cluster other = clusters.get(id);
    if (other != null) {
      removeFromLeaf(c);
      for (String f : c.formerIds) {
        byAnyId.remove(f, c);
      }
      byAnyId.remove(old, c);
      retainedBytes -= other.retainedBytes();
      other.hits += c.hits;
      for (String f : c.formerIds) {
        addFormerId(other, f);
      }
      addFormerId(other, old);
      retainedBytes += other.retainedBytes();
      return other;
    }
    c.renameTo(id);
    byAnyId.put(old, c);
    byAnyId.put(id, c);
    trimFormerIds(c);
    clusters.put(id, c);
    retainedBytes += c.retainedBytes();
    return c;
  }

  private void addFormerId(Cluster c, String f) {
    if (!f.equals(c.id) && !c.formerIds.contains(f)) {
      c.formerIds.add(f);
      byAnyId.putIfAbsent(f, c);
      trimFormerIds(c);
    }
  }

  private void trimFormerIds(Cluster c) {
    while (c.formerIds.size() > MAX_FORMER_IDS) {
      byAnyId.remove(c.formerIds.remove(0), c);
    }
  }

  /** An upper bound of the memory the miner's clusters retain now, in bytes. */
  public long retainedBytes() {
    return retainedBytes;
  }

  /** How many clusters the miner holds now. */
  public synchronized int clusterCount() {
    return clusters.size();
  }

  /** A copy of the miner's state, to save. */
  public synchronized MinerState snapshot() {
    List<ClusterState> list = new ArrayList<>(clusters.size());
    for (Cluster c : clusters.values()) {
      list.add(new ClusterState(c.id, c.sequence, c.hits, Arrays.asList(c.template.clone()), c.formerIds));
    }
    return new MinerState(MinerState.VERSION, options, sequence, list);
  }

  /**
   * A miner that continues from {@code state}, of this version or version 1. Every cluster's id is
   * computed again from its template; a saved id that differs (version 1 named a pattern by the
   * line that founded it) becomes a former id, so it still resolves.
   */
  public static PatternMiner restore(MinerState state) {
    if (state.version() != MinerState.VERSION && state.version() != 1) {
      throw new IllegalArgumentException("unknown miner state version " + state.version()
          + "; this build reads versions 1 and " + MinerState.VERSION);
    }
    PatternMiner m = new PatternMiner(state.options());
    synchronized (m) {
      m.sequence = state.sequence();
      for (ClusterState cs : state.clusters()) {
        String[] template = new String[cs.template().size()];
        long[] hashes = new long[template.length];
        for (int i = 0; i < template.length; i++) {
          String t = cs.template().get(i);
          template[i] = Pattern.WILDCARD.equals(t) ? Pattern.WILDCARD : t;
          hashes[i] = Tokenizer.hash(t, 0, t.length());
        }
        String id = idOf(hashes);
        Cluster same = m.clusters.get(id);
        if (same != null) {
          // The same template twice (a collision in version 1's founding-line ids): one pattern.
          m.retainedBytes -= same.retainedBytes();
          same.hits += cs.hits();
          for (String f : cs.formerIds()) {
            m.addFormerId(same, f);
          }
          m.addFormerId(same, cs.id());
          m.retainedBytes += same.retainedBytes();
          continue;
        }
        LeafKey key = LeafKey.of(hashes.length, hashes);
        Cluster c = new Cluster(id, cs.sequence(), key, hashes, template, cs.hits(), List.of());
        m.clusters.put(id, c);
        m.byAnyId.put(id, c);
        for (String f : cs.formerIds()) {
          m.addFormerId(c, f);
        }
        m.addFormerId(c, cs.id());
        c.renameTo(id);
        m.leaves.computeIfAbsent(key, k -> new ArrayList<>(2)).add(c);
        m.retainedBytes += c.retainedBytes();
      }
      for (List<Cluster> leaf : m.leaves.values()) {
        leaf.sort((x, y) -> Long.compare(x.sequence, y.sequence));
      }
      m.evictBeyondLimit();
    }
    return m;
  }

  /** The state as JSON bytes. */
  public byte[] toJson() {
    return Json.bytes(snapshot());
  }

  /** A miner restored from {@link #toJson()} bytes. */
  public static PatternMiner fromJson(byte[] json) throws IOException {
    try {
      return restore(Json.mapper().readValue(json, MinerState.class));
    } catch (JsonProcessingException e) {
      throw new IOException("not a saved pattern miner: " + e.getOriginalMessage(), e);
    }
  }

  private Pattern touch(Cluster c) {
    c.hits++;
    clusters.get(c.id);
    return c.pattern();
  }

  private void evictBeyondLimit() {
    Iterator<Cluster> eldest = clusters.values().iterator();
    while (clusters.size() > options.maxClusters() && eldest.hasNext()) {
      Cluster c = eldest.next();
      eldest.remove();
      retainedBytes -= c.retainedBytes();
      byAnyId.remove(c.id, c);
      for (String f : c.formerIds) {
        byAnyId.remove(f, c);
      }
      removeFromLeaf(c);
    }
  }

  private void removeFromLeaf(Cluster c) {
    List<Cluster> leaf = leaves.get(c.leaf);
    if (leaf != null) {
      leaf.remove(c);
      if (leaf.isEmpty()) {
        leaves.remove(c.leaf);
      }
    }
  }

  /**
   * The id of a template: 12 hex digits of a hash of its tokens' 64-bit hashes
   * ({@link Tokenizer#hash}, {@value Pattern#WILDCARD} for a variable). The same in every process
   * and release that keeps this function.
   */
  static String idOf(long[] hashes) {
    long h = 0x9e3779b97f4a7c15L;
    for (long t : hashes) {
      h = (h ^ t) * 0x100000001b3L;
      h ^= h >>> 29;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return Long.toHexString(h | (1L << 60)).substring(4);
  }

  /** The id of a template given as its text: tokens joined by single spaces, as {@link Pattern#template()}. */
  public static String idOf(String template) {
    if (template.isEmpty()) {
      return idOf(new long[0]);
    }
    String[] tokens = template.split(" ", -1);
    long[] hashes = new long[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      hashes[i] = Tokenizer.hash(tokens[i], 0, tokens[i].length());
    }
    return idOf(hashes);
  }
}
