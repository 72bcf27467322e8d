package org.causalem.bayes;

import org.causalem.numeric.Cholesky;
import org.causalem.numeric.Stats;

/**
 * The result of a conjugate Bayesian regression.
 *
 * @param prior the prior the data updated
 * @param posterior the posterior Normal–inverse-Gamma
 * @param observations number of observations used
 * @param logEvidence log marginal likelihood {@code log p(y | X, model)} in nats
 */
public record RegressionPosterior(NormalInverseGamma prior, NormalInverseGamma posterior, int observations, double logEvidence) {

  /** Posterior mean of β. */
  public double[] coefficientMean() { return posterior.mean(); }

  /** Posterior covariance of β (marginal Student-t). */
  public double[] coefficientCovariance() { return posterior.coefficientCovariance(); }

  /** Marginal posterior of coefficient {@code j}: Student-t with 2·a_N degrees of freedom. */
  public StudentT coefficientMarginal(int j) {
    int p = posterior.dimension();
    double[] s = posterior.coefficientScaleMatrix();
    return new StudentT(posterior.mean()[j], Math.sqrt(s[j * p + j]), 2 * posterior.shape());
  }

  /** The marginal posterior of every coefficient, as {@link #coefficientMarginal} gives each, from one inverse of the precision. */
  public java.util.List<StudentT> coefficientMarginals() {
    int p = posterior.dimension();
    double[] s = posterior.coefficientScaleMatrix();
    java.util.List<StudentT> out = new java.util.ArrayList<>(p);
    for (int j = 0; j < p; j++) out.add(new StudentT(posterior.mean()[j], Math.sqrt(s[j * p + j]), 2 * posterior.shape()));
    return out;
  }

  /** Posterior predictive of a new response at regressors {@code x}: Student-t. */
  public StudentT predict(double[] x) {
    int p = posterior.dimension();
    if (x.length != p) throw new IllegalArgumentException("x has " + x.length + " values, expected " + p);
    double[] v = Cholesky.of(posterior.precision(), p).solve(x);
    double q = Stats.dot(x, v);
    double scale2 = posterior.rate() / posterior.shape() * (1 + q);
    return new StudentT(Stats.dot(x, posterior.mean()), Math.sqrt(scale2), 2 * posterior.shape());
  }

  /**
   * Sequential update: the posterior after further observations, with this posterior as the prior. The
   * log evidence accumulates ({@code log p(y₁, y₂) = log p(y₁) + log p(y₂ | y₁)}), so the result equals
   * a batch fit of all observations.
   */
  public RegressionPosterior update(double[][] design, double[] y) {
    RegressionPosterior next = BayesianLinearRegression.fit(posterior, design, y);
    return new RegressionPosterior(prior, next.posterior(), observations + next.observations(), logEvidence + next.logEvidence());
  }

  /** Information gained from the data: {@code KL(posterior ‖ prior)} in nats. */
  public double informationGainNats() { return BayesianLinearRegression.klDivergence(posterior, prior); }
}
