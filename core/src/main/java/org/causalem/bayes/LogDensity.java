package org.causalem.bayes;

/**
 * An unnormalised log density on ℝ^d with its gradient, the target of {@link Nuts}. Implementations
 * must be safe to call from several threads at once (chains run in parallel).
 */
public interface LogDensity {
  int dimension();

  /**
   * Evaluates {@code log p(θ)} (up to a constant) and writes {@code ∇ log p(θ)} into {@code gradient}.
   * Returns {@code -∞} (or NaN) outside the support. {@code theta} is not modified.
   */
  double evaluate(double[] theta, double[] gradient);
}
