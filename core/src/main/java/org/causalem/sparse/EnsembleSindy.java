package org.causalem.sparse;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.causalem.numeric.Stats;

/**
 * Ensemble SINDy (Fasel et al. 2022, bagging): STLSQ on bootstrap resamples of the rows; the fraction
 * of resamples in which a term survives is its inclusion probability, and the median coefficient over
 * resamples its bagged estimate.
 */
public final class EnsembleSindy {
  /**
   * @param resamples number of bootstrap resamples
   * @param stlsq the STLSQ settings used on every resample
   * @param seed seed of the resampling
   */
  public record Options(int resamples, Stlsq.Options stlsq, long seed) {
    public Options {
      if (resamples < 2) throw new IllegalArgumentException("resamples must be ≥ 2, got " + resamples);
      java.util.Objects.requireNonNull(stlsq, "stlsq");
    }
  }

  /**
   * @param inclusionProbability {@code [target][feature]}
   * @param medianCoefficients {@code [target][feature]} median over resamples (0 where a term was mostly absent)
   */
  public record Result(double[][] inclusionProbability, double[][] medianCoefficients) {}

  private final Options options;

  public EnsembleSindy(Options options) { this.options = java.util.Objects.requireNonNull(options); }

  /** Runs the ensemble on {@code theta[f][t]} and targets {@code y[j][t]} (not modified), in parallel. */
  public Result fit(double[][] theta, double[][] y) {
    int n = theta[0].length;
    int k = theta.length;
    int[][] weights = new int[options.resamples()][n];
    SplittableRandom rnd = new SplittableRandom(options.seed());
    for (int b = 0; b < weights.length; b++) for (int i = 0; i < n; i++) weights[b][rnd.nextInt(n)]++;
    double[][][] coef = new double[options.resamples()][][];
    Stlsq stlsq = new Stlsq(options.stlsq());
    IntStream.range(0, options.resamples()).parallel().forEach(b -> {
      NormalEquations ne = NormalEquations.of(theta, y, weights[b]);
      double[][] c = new double[y.length][];
      for (int j = 0; j < y.length; j++) c[j] = stlsq.fit(ne, j).coefficients();
      coef[b] = c;
    });
    double[][] incl = new double[y.length][k];
    double[][] med = new double[y.length][k];
    double[] vals = new double[options.resamples()];
    for (int j = 0; j < y.length; j++) {
      for (int f = 0; f < k; f++) {
        int in = 0;
        for (int b = 0; b < vals.length; b++) {
          vals[b] = coef[b][j][f];
          if (vals[b] != 0) in++;
        }
        incl[j][f] = in / (double) vals.length;
        med[j][f] = Stats.median(vals);
      }
    }
    return new Result(incl, med);
  }
}
