package org.causalem.causal;

import java.util.ArrayList;
import java.util.List;

/**
 * What DirectLiNGAM found.
 *
 * @param variables names in index order
 * @param causalOrder variable indices, most exogenous first
 * @param coefficients {@code B[i][j]}: direct effect of variable j on variable i (0 = no edge)
 * @param totalEffects {@code T = (I − B)^-1}; {@code T[i][j]} is the total effect of j on i (diagonal 1)
 */
public record LingamResult(List<String> variables, int[] causalOrder, double[][] coefficients, double[][] totalEffects) {
  /** A directed edge with its coefficient. */
  public record WeightedEdge(int from, int to, double coefficient) {}

  public LingamResult {
    variables = List.copyOf(variables);
  }

  /** The direct effect of {@code from} on {@code to}. */
  public double coefficient(int from, int to) { return coefficients[to][from]; }

  /** The total effect of {@code from} on {@code to}. */
  public double totalEffect(int from, int to) { return totalEffects[to][from]; }

  /** Every non-zero coefficient as an edge from → to. */
  public List<WeightedEdge> edges() {
    List<WeightedEdge> out = new ArrayList<>();
    for (int i = 0; i < coefficients.length; i++) {
      for (int j = 0; j < coefficients.length; j++) if (coefficients[i][j] != 0) out.add(new WeightedEdge(j, i, coefficients[i][j]));
    }
    return out;
  }

  /** The DAG of the non-zero coefficients (coefficients themselves via {@link #coefficient}). */
  public Graph toGraph() { return toGraph(0); }

  /** The DAG of the coefficients with |B[i][j]| > threshold. */
  public Graph toGraph(double threshold) {
    Graph g = new Graph(variables);
    for (WeightedEdge e : edges()) if (Math.abs(e.coefficient()) > threshold) g.addDirected(e.from(), e.to());
    return g;
  }
}
