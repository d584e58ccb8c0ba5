package io.tributary.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * One pattern being mined: its template (which only ever generalises), its id (a function of the
 * template, {@link PatternMiner#idOf(long[])}), the ids its template had before it generalised, and
 * how often it was seen. Tokens are compared by their 64-bit hashes. Mutable; guarded by its
 * miner's lock.
 */
final class Cluster {

  private static final long W = Tokenizer.WILDCARD_HASH;
  /** Bytes one former id retains: the string, its list slot and its entry in the miner's alias map. */
  static final long ALIAS_BYTES = 56 + 2 * 12 + 48;

  /** The id of the current template; changes when the template generalises. */
  String id;
  /** Creation order within the miner; earlier clusters are preferred when several fit a line. */
  final long sequence;
  /** Where the cluster is routed; changes when one of the first two tokens becomes a variable. */
  LeafKey leaf;
  final long[] hashes;
  final String[] template;
  long hits;
  /** Ids of this cluster's earlier templates, oldest first; at most {@link PatternMiner#MAX_FORMER_IDS}. */
  final List<String> formerIds;
  /** An upper bound of the memory this cluster retains, in bytes (templates only shrink). */
  private final long baseBytes;
  private Pattern pattern;

  Cluster(String id, long sequence, LeafKey leaf, long[] hashes, String[] template, long hits, List<String> formerIds) {
    this.id = id;
    this.sequence = sequence;
    this.leaf = leaf;
    this.hashes = hashes;
    this.template = template;
    this.hits = hits;
    this.formerIds = new ArrayList<>(formerIds);
    this.pattern = new Pattern(id, String.join(" ", template));
    long chars = 0;
    for (String t : template) {
      chars += t.length();
    }
    this.baseBytes = 320 + 72L * template.length + 4 * chars + 2L * id.length();
  }

  long retainedBytes() {
    return baseBytes + ALIAS_BYTES * formerIds.size();
  }

  Pattern pattern() {
    return pattern;
  }

  /** True when every constant of the template equals the line's token at its position. */
  boolean fits(Tokenizer line) {
    for (int i = 0; i < hashes.length; i++) {
      long h = hashes[i];
      if (h != W && h != line.hash(i)) {
        return false;
      }
    }
    return true;
  }

  /** Equal tokens over all tokens (a wildcard equals a wildcard, not a constant). */
  double similarity(Tokenizer line) {
    if (hashes.length == 0) {
      return 1.0;
    }
    int equal = 0;
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] == line.hash(i)) {
        equal++;
      }
    }
    return (double) equal / hashes.length;
  }

  /** True when the template and the line both end in a constant, and not the same one. */
  boolean lastConstantDiffers(Tokenizer line) {
    int n = hashes.length;
    return n > 1 && hashes[n - 1] != W && line.hash(n - 1) != W && hashes[n - 1] != line.hash(n - 1);
  }

  /**
   * Generalises the template to cover the line: positions that differ become wildcards. True when
   * the template changed; the caller then gives the cluster its new id ({@link #renameTo}).
   */
  boolean absorb(Tokenizer line) {
    boolean changed = false;
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != W && hashes[i] != line.hash(i)) {
        hashes[i] = W;
        template[i] = Pattern.WILDCARD;
        changed = true;
      }
    }
    return changed;
  }

  /**
   * The position of the one constant of the template that differs from the line, when there is
   * exactly one and both are words of letters; else -1.
   */
  int soleDifferingWord(Tokenizer line) {
    int at = -1;
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != W && hashes[i] != line.hash(i)) {
        if (at >= 0) {
          return -1;
        }
        at = i;
      }
    }
    return at >= 0 && isWord(template[at]) && line.hash(at) != W && isWord(line.token(at)) ? at : -1;
  }

  /** True when the template has a constant at {@code at} and every other constant equals the line's token. */
  boolean differsOnlyInWordAt(int at, Tokenizer line) {
    if (hashes[at] == W) {
      return false;
    }
    for (int i = 0; i < hashes.length; i++) {
      if (i != at && hashes[i] != W && hashes[i] != line.hash(i)) {
        return false;
      }
    }
    return true;
  }

  /** The number of constants (non-wildcards) in the template. */
  int constants() {
    int n = 0;
    for (long h : hashes) {
      if (h != W) {
        n++;
      }
    }
    return n;
  }

  /**
   * True when the template has a variable among its first two tokens and keeps at least two
   * constants, and at least half its tokens: then lines routed by a constant there may fit it
   * (see {@link PatternMiner}'s rule for leading variables). {@code Server <*>} is not wide.
   */
  boolean wide() {
    int n = hashes.length;
    if (n == 0 || hashes[0] != W && (n < 2 || hashes[1] != W)) {
      return false;
    }
    int k = constants();
    return k >= 2 && 2 * k >= n;
  }

  /** True when every constant of this template is the other template's token at its position. */
  boolean covers(Cluster other) {
    if (other.hashes.length != hashes.length) {
      return false;
    }
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != W && hashes[i] != other.hashes[i]) {
        return false;
      }
    }
    return true;
  }

  /** Generalises the template to cover another template of the same length; true when it changed. */
  boolean absorbTemplate(Cluster other) {
    boolean changed = false;
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != W && hashes[i] != other.hashes[i]) {
        hashes[i] = W;
        template[i] = Pattern.WILDCARD;
        changed = true;
      }
    }
    return changed;
  }

  /**
   * A categorical value: letters, then at most one of {@code , ; : .} ({@code failure;},
   * {@code root}), after a {@code key=} or not ({@code state=LOOKING,}).
   */
  private static boolean isWord(String t) {
    int n = t.length();
    if (n > 1 && ",;:.".indexOf(t.charAt(n - 1)) >= 0) {
      n--;
    }
    int from = t.indexOf('=') + 1;
    if (n <= from) {
      return false;
    }
    for (int i = from; i < n; i++) {
      if (!Character.isLetter(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Takes {@code newId} as the id of the current template; the old id becomes a former id. */
  void renameTo(String newId) {
    if (!newId.equals(id)) {
      formerIds.remove(newId);
      formerIds.add(id);
      id = newId;
    }
    pattern = new Pattern(id, String.join(" ", template));
  }
}
