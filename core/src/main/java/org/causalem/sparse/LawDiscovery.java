package org.causalem.sparse;

import java.util.ArrayList;
import java.util.List;

/**
 * SINDy end to end: smoothed derivatives of each state (Savitzky–Golay), a polynomial library, STLSQ
 * per equation (with a given threshold, or the threshold chosen along the sparsity path by an
 * information criterion), and bootstrap inclusion probabilities (ensemble SINDy).
 */
public final class LawDiscovery {
  /**
   * @param degree polynomial library degree
   * @param threshold STLSQ threshold, or NaN to choose each equation's model along the path by {@code criterion}
   * @param criterion AIC or BIC (used when threshold is NaN)
   * @param derivative Savitzky–Golay settings for dx/dt
   * @param resamples bootstrap resamples for inclusion probabilities
   * @param pathSteps thresholds on the sparsity path
   * @param relativeErrorFloor residual level (fraction of the derivative's RMS) treated as exact by the
   *     criterion; see {@link SparsityPath#compute}
   * @param seed seed of the bootstrap
   */
  public record Options(int degree, double threshold, SparsityPath.Criterion criterion, SavitzkyGolay.Options derivative,
      int resamples, int pathSteps, double relativeErrorFloor, long seed) {
    public Options {
      if (degree < 1 || degree > 5) throw new IllegalArgumentException("degree must be 1..5, got " + degree);
      if (!Double.isNaN(threshold) && !(threshold >= 0)) throw new IllegalArgumentException("threshold must be ≥ 0, got " + threshold);
      java.util.Objects.requireNonNull(criterion, "criterion");
      java.util.Objects.requireNonNull(derivative, "derivative");
      if (resamples < 2) throw new IllegalArgumentException("resamples must be ≥ 2, got " + resamples);
      if (pathSteps < 2) throw new IllegalArgumentException("pathSteps must be ≥ 2, got " + pathSteps);
      if (!(relativeErrorFloor >= 0 && relativeErrorFloor < 1)) throw new IllegalArgumentException("relativeErrorFloor must be in [0, 1), got " + relativeErrorFloor);
    }

    public static Options defaults() {
      return new Options(2, Double.NaN, SparsityPath.Criterion.BIC, SavitzkyGolay.Options.defaults(), 50, 40, 1e-3, 1);
    }
  }

  /**
   * @param law the law found
   * @param thresholds the STLSQ threshold of each equation
   * @param derivatives {@code [variable][sample]} the smoothed dx/dt used as targets
   * @param inclusionProbability {@code [equation][feature]} bootstrap inclusion probabilities
   * @param paths one sparsity path per equation
   */
  public record Result(SparseLaw law, double[] thresholds, double[][] derivatives, double[][] inclusionProbability, List<SparsityPath> paths) {}

  private final Options options;

  public LawDiscovery(Options options) { this.options = java.util.Objects.requireNonNull(options); }

  /**
   * @param times strictly increasing sample times
   * @param states {@code [variable][sample]} (not modified)
   * @param names variable names, as the terms are written
   */
  public Result discover(double[] times, double[][] states, List<String> names) {
    return discover(FeatureLibrary.polynomial(names, options.degree()), times, states);
  }

  /** As {@link #discover(double[], double[][], List)} with a given library. */
  public Result discover(FeatureLibrary library, double[] times, double[][] states) {
    int d = states.length;
    SavitzkyGolay sg = new SavitzkyGolay(options.derivative());
    double[][] dx = new double[d][];
    double[][] smooth = new double[d][];
    for (int v = 0; v < d; v++) {
      dx[v] = sg.derivative(times, states[v]);
      smooth[v] = sg.smooth(times, states[v]);
    }
    double[][] theta = library.evaluate(smooth);
    NormalEquations ne = NormalEquations.of(theta, dx, null);
    double[][] coef = new double[d][];
    double[] thr = new double[d];
    double[][] incl = new double[d][];
    List<SparsityPath> paths = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      SparsityPath path = SparsityPath.compute(ne, j, options.pathSteps(), 0, options.relativeErrorFloor());
      paths.add(path);
      if (Double.isNaN(options.threshold())) {
        SparsityPath.Point best = path.best(options.criterion());
        coef[j] = best.coefficients();
        thr[j] = best.threshold();
      } else {
        thr[j] = options.threshold();
        coef[j] = new Stlsq(Stlsq.Options.withThreshold(thr[j])).fit(ne, j).coefficients();
      }
      EnsembleSindy.Result ens = new EnsembleSindy(new EnsembleSindy.Options(options.resamples(), Stlsq.Options.withThreshold(thr[j]),
          options.seed() + 7919L * j)).fit(theta, new double[][] {dx[j]});
      incl[j] = ens.inclusionProbability()[0];
    }
    return new Result(new SparseLaw(library, coef), thr, dx, incl, paths);
  }
}
