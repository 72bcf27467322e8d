package org.causalem.causal;

import java.util.List;
import org.causalem.numeric.LeastSquares;
import org.causalem.table.DescriptorTable;

/**
 * The BIC of a linear-Gaussian DAG, as {@code 2·logL − c·k·ln n} per node (higher is better): for node
 * y with parents P, {@code −n·ln(σ̂²) − c·(|P|+1)·ln n} with σ̂² the maximum-likelihood residual variance
 * of y on P (the constant {@code −n(ln 2π + 1)} per node is dropped). {@code c} is the penalty discount
 * (1 = plain BIC). Score-equivalent and decomposable. Thread-safe, with a shared cache of local scores.
 */
public final class BicScore implements Score {
  /** @param penaltyDiscount multiplies the ln n penalty; > 0 */
  public record Options(double penaltyDiscount) {
    public Options {
      if (!(penaltyDiscount > 0) || Double.isInfinite(penaltyDiscount)) {
        throw new IllegalArgumentException("penaltyDiscount must be > 0, got " + penaltyDiscount);
      }
    }

    public static Options defaults() { return new Options(1.0); }
  }

  private final List<String> variables;
  private final double[][] cov;
  private final int n;
  private final Options options;
  private final ScoreCache cache = new ScoreCache(5_000_000);

  /** @param table complete rows (no NaN); not modified */
  public BicScore(DescriptorTable table, Options options) {
    this(table.names(), LeastSquares.covariance(finite(table)), table.rows(), options);
  }

  private static double[][] finite(DescriptorTable table) {
    for (int j = 0; j < table.width(); j++) {
      for (double v : table.columns()[j]) {
        if (!Double.isFinite(v)) {
          throw new org.causalem.data.BadInputException("column '" + table.names().get(j) + "' has a missing or infinite value; drop incomplete rows first");
        }
      }
    }
    return table.columns();
  }

  /** From a covariance matrix (divisor n) and the sample size. */
  public BicScore(List<String> variables, double[][] covariance, int sampleSize, Options options) {
    this.variables = List.copyOf(variables);
    this.options = java.util.Objects.requireNonNull(options);
    if (covariance.length != this.variables.size()) throw new IllegalArgumentException("covariance is " + covariance.length + "×, expected " + this.variables.size());
    if (sampleSize < 2) throw new IllegalArgumentException("sampleSize must be ≥ 2, got " + sampleSize);
    this.cov = new double[covariance.length][];
    for (int i = 0; i < covariance.length; i++) this.cov[i] = covariance[i].clone();
    this.n = sampleSize;
  }

  @Override public List<String> variables() { return variables; }

  public int sampleSize() { return n; }

  @Override public double localScore(int node, int[] parents) {
    return cache.get(node, parents, sorted -> {
      double v = LeastSquares.residualVariance(cov, node, sorted);
      v = Math.max(v, 1e-300);
      return -n * Math.log(v) - options.penaltyDiscount() * (sorted.length + 1) * Math.log(n);
    });
  }
}
