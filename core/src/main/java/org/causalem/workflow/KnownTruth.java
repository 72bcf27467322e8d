package org.causalem.workflow;

import java.util.List;
import java.util.Objects;
import org.causalem.causal.Graph;
import org.causalem.causal.GraphComparison;

/**
 * How far a causal analysis of simulated data is from the mechanism it was simulated with: the structural Hamming
 * distance of the consensus graph, and of the supported edges alone (those read as causal).
 *
 * @param truth the true graph over the searched variables
 * @param shd structural Hamming distance of the consensus graph from the truth
 * @param shdSupported structural Hamming distance of the supported edges alone from the truth
 */
public record KnownTruth(Graph truth, int shd, int shdSupported) {
  public KnownTruth { Objects.requireNonNull(truth, "truth"); }

  /** Compares {@code res} with {@code truth} (a graph over {@code res.variables()}). */
  public static KnownTruth of(Graph truth, FerroicAnalysis.Result res) {
    int shd = GraphComparison.compare(truth, res.consensus().graph()).structuralHammingDistance();
    Graph supported = new Graph(res.variables());
    for (FerroicAnalysis.EdgeCheck c : res.edgeChecks()) {
      if (c.status() == FerroicAnalysis.Status.SUPPORTED) supported.addDirected(supported.index(c.from()), supported.index(c.to()));
    }
    return new KnownTruth(truth, shd, GraphComparison.compare(truth, supported).structuralHammingDistance());
  }

  /**
   * The true graph over {@code variables} from edges named as they are searched (cause, effect), or null when an end
   * of one of them was not searched.
   */
  public static Graph graph(List<String> variables, List<String[]> edges) {
    Graph g = new Graph(variables);
    for (String[] e : edges) {
      if (!variables.contains(e[0]) || !variables.contains(e[1])) return null;
      g.addDirected(g.index(e[0]), g.index(e[1]));
    }
    return g;
  }
}
