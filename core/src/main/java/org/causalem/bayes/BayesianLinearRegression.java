package org.causalem.bayes;

import org.causalem.numeric.Cholesky;
import org.causalem.numeric.SingularMatrixException;
import org.causalem.numeric.Stats;
import org.hipparchus.special.Gamma;

/**
 * Bayesian linear regression {@code y = Xβ + ε, ε ~ N(0, σ² I)} with a conjugate Normal–inverse-Gamma
 * prior (Bishop, PRML §3.3; Murphy, PML §11.7). Closed-form posterior, predictive and log evidence.
 */
public final class BayesianLinearRegression {
  private BayesianLinearRegression() {}

  /**
   * The posterior after observing {@code (design, y)}.
   *
   * @param prior prior on (β, σ²); its dimension must equal the number of design columns
   * @param design n rows of p regressors (not modified)
   * @param y n responses (not modified)
   */
  public static RegressionPosterior fit(NormalInverseGamma prior, double[][] design, double[] y) {
    int p = prior.dimension();
    int n = checkShapes(design, y, p);
    double[] lambda0 = prior.precision();
    double[] m0 = prior.mean();
    double[] lambdaN = gram(design, p);
    for (int i = 0; i < p * p; i++) lambdaN[i] += lambda0[i];
    double[] rhs = new double[p];
    for (int i = 0; i < p; i++) {
      double s = 0;
      for (int k = 0; k < p; k++) s += lambda0[i * p + k] * m0[k];
      rhs[i] = s;
    }
    for (int r = 0; r < n; r++) {
      double[] x = design[r];
      for (int i = 0; i < p; i++) rhs[i] += x[i] * y[r];
    }
    Cholesky cn;
    try {
      cn = Cholesky.of(lambdaN, p);
    } catch (SingularMatrixException e) {
      throw new IllegalArgumentException("posterior precision is singular: the regressors are collinear or the prior is improper", e);
    }
    double[] mN = cn.solve(rhs);
    // b_N = b_0 + ½[(y − X m_N)ᵀ(y − X m_N) + (m_N − m_0)ᵀ Λ_0 (m_N − m_0)]  (stable form)
    double rss = 0;
    for (int r = 0; r < n; r++) {
      double e = y[r] - Stats.dot(design[r], mN);
      rss += e * e;
    }
    double quad = 0;
    for (int i = 0; i < p; i++) {
      double di = mN[i] - m0[i];
      for (int k = 0; k < p; k++) quad += di * lambda0[i * p + k] * (mN[k] - m0[k]);
    }
    double aN = prior.shape() + 0.5 * n;
    double bN = prior.rate() + 0.5 * (rss + quad);
    NormalInverseGamma post = new NormalInverseGamma(mN, symmetrize(lambdaN, p), aN, bN);
    double logDet0 = p == 0 ? 0 : Cholesky.of(lambda0, p).logDeterminant();
    double logEvidence = -0.5 * n * Math.log(2 * Math.PI) + 0.5 * logDet0 - 0.5 * cn.logDeterminant()
        + prior.shape() * Math.log(prior.rate()) - aN * Math.log(bN) + Gamma.logGamma(aN) - Gamma.logGamma(prior.shape());
    return new RegressionPosterior(prior, post, n, logEvidence);
  }

  /**
   * KL divergence {@code KL(q ‖ p)} between two Normal–inverse-Gamma distributions of equal dimension,
   * in nats: {@code E_q[KL(N_q(β|σ²) ‖ N_p(β|σ²))] + KL(IG_q ‖ IG_p)}.
   */
  public static double klDivergence(NormalInverseGamma q, NormalInverseGamma p) {
    int d = q.dimension();
    if (p.dimension() != d) throw new IllegalArgumentException("dimensions differ: " + d + " vs " + p.dimension());
    double[] lq = q.precision();
    double[] lp = p.precision();
    Cholesky cq = Cholesky.of(lq, d);
    Cholesky cp = Cholesky.of(lp, d);
    double[] vq = cq.inverse();
    double trace = 0;
    for (int i = 0; i < d; i++) for (int k = 0; k < d; k++) trace += lp[i * d + k] * vq[k * d + i];
    double maha = 0;
    for (int i = 0; i < d; i++) {
      double di = q.mean()[i] - p.mean()[i];
      for (int k = 0; k < d; k++) maha += di * lp[i * d + k] * (q.mean()[k] - p.mean()[k]);
    }
    // log det(Σ_p)/det(Σ_q) with Σ = σ² Λ⁻¹ = log det Λ_q − log det Λ_p
    double gaussian = 0.5 * (trace + maha * q.shape() / q.rate() - d + cq.logDeterminant() - cp.logDeterminant());
    double aq = q.shape();
    double bq = q.rate();
    double ap = p.shape();
    double bp = p.rate();
    double gamma = (aq - ap) * Gamma.digamma(aq) - Gamma.logGamma(aq) + Gamma.logGamma(ap)
        + ap * (Math.log(bq) - Math.log(bp)) + aq * (bp - bq) / bq;
    return gaussian + gamma;
  }

  static double[] gram(double[][] design, int p) {
    double[] g = new double[p * p];
    for (double[] x : design) {
      if (x.length != p) throw new IllegalArgumentException("design row has " + x.length + " columns, expected " + p);
      for (int i = 0; i < p; i++) {
        double xi = x[i];
        for (int k = 0; k <= i; k++) g[i * p + k] += xi * x[k];
      }
    }
    for (int i = 0; i < p; i++) for (int k = 0; k < i; k++) g[k * p + i] = g[i * p + k];
    return g;
  }

  private static double[] symmetrize(double[] a, int p) {
    for (int i = 0; i < p; i++) {
      for (int k = 0; k < i; k++) {
        double m = 0.5 * (a[i * p + k] + a[k * p + i]);
        a[i * p + k] = m;
        a[k * p + i] = m;
      }
    }
    return a;
  }

  private static int checkShapes(double[][] design, double[] y, int p) {
    if (design.length != y.length) throw new IllegalArgumentException("design has " + design.length + " rows but y has " + y.length);
    for (int r = 0; r < design.length; r++) {
      if (design[r].length != p) throw new IllegalArgumentException("design row " + r + " has " + design[r].length + " columns, prior has " + p);
      for (int i = 0; i < p; i++) if (!Double.isFinite(design[r][i])) throw new IllegalArgumentException("design[" + r + "][" + i + "] is not finite");
      if (!Double.isFinite(y[r])) throw new IllegalArgumentException("y[" + r + "] is not finite");
    }
    return y.length;
  }
}
