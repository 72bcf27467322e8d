package org.causalem.causal;

import java.util.Arrays;
import java.util.Objects;
import org.hipparchus.special.Gamma;

/**
 * Information-geometric causal inference (Daniušis et al. 2010; Janzing et al. 2012) for a
 * deterministic-ish relation between two variables. Both variables are first normalised to the
 * reference measure (uniform: scaled to [0, 1]; Gaussian: standardized); then
 * <ul>
 *   <li>slope estimator: {@code Ĉ(X→Y) = mean log |Δy/Δx|} over neighbours in x order,
 *   <li>entropy estimator: {@code Ĉ(X→Y) = Ĥ(Y) − Ĥ(X)} with the m-spacing (m = 1) entropy estimate,
 * </ul>
 * and X → Y is inferred when {@code Ĉ(X→Y) < Ĉ(Y→X)}.
 */
public final class Igci {
  /** The reference measure the data are normalised to. */
  public enum Reference { UNIFORM, GAUSSIAN }

  /** The estimator of the IGCI score. */
  public enum Estimator { SLOPE, ENTROPY }

  public record Options(Reference reference, Estimator estimator) {
    public Options {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(estimator, "estimator");
    }

    public static Options defaults() { return new Options(Reference.UNIFORM, Estimator.SLOPE); }
  }

  private final Options options;

  public Igci(Options options) { this.options = Objects.requireNonNull(options); }

  /** @param x, y samples of equal length (not modified) */
  public PairwiseResult direction(String xName, String yName, double[] x, double[] y) {
    if (x.length != y.length) throw new IllegalArgumentException(xName + " has " + x.length + " values, " + yName + " has " + y.length);
    if (x.length < 3) throw new IllegalArgumentException("IGCI needs at least 3 pairs, got " + x.length);
    requireFinite(x, xName);
    requireFinite(y, yName);
    double[] nx = normalise(x, xName);
    double[] ny = normalise(y, yName);
    double score;
    if (options.estimator() == Estimator.SLOPE) {
      score = slope(nx, ny) - slope(ny, nx);
    } else {
      score = entropy(ny) - entropy(nx);
    }
    PairwiseResult.Direction d = score < 0 ? PairwiseResult.Direction.X_CAUSES_Y
        : score > 0 ? PairwiseResult.Direction.Y_CAUSES_X : PairwiseResult.Direction.UNDECIDED;
    return new PairwiseResult(xName, yName, "igci", d, score, Double.NaN, Double.NaN);
  }

  private double[] normalise(double[] v, String name) {
    double[] out = v.clone();
    if (options.reference() == Reference.UNIFORM) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double a : v) {
        lo = Math.min(lo, a);
        hi = Math.max(hi, a);
      }
      if (!(hi > lo)) throw new IllegalArgumentException(name + " is constant");
      for (int i = 0; i < out.length; i++) out[i] = (v[i] - lo) / (hi - lo);
    } else {
      if (!DirectLingam.standardize(out)) throw new IllegalArgumentException(name + " is constant");
    }
    return out;
  }

  /** mean over x-neighbours of log |Δy/Δx|, skipping ties in either. */
  static double slope(double[] x, double[] y) {
    int n = x.length;
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) boxed[i] = i;
    Arrays.sort(boxed, (a, b) -> Double.compare(x[a], x[b]));
    double s = 0;
    for (int k = 0; k < n - 1; k++) {
      int i = boxed[k];
      int j = boxed[k + 1];
      double dx = x[j] - x[i];
      double dy = y[j] - y[i];
      if (dx != 0 && dy != 0) s += Math.log(Math.abs(dy / dx));
    }
    return s / (n - 1);
  }

  /** 1-spacing entropy estimate: ψ(n) − ψ(1) + mean log Δ over sorted values (ties skipped). */
  static double entropy(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    double h = 0;
    for (int k = 0; k < n - 1; k++) {
      double d = s[k + 1] - s[k];
      if (d != 0) h += Math.log(Math.abs(d));
    }
    return h / (n - 1) + Gamma.digamma(n) - Gamma.digamma(1);
  }

  private static void requireFinite(double[] v, String name) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) throw new org.causalem.data.BadInputException(name + " row " + (i + 1) + " is " + v[i] + "; drop incomplete rows first");
    }
  }
}
