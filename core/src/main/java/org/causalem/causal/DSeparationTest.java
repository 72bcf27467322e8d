package org.causalem.causal;

import java.util.List;

/**
 * An independence oracle: X ⫫ Y | Z exactly when the true graph d-separates (m-separates) them.
 * Observed variables may be a subset of the graph's nodes (the others are latent). The p-value is 1
 * for separation, 0 otherwise.
 */
public final class DSeparationTest implements IndependenceTest {
  private final Graph graph;
  private final List<String> observed;
  private final int[] toGraph;

  /** An oracle over every node of {@code graph}. */
  public DSeparationTest(Graph graph) { this(graph, graph.nodes()); }

  /** An oracle over {@code observed} ⊆ nodes of {@code graph}; the other nodes are latent. */
  public DSeparationTest(Graph graph, List<String> observed) {
    this.graph = graph.copy();
    this.observed = List.copyOf(observed);
    this.toGraph = new int[observed.size()];
    for (int i = 0; i < toGraph.length; i++) toGraph[i] = graph.index(observed.get(i));
  }

  @Override public List<String> variables() { return observed; }

  @Override public double pValue(int x, int y, int[] z) {
    int[] gz = new int[z.length];
    for (int k = 0; k < z.length; k++) gz[k] = toGraph[z[k]];
    return graph.dSeparated(toGraph[x], toGraph[y], gz) ? 1.0 : 0.0;
  }

  @Override public double alpha() { return 0.5; }
}
