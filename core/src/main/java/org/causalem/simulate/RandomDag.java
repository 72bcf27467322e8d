package org.causalem.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.causalem.causal.Graph;

/**
 * Erdős–Rényi random DAGs: a random causal order, then every pair earlier → later joined
 * independently with probability {@code expectedDegree / (nodes − 1)}, so a node has on average
 * {@code expectedDegree} neighbours. Nodes are called {@code X1..Xn}.
 */
public final class RandomDag {
  /** @param nodes number of nodes, ≥ 1; @param expectedDegree mean number of neighbours, in [0, nodes−1] */
  public record Options(int nodes, double expectedDegree) {
    public Options {
      if (nodes < 1) throw new IllegalArgumentException("nodes must be ≥ 1, got " + nodes);
      if (!(expectedDegree >= 0) || expectedDegree > Math.max(0, nodes - 1)) {
        throw new IllegalArgumentException("expectedDegree must be in [0, " + (nodes - 1) + "], got " + expectedDegree);
      }
    }
  }

  private final Options options;

  public RandomDag(Options options) { this.options = java.util.Objects.requireNonNull(options); }

  /** A new random DAG drawn with {@code rng}. */
  public Graph generate(SplittableRandom rng) {
    int p = options.nodes();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < p; i++) names.add("X" + (i + 1));
    int[] order = new int[p];
    for (int i = 0; i < p; i++) order[i] = i;
    for (int i = p - 1; i > 0; i--) {
      int k = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[k];
      order[k] = t;
    }
    double prob = p > 1 ? options.expectedDegree() / (p - 1) : 0;
    Graph g = new Graph(names);
    for (int a = 0; a < p; a++) {
      for (int b = a + 1; b < p; b++) {
        if (rng.nextDouble() < prob) g.addDirected(order[a], order[b]);
      }
    }
    return g;
  }

  /** Shortcut: a random DAG with {@code nodes} nodes and the given expected degree. */
  public static Graph generate(int nodes, double expectedDegree, long seed) {
    return new RandomDag(new Options(nodes, expectedDegree)).generate(new SplittableRandom(seed));
  }
}
