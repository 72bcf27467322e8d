package org.causalem.workflow;

import java.util.ArrayList;
import java.util.List;
import org.causalem.bayes.LogisticRegression;
import org.hipparchus.special.Erf;

/**
 * A Granger-style test of each descriptor's history as a cause of nucleation, on the per-site time series: a
 * discrete-time hazard model (logistic regression on one row per site and frame at risk). A site is at risk at frame
 * t while it and its neighbours are still in the initial phase; the row's outcome is whether the site nucleates at t.
 * Every covariate is measured before t (the mean of its values over frames 0..t−1: the site's history), so time order
 * is respected by construction. For each descriptor the likelihood-ratio test compares
 * <ul>
 *   <li>beyond its own state: the baseline (frame, the site's own off-centring history — its phase order parameter —
 *       and the histories of the other descriptors) with and without the descriptor's history;</li>
 *   <li>beyond the neighbours: the same with the mean history of the descriptor over the site's neighbours added to the
 *       baseline (does the site's own value matter, or only its neighbourhood's level?).</li>
 * </ul>
 * The p value is Wilks' χ²(1) approximation; the discrete-time hazard likelihood is a product over the rows at risk,
 * so rows of one site are not double counted. With few events the approximation is rough: the controls of
 * {@code TransitionMechanismsTest} measure its false-positive rate.
 */
final class NucleationGranger {
  /** A weak prior (precision of standardised weights) that keeps the fit finite under quasi-separation. */
  private static final double PRIOR = 1e-2;

  private NucleationGranger() {}

  /**
   * @param desc {@code [descriptor][frame][site]} single-frame descriptors (NaN where not measured)
   * @param own {@code [frame][site]} the site's own state (off-centring magnitude), NaN where not measured
   * @param nb neighbours of each site
   * @param z coordination of an inner site (only sites with z neighbours enter)
   * @param nucFrame the nucleation frame of each site or −1
   * @param lastAtRisk the last frame at which a site that does not nucleate is at risk
   */
  static List<TransitionAnalysis.Granger> test(List<String> names, double[][][] desc, double[][] own, int[][] nb, int z,
                                               int[] nucFrame, int[] lastAtRisk) {
    int d = desc.length;
    int nf = own.length;
    int n = own[0].length;
    // history means: hist[j][t][s] = mean of desc[j][0..t-1][s] over the measured frames (NaN if none)
    double[][][] hist = new double[d + 1][][];
    for (int j = 0; j < d; j++) hist[j] = history(desc[j]);
    hist[d] = history(own);
    int tMin = Integer.MAX_VALUE;
    int tMax = -1;
    for (int f : nucFrame) {
      if (f >= 1) {
        tMin = Math.min(tMin, f);
        tMax = Math.max(tMax, f);
      }
    }
    List<TransitionAnalysis.Granger> out = new ArrayList<>();
    if (tMax < 0) {
      for (String name : names) out.add(new TransitionAnalysis.Granger(name, 0, 0, Double.NaN, Double.NaN, Double.NaN));
      return out;
    }
    // the rows at risk: frames between the first and the last event (other frames hold no event)
    List<int[]> rows = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      if (nb[s].length != z) continue;
      int last = nucFrame[s] >= 0 ? nucFrame[s] : lastAtRisk[s];
      for (int t = Math.max(1, tMin); t <= Math.min(last, Math.min(tMax, nf - 1)); t++) {
        boolean ok = true;
        for (int j = 0; j <= d && ok; j++) ok = !Double.isNaN(hist[j][t][s]);
        for (int q : nb[s]) for (int j = 0; j < d && ok; j++) ok = !Double.isNaN(hist[j][t][q]);
        if (ok) rows.add(new int[] {s, t});
      }
    }
    int m = rows.size();
    int[] y = new int[m];
    int events = 0;
    for (int i = 0; i < m; i++) {
      y[i] = rows.get(i)[1] == nucFrame[rows.get(i)[0]] ? 1 : 0;
      events += y[i];
    }
    boolean timeTerm = tMax > tMin;
    for (int j = 0; j < d; j++) {
      if (events < 2 || events > m - 2) {
        out.add(new TransitionAnalysis.Granger(names.get(j), m, events, Double.NaN, Double.NaN, Double.NaN));
        continue;
      }
      // baseline columns: [time], own state, other descriptors; then the neighbour mean; the descriptor last
      List<double[]> base = new ArrayList<>();
      double[] own2 = new double[m];
      double[] time = new double[m];
      double[] nbMean = new double[m];
      double[] self = new double[m];
      for (int i = 0; i < m; i++) {
        int s = rows.get(i)[0];
        int t = rows.get(i)[1];
        time[i] = t;
        own2[i] = hist[d][t][s];
        self[i] = hist[j][t][s];
        double sum = 0;
        for (int q : nb[s]) sum += hist[j][t][q];
        nbMean[i] = sum / nb[s].length;
      }
      if (timeTerm) base.add(time);
      base.add(own2);
      for (int k = 0; k < d; k++) {
        if (k == j) continue;
        double[] c = new double[m];
        for (int i = 0; i < m; i++) c[i] = hist[k][rows.get(i)[1]][rows.get(i)[0]];
        base.add(c);
      }
      List<double[]> full = new ArrayList<>(base);
      full.add(self);
      double[] fit = fit(full, y);
      double llBase = fit(base, y)[0];
      List<double[]> baseNb = new ArrayList<>(base);
      baseNb.add(nbMean);
      List<double[]> fullNb = new ArrayList<>(baseNb);
      fullNb.add(self);
      double pOwn = chiSquare1(2 * (fit[0] - llBase));
      double pNb = chiSquare1(2 * (fit(fullNb, y)[0] - fit(baseNb, y)[0]));
      out.add(new TransitionAnalysis.Granger(names.get(j), m, events, fit[1], pOwn, pNb));
    }
    return out;
  }

  /** Mean of v[0..t−1][s] over the finite values, for every t (NaN at t = 0 or without a finite value). */
  private static double[][] history(double[][] v) {
    int nf = v.length;
    int n = v[0].length;
    double[][] h = new double[nf][n];
    for (int s = 0; s < n; s++) {
      double sum = 0;
      int k = 0;
      h[0][s] = Double.NaN;
      for (int t = 1; t < nf; t++) {
        if (!Double.isNaN(v[t - 1][s])) {
          sum += v[t - 1][s];
          k++;
        }
        h[t][s] = k > 0 ? sum / k : Double.NaN;
      }
    }
    return h;
  }

  /** Log-likelihood of the logistic fit and the standardised weight of the last column. */
  private static double[] fit(List<double[]> cols, int[] y) {
    int m = y.length;
    double[][] x = new double[m][cols.size()];
    for (int i = 0; i < m; i++) for (int c = 0; c < cols.size(); c++) x[i][c] = cols.get(c)[i];
    LogisticRegression.Model model = new LogisticRegression(new LogisticRegression.Options(PRIOR, 100, 1e-10)).fit(x, y);
    double ll = 0;
    for (int i = 0; i < m; i++) {
      double p = Math.min(1 - 1e-15, Math.max(1e-15, model.probability(x[i])));
      ll += y[i] == 1 ? Math.log(p) : Math.log(1 - p);
    }
    return new double[] {ll, model.weights()[cols.size() - 1]};
  }

  /** Upper tail of χ² with one degree of freedom. */
  private static double chiSquare1(double lr) { return lr <= 0 ? 1 : Erf.erfc(Math.sqrt(lr / 2)); }
}
