package org.causalem.causal;

/**
 * How an estimated graph compares with the true one (both over the same nodes).
 *
 * <p>Adjacencies: a true positive is a pair adjacent in both. Arrowheads: a true positive is an
 * arrowhead at the same end of the same pair in both graphs (an arrowhead on a pair the truth leaves
 * unjoined is a false positive). The structural Hamming distance counts, over unordered pairs, each
 * pair adjacent in one graph only and each pair adjacent in both but with different end marks.
 * Precision and recall are NaN when undefined (zero denominator).
 */
public record GraphComparison(
    int adjacencyTruePositives, int adjacencyFalsePositives, int adjacencyFalseNegatives,
    int arrowheadTruePositives, int arrowheadFalsePositives, int arrowheadFalseNegatives,
    int structuralHammingDistance) {

  /** Compares {@code estimate} with {@code truth}; node lists must be equal. */
  public static GraphComparison compare(Graph truth, Graph estimate) {
    if (!truth.nodes().equals(estimate.nodes())) {
      throw new IllegalArgumentException("graphs have different nodes: " + truth.nodes() + " vs " + estimate.nodes());
    }
    int n = truth.size();
    int atp = 0, afp = 0, afn = 0, htp = 0, hfp = 0, hfn = 0, shd = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        boolean t = truth.adjacent(i, j);
        boolean e = estimate.adjacent(i, j);
        if (t && e) atp++;
        else if (e) afp++;
        else if (t) afn++;
        if (t != e) shd++;
        else if (t && (truth.mark(i, j) != estimate.mark(i, j) || truth.mark(j, i) != estimate.mark(j, i))) shd++;
        for (int k = 0; k < 2; k++) {
          int at = k == 0 ? j : i;
          int from = k == 0 ? i : j;
          boolean th = t && truth.mark(from, at) == Mark.ARROW;
          boolean eh = e && estimate.mark(from, at) == Mark.ARROW;
          if (th && eh) htp++;
          else if (eh) hfp++;
          else if (th) hfn++;
        }
      }
    }
    return new GraphComparison(atp, afp, afn, htp, hfp, hfn, shd);
  }

  public double adjacencyPrecision() { return ratio(adjacencyTruePositives, adjacencyTruePositives + adjacencyFalsePositives); }

  public double adjacencyRecall() { return ratio(adjacencyTruePositives, adjacencyTruePositives + adjacencyFalseNegatives); }

  public double arrowheadPrecision() { return ratio(arrowheadTruePositives, arrowheadTruePositives + arrowheadFalsePositives); }

  public double arrowheadRecall() { return ratio(arrowheadTruePositives, arrowheadTruePositives + arrowheadFalseNegatives); }

  private static double ratio(int a, int b) { return b == 0 ? Double.NaN : (double) a / b; }
}
