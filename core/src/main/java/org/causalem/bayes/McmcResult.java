package org.causalem.bayes;

import java.util.List;

/**
 * Draws of several MCMC chains with their diagnostics.
 *
 * @param chains one entry per chain
 */
public record McmcResult(List<Chain> chains) {
  public McmcResult {
    chains = List.copyOf(chains);
    if (chains.isEmpty()) throw new IllegalArgumentException("no chains");
  }

  /**
   * One chain after warm-up.
   *
   * @param draws {@code [draw][parameter]}
   * @param logDensity log density of each draw
   * @param treeDepth doublings of each transition
   * @param divergences divergent transitions after warm-up
   * @param warmupDivergences divergent transitions during warm-up
   * @param stepSize adapted leapfrog step
   * @param inverseMetric adapted diagonal inverse mass matrix
   * @param meanAcceptance mean acceptance statistic of the kept transitions
   */
  public record Chain(double[][] draws, double[] logDensity, int[] treeDepth, int divergences, int warmupDivergences,
      double stepSize, double[] inverseMetric, double meanAcceptance) {}

  public int dimension() { return chains.get(0).draws()[0].length; }

  /** Divergent transitions after warm-up, over all chains. */
  public int divergences() { return chains.stream().mapToInt(Chain::divergences).sum(); }

  /** {@code [chain][draw]} of one parameter. */
  public double[][] parameter(int j) {
    double[][] out = new double[chains.size()][];
    for (int c = 0; c < out.length; c++) {
      double[][] dr = chains.get(c).draws();
      out[c] = new double[dr.length];
      for (int i = 0; i < dr.length; i++) out[c][i] = dr[i][j];
    }
    return out;
  }

  /** All draws of all chains, {@code [draw][parameter]}. */
  public double[][] pooled() {
    int n = chains.stream().mapToInt(c -> c.draws().length).sum();
    double[][] out = new double[n][];
    int k = 0;
    for (Chain c : chains) for (double[] x : c.draws()) out[k++] = x;
    return out;
  }

  /** Posterior mean of each parameter. */
  public double[] mean() {
    int d = dimension();
    double[] m = new double[d];
    int n = 0;
    for (Chain c : chains) {
      for (double[] x : c.draws()) {
        for (int j = 0; j < d; j++) m[j] += x[j];
        n++;
      }
    }
    for (int j = 0; j < d; j++) m[j] /= n;
    return m;
  }

  /** Posterior standard deviation of each parameter. */
  public double[] sd() {
    double[] m = mean();
    double[] v = new double[m.length];
    int n = 0;
    for (Chain c : chains) {
      for (double[] x : c.draws()) {
        for (int j = 0; j < m.length; j++) v[j] += (x[j] - m[j]) * (x[j] - m[j]);
        n++;
      }
    }
    for (int j = 0; j < m.length; j++) v[j] = Math.sqrt(v[j] / (n - 1));
    return v;
  }

  /** Rank-normalised split R-hat of each parameter (Vehtari et al. 2021). */
  public double[] rhat() {
    double[] r = new double[dimension()];
    for (int j = 0; j < r.length; j++) r[j] = ConvergenceDiagnostics.rankNormalizedSplitRhat(parameter(j));
    return r;
  }

  /** Bulk effective sample size of each parameter. */
  public double[] essBulk() {
    double[] r = new double[dimension()];
    for (int j = 0; j < r.length; j++) r[j] = ConvergenceDiagnostics.essBulk(parameter(j));
    return r;
  }

  /** Effective sample size for the mean (no rank normalisation) of each parameter. */
  public double[] essMean() {
    double[] r = new double[dimension()];
    for (int j = 0; j < r.length; j++) r[j] = ConvergenceDiagnostics.ess(ConvergenceDiagnostics.split(parameter(j)));
    return r;
  }

  /** Monte Carlo standard error of each posterior mean: {@code sd / √ESS}. */
  public double[] mcse() {
    double[] s = sd();
    double[] e = essMean();
    double[] out = new double[s.length];
    for (int j = 0; j < s.length; j++) out[j] = s[j] / Math.sqrt(e[j]);
    return out;
  }
}
