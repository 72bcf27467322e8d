package org.causalem.bayes;

import java.util.ArrayList;
import java.util.List;

/**
 * Bayesian comparison of competing linear models of the same response: log evidence of each, Bayes
 * factors, and posterior model probabilities under equal prior model probabilities.
 */
public final class ModelComparison {
  /** One candidate model: its name, its design matrix and its prior. */
  public record Candidate(String name, double[][] design, NormalInverseGamma prior) {}

  /** The fitted candidate with its posterior model probability. */
  public record Ranked(String name, RegressionPosterior posterior, double posteriorProbability) {}

  private ModelComparison() {}

  /**
   * Fits every candidate to {@code y} and returns them in the given order with posterior model
   * probabilities {@code p(M_k | y) ∝ p(y | M_k)} (equal prior probabilities).
   */
  public static List<Ranked> compare(List<Candidate> candidates, double[] y) {
    if (candidates.isEmpty()) throw new IllegalArgumentException("no candidate models");
    List<RegressionPosterior> fits = new ArrayList<>();
    double max = Double.NEGATIVE_INFINITY;
    for (Candidate c : candidates) {
      RegressionPosterior f = BayesianLinearRegression.fit(c.prior(), c.design(), y);
      fits.add(f);
      max = Math.max(max, f.logEvidence());
    }
    double sum = 0;
    for (RegressionPosterior f : fits) sum += Math.exp(f.logEvidence() - max);
    List<Ranked> out = new ArrayList<>();
    for (int k = 0; k < fits.size(); k++) {
      out.add(new Ranked(candidates.get(k).name(), fits.get(k), Math.exp(fits.get(k).logEvidence() - max) / sum));
    }
    return out;
  }

  /** The natural-log Bayes factor of model a over model b. */
  public static double logBayesFactor(RegressionPosterior a, RegressionPosterior b) { return a.logEvidence() - b.logEvidence(); }

  /**
   * The default weakly-informative prior used by the command line: Zellner's unit-information g-prior
   * ({@code Λ₀ = XᵀX/n}) centred on "no effect" (coefficient 0, except a constant column centred on the
   * mean of y), and {@code σ² ~ InvGamma(1, var(y))}. Invariant to the units of the regressors.
   */
  public static NormalInverseGamma defaultPrior(double[][] design, double[] y) {
    double mean = 0;
    for (double v : y) mean += v;
    mean /= y.length;
    double var = 0;
    for (double v : y) var += (v - mean) * (v - mean);
    var /= Math.max(1, y.length - 1);
    if (!(var > 0)) throw new IllegalArgumentException("the response is constant: nothing to explain");
    NormalInverseGamma g = NormalInverseGamma.gPrior(design, y.length, 1.0, var);
    double[] m0 = new double[g.dimension()];
    for (int j = 0; j < m0.length; j++) {
      boolean ones = true;
      for (double[] row : design) if (row[j] != 1.0) { ones = false; break; }
      if (ones) m0[j] = mean;
    }
    return new NormalInverseGamma(m0, g.precision(), g.shape(), g.rate());
  }
}
