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
  /** Edge types indexed by 3·(mark at i) + (mark at j): the declaration order of {@link EdgeType}. */
  private static final EdgeType[] TYPES = EdgeType.values();

  /** One row of the frequency table: the frequency of each type read from a to b. */
  public record PairFrequency(String a, String b, double edge, Map<EdgeType, Double> types) {}

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

  /** The fraction of replicates with edge {@code type} read from i to j, e.g. {@link EdgeType#DIRECTED} for i → j. */
  public double frequency(int i, int j, EdgeType type) {
    check(i, j);
    int t = (i > j ? type.reversed() : type).ordinal();
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
        Map<EdgeType, Double> types = new LinkedHashMap<>();
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
   * most frequent edge type (ties: the first in the declaration order of {@link EdgeType}).
   */
  public Graph consensus(double threshold) {
    if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
    int n = nodes.size();
    Graph g = new Graph(nodes);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (edgeFrequency(i, j) < threshold - 1e-12) continue;
        int best = 0;
        for (int t = 1; t < 9; t++) if (counts[(i * n + j) * 9 + t] > counts[(i * n + j) * 9 + best]) best = t;
        g.addEdge(i, j, TYPES[best].atFrom(), TYPES[best].atTo());
      }
    }
    return g;
  }

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
