package org.causalem.causal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Edge and orientation frequencies over bootstrap replicates. For each pair (i, j) the frequency of
 * every edge type is kept, the type written from i's side: the mark at i, then the mark at j, as in
 * {@code -->}, {@code <--}, {@code ---}, {@code <->}, {@code o->}, {@code <-o}, {@code o-o},
 * {@code o--}, {@code --o}.
 */
public final class BootstrapResult {
  /** Edge types indexed by 3·(mark at i) + (mark at j), marks in {@link Mark} order TAIL, ARROW, CIRCLE. */
  private static final String[] TYPES = {"---", "-->", "--o", "<--", "<->", "<-o", "o--", "o->", "o-o"};

  /** One row of the frequency table. */
  public record PairFrequency(String a, String b, double edge, Map<String, Double> types) {}

  private final List<String> nodes;
  private final int replicates;
  /** counts[(i * n + j) * 9 + type] for i < j. */
  private final int[] counts;

  private BootstrapResult(List<String> nodes, int replicates, int[] counts) {
    this.nodes = List.copyOf(nodes);
    this.replicates = replicates;
    this.counts = counts;
  }

  public List<String> nodes() { return nodes; }

  public int replicates() { return replicates; }

  /** The fraction of replicates in which i and j are adjacent. */
  public double edgeFrequency(int i, int j) {
    check(i, j);
    int a = Math.min(i, j);
    int b = Math.max(i, j);
    int s = 0;
    for (int t = 0; t < 9; t++) s += counts[(a * nodes.size() + b) * 9 + t];
    return (double) s / replicates;
  }

  /** The fraction of replicates with edge {@code type} written from i's side, e.g. {@code "-->"} for i → j. */
  public double frequency(int i, int j, String type) {
    check(i, j);
    int t = indexOf(type);
    if (i > j) t = flip(t);
    int a = Math.min(i, j);
    int b = Math.max(i, j);
    return (double) counts[(a * nodes.size() + b) * 9 + t] / replicates;
  }

  /** Every pair adjacent in at least one replicate, with its type frequencies (types from a's side). */
  public List<PairFrequency> table() {
    List<PairFrequency> out = new ArrayList<>();
    int n = nodes.size();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double e = edgeFrequency(i, j);
        if (e == 0) continue;
        Map<String, Double> types = new LinkedHashMap<>();
        for (int t = 0; t < 9; t++) {
          int c = counts[(i * n + j) * 9 + t];
          if (c > 0) types.put(TYPES[t], (double) c / replicates);
        }
        out.add(new PairFrequency(nodes.get(i), nodes.get(j), e, types));
      }
    }
    return out;
  }

  /**
   * The consensus graph: pairs adjacent in at least {@code threshold} of the replicates, each with its
   * most frequent edge type (ties: the first in the order of {@link #TYPES}).
   */
  public Graph consensus(double threshold) {
    if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
    int n = nodes.size();
    Graph g = new Graph(nodes);
    Mark[] marks = Mark.values();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (edgeFrequency(i, j) < threshold - 1e-12) continue;
        int best = 0;
        for (int t = 1; t < 9; t++) if (counts[(i * n + j) * 9 + t] > counts[(i * n + j) * 9 + best]) best = t;
        g.addEdge(i, j, marks[best / 3], marks[best % 3]);
      }
    }
    return g;
  }

  private static int indexOf(String type) {
    for (int t = 0; t < 9; t++) if (TYPES[t].equals(type)) return t;
    throw new IllegalArgumentException("unknown edge type '" + type + "'; expected one of " + List.of(TYPES));
  }

  private static int flip(int t) { return 3 * (t % 3) + t / 3; }

  private void check(int i, int j) {
    if (i == j || i < 0 || j < 0 || i >= nodes.size() || j >= nodes.size()) {
      throw new IllegalArgumentException("bad pair (" + i + ", " + j + ") for " + nodes.size() + " nodes");
    }
  }

  /** Accumulates replicate graphs (not thread-safe; used by {@link Bootstrap}). */
  static final class Builder {
    private final List<String> nodes;
    private final int[] counts;
    private int replicates;

    Builder(List<String> nodes) {
      this.nodes = nodes;
      this.counts = new int[nodes.size() * nodes.size() * 9];
    }

    void add(Graph g) {
      int n = nodes.size();
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (!g.adjacent(i, j)) continue;
          int t = 3 * g.mark(j, i).ordinal() + g.mark(i, j).ordinal();
          counts[(i * n + j) * 9 + t]++;
        }
      }
      replicates++;
    }

    BootstrapResult build() { return new BootstrapResult(nodes, replicates, counts); }
  }
}
