package org.causalem.sparse;

/**
 * Sequentially thresholded least squares, the sparse regression of SINDy (Brunton, Proctor &amp; Kutz
 * 2016): fit all terms, zero those with |coefficient| below the threshold, refit the rest, repeat until
 * the support no longer changes.
 */
public final class Stlsq {
  /**
   * @param threshold coefficients with a smaller magnitude are removed (in the units of the coefficients)
   * @param ridge Tikhonov weight relative to each column's squared norm (0 = ordinary least squares)
   * @param maxIterations bound on threshold–refit rounds
   */
  public record Options(double threshold, double ridge, int maxIterations) {
    public Options {
      if (!(threshold >= 0)) throw new IllegalArgumentException("threshold must be ≥ 0, got " + threshold);
      if (!(ridge >= 0)) throw new IllegalArgumentException("ridge must be ≥ 0, got " + ridge);
      if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be ≥ 1, got " + maxIterations);
    }

    public static Options withThreshold(double threshold) { return new Options(threshold, 0, 25); }
  }

  /** Coefficients with {@code converged} saying whether the support stopped changing. */
  public record Fit(double[] coefficients, boolean converged) {}

  private final Options options;

  public Stlsq(Options options) { this.options = java.util.Objects.requireNonNull(options); }

  /** Fits one target ({@code theta[f][t]}, {@code y[t]}; not modified). */
  public Fit fit(double[][] theta, double[] y) {
    return fit(NormalEquations.of(theta, new double[][] {y}, null), 0);
  }

  /** Fits target {@code j} of prepared normal equations. */
  public Fit fit(NormalEquations ne, int j) {
    boolean[] support = new boolean[ne.features];
    java.util.Arrays.fill(support, true);
    double[] c = ne.solve(j, support, options.ridge());
    for (int it = 0; it < options.maxIterations(); it++) {
      boolean changed = false;
      for (int f = 0; f < c.length; f++) {
        if (support[f] && Math.abs(c[f]) < options.threshold()) {
          support[f] = false;
          changed = true;
        }
      }
      if (!changed) return new Fit(c, true);
      c = ne.solve(j, support, options.ridge());
    }
    return new Fit(c, false);
  }
}
