package org.causalem.causal;

import java.util.Objects;

/**
 * Regression-error based causal inference, RECI (Blöbaum, Janzing, Washio, Shimizu &amp; Schölkopf,
 * AISTATS 2018). Both variables are rescaled to [0, 1]; Y is regressed on X and X on Y with the same
 * function class (here least-squares polynomials of a fixed degree); X → Y is inferred when the mean
 * squared error of predicting Y from X is the smaller. The theory behind it holds for an invertible
 * (monotone) relation with small noise: the error of the anti-causal regression then exceeds the
 * causal one. It always decides (a tie, which needs identical errors, is broken towards X → Y and said).
 */
public final class Reci {
  /** @param degree degree of the regression polynomial, 1 to 5 (3 as in the paper's polynomial variant) */
  public record Options(int degree) {
    public Options {
      if (degree < 1 || degree > 5) throw new IllegalArgumentException("degree must be 1 to 5, got " + degree);
    }

    public static Options defaults() { return new Options(3); }
  }

  private final Options options;

  public Reci(Options options) { this.options = Objects.requireNonNull(options); }

  /**
   * @return method "reci", score {@code ln MSE(X|Y) − ln MSE(Y|X)} (positive: X → Y); the two p-value
   *     fields hold the two mean squared errors on the unit scale (Y from X, X from Y)
   */
  public PairwiseResult direction(String xName, String yName, double[] x, double[] y) {
    double[][] u = PolyFit.unitPair(xName, yName, x, y, options.degree() + 3, "RECI");
    double[] ux = u[0];
    double[] uy = u[1];
    int n = x.length;
    double mseYx = PolyFit.rss(ux, uy, options.degree()) / n;
    double mseXy = PolyFit.rss(uy, ux, options.degree()) / n;
    double floor = 1e-300;
    double score = Math.log(Math.max(mseXy, floor)) - Math.log(Math.max(mseYx, floor));
    return PairwiseResult.forced(xName, yName, "reci", score, mseYx, mseXy, "both regressions have the same error");
  }
}
