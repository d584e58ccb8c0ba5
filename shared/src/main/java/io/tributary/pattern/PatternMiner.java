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
 * <p>Stability: a line that joined a cluster fits its template from then on (templates only
 * generalise), so it keeps mapping to that cluster and its {@link Pattern#id()}. Ids are a hash
 * of the founding line's masked tokens, so they survive save and restore and do not depend on how
 * many clusters came before.
 *
 * <p>Memory is bounded: at most {@link MinerOptions#maxClusters()} clusters (the least recently
 * used is dropped), each at most {@link MinerOptions#maxTokens()} tokens of at most
 * {@link MinerOptions#maxTokenChars()} characters. Thread-safe: one lock per miner.
 */
public final class PatternMiner {

  private final MinerOptions options;
  private final Tokenizer tokenizer;
  private final Map<LeafKey, List<Cluster>> leaves = new HashMap<>();
  /** All clusters by id, least recently used first. */
  private final LinkedHashMap<String, Cluster> clusters = new LinkedHashMap<>(64, 0.75f, true);
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
      best.absorb(line);
      return touch(best);
    }
    long[] hashes = line.hashes();
    String id = idOf(hashes, 0);
    for (long salt = 1; clusters.containsKey(id); salt++) {
      // Only a hash collision gets here: a line like the founder of a live cluster fits it.
      id = idOf(hashes, salt);
    }
    Cluster c = new Cluster(id, sequence++, key, hashes, line.tokens(), 0);
    leaf.add(c);
    clusters.put(id, c);
    retainedBytes += c.retainedBytes;
    evictBeyondLimit();
    return touch(c);
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
      list.add(new ClusterState(c.id, c.sequence, c.hits, Arrays.asList(c.template.clone())));
    }
    return new MinerState(MinerState.VERSION, options, sequence, list);
  }

  /** A miner that continues from {@code state}. */
  public static PatternMiner restore(MinerState state) {
    if (state.version() != MinerState.VERSION) {
      throw new IllegalArgumentException("unknown miner state version " + state.version()
          + "; this build reads version " + MinerState.VERSION);
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
        LeafKey key = LeafKey.of(hashes.length, hashes);
        Cluster c = new Cluster(cs.id(), cs.sequence(), key, hashes, template, cs.hits());
        List<Cluster> leaf = m.leaves.computeIfAbsent(key, k -> new ArrayList<>(2));
        leaf.add(c);
        m.clusters.put(c.id, c);
        m.retainedBytes += c.retainedBytes;
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
      retainedBytes -= c.retainedBytes;
      List<Cluster> leaf = leaves.get(c.leaf);
      if (leaf != null) {
        leaf.remove(c);
        if (leaf.isEmpty()) {
          leaves.remove(c.leaf);
        }
      }
    }
  }

  /** 12 hex digits of a hash of the founding line's token hashes (and a salt, after a collision). */
  static String idOf(long[] hashes, long salt) {
    long h = 0x9e3779b97f4a7c15L * (salt + 1);
    for (long t : hashes) {
      h = (h ^ t) * 0x100000001b3L;
      h ^= h >>> 29;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return Long.toHexString(h | (1L << 60)).substring(4);
  }
}
