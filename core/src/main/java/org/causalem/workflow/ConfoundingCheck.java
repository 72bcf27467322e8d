package org.causalem.workflow;

import java.util.ArrayList;
import java.util.List;
import org.causalem.causal.Effects;
import org.causalem.causal.Graph;
import org.causalem.table.DescriptorTable;
import org.causalem.workflow.FerroicAnalysis.Confounding;
import org.causalem.workflow.FerroicAnalysis.EdgeCheck;
import org.causalem.workflow.FerroicAnalysis.Status;

/**
 * The confounding check of {@link FerroicAnalysis}: for every pair of descriptors with a clear association,
 * the naive effect against the effect adjusted by the consensus graph, in plain words.
 */
final class ConfoundingCheck {
  private ConfoundingCheck() {}

  static List<Confounding> check(Graph consensus, Graph supported, List<EdgeCheck> checks, DescriptorTable data,
                                             List<String> names) {
    List<Confounding> out = new ArrayList<>();
    int[] topo = consensus.topologicalOrder();
    int[] rank = new int[names.size()];
    for (int i = 0; i < topo.length; i++) rank[topo[i]] = i;
    for (int i = 0; i < names.size(); i++) {
      for (int j = 0; j < names.size(); j++) {
        if (i == j || rank[i] > rank[j]) continue;
        double r = FerroicAnalysis.correlation(data.column(names.get(i)), data.column(names.get(j)));
        double z = Math.abs(0.5 * Math.log((1 + r) / (1 - r))) * Math.sqrt(data.rows() - 3);
        if (z < 4) continue;
        Effects.Estimate est = Effects.estimate(consensus, data, names.get(i), names.get(j));
        boolean pathExists = consensus.isAncestor(i, j);
        boolean misleading = est.confounded() || (!pathExists && Math.abs(est.naive()) > 3 * est.naiveSe());
        String sentence = sentence(names.get(i), names.get(j), r, pathExists, est);
        if (pathExists && !supported.isAncestor(i, j)) {
          // the path rests on an edge that did not pass the instrument check: no causal reading
          List<String> weak = new ArrayList<>();
          for (EdgeCheck c : checks) {
            int a = names.indexOf(c.from());
            int b = names.indexOf(c.to());
            boolean onPath = (a == i || consensus.isAncestor(i, a)) && (b == j || consensus.isAncestor(b, j));
            if (c.status() != Status.SUPPORTED && onPath) weak.add(c.from() + " → " + c.to() + " (" + c.status().label() + ")");
          }
          sentence = String.format(java.util.Locale.ROOT,
              "%s and %s are correlated (r = %.2f), and the graph's path from %s to %s rests on edges that did not pass the "
                  + "instrument check (%s): this association is not read as a causal effect.",
              names.get(i), names.get(j), r, names.get(i), names.get(j), String.join("; ", weak));
          misleading = true;
        }
        out.add(new Confounding(names.get(i), names.get(j), est.naive(), est.naiveSe(), est.adjusted(), est.adjustedSe(),
            est.usedSet(), misleading, sentence));
      }
    }
    return out;
  }

  /**
   * The confounding check's sentence for an associated pair x, y (x earlier in the graph's order):
   * without a causal path, a common cause when the adjustment removes the association (|adjusted| ≤ 2
   * SE), otherwise an association the graph leaves unexplained; with a path, confounded or not.
   */
  static String sentence(String x, String y, double r, boolean pathExists, Effects.Estimate est) {
    String adjustedFor = est.usedSet() == null || est.usedSet().isEmpty() ? "nothing" : String.join(", ", est.usedSet());
    if (!pathExists && !(Math.abs(est.adjusted()) <= 2 * est.adjustedSe())) {
      // no path, yet the association survives the adjustment: the graph does not explain it
      return String.format(java.util.Locale.ROOT,
          "%s and %s are correlated (r = %.2f) and the graph has no causal path from %s to %s, but adjusting for %s "
              + "still leaves %.3g ± %.2g (naive %.3g): the graph does not explain this association — an edge the "
              + "methods did not agree on, or a common cause outside the descriptors. Read it as neither causal nor "
              + "spurious.",
          x, y, r, x, y, adjustedFor, est.adjusted(), est.adjustedSe(), est.naive());
    } else if (!pathExists) {
      return String.format(java.util.Locale.ROOT,
          "%s and %s are correlated (r = %.2f), but the graph has no causal path from %s to %s: a regression of %s on %s "
              + "gives %.3g per unit, adjusting for %s gives %.3g ± %.2g. The correlation comes from a common cause; "
              + "changing %s would not change %s.",
          x, y, r, x, y, y, x, est.naive(), adjustedFor, est.adjusted(), est.adjustedSe(), x, y);
    } else if (est.confounded()) {
      return String.format(java.util.Locale.ROOT,
          "The naive effect of %s on %s (%.3g ± %.2g) differs from the effect adjusted for %s (%.3g ± %.2g): "
              + "part of the correlation is confounding.",
          x, y, est.naive(), est.naiveSe(), adjustedFor, est.adjusted(), est.adjustedSe());
    } else {
      return String.format(java.util.Locale.ROOT,
          "%s → %s: naive %.3g ± %.2g and adjusted %.3g ± %.2g agree; the correlation reflects the causal effect.",
          x, y, est.naive(), est.naiveSe(), est.adjusted(), est.adjustedSe());
    }
  }
}
