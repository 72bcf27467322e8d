package org.causalem.sparse;

import org.causalem.numeric.Cholesky;
import org.causalem.numeric.SingularMatrixException;

/**
 * Savitzky–Golay smoothing and differentiation: at every sample a polynomial of degree
 * {@code order} is fitted by least squares to the {@code 2·halfWidth+1} nearest samples (a window shifted
 * inwards at the ends) and its value or first derivative is taken at the sample. Works with the actual
 * sample times, so non-uniform sampling is handled exactly.
 */
public final class SavitzkyGolay {
  /**
   * @param halfWidth samples on each side of the centre (window = 2·halfWidth+1)
   * @param order polynomial degree, smaller than the window
   */
  public record Options(int halfWidth, int order) {
    public Options {
      if (halfWidth < 1) throw new IllegalArgumentException("halfWidth must be ≥ 1, got " + halfWidth);
      if (order < 1 || order > 6) throw new IllegalArgumentException("order must be 1..6, got " + order);
      if (order >= 2 * halfWidth + 1) throw new IllegalArgumentException("order " + order + " needs a window wider than " + (2 * halfWidth + 1));
    }

    public static Options defaults() { return new Options(7, 3); }
  }

  private final Options options;

  public SavitzkyGolay(Options options) { this.options = java.util.Objects.requireNonNull(options); }

  /** dx/dt at every sample ({@code t} strictly increasing; inputs not modified). */
  public double[] derivative(double[] t, double[] x) { return apply(t, x, 1); }

  /** The smoothed series. */
  public double[] smooth(double[] t, double[] x) { return apply(t, x, 0); }

  private double[] apply(double[] t, double[] x, int deriv) {
    int n = t.length;
    if (x.length != n) throw new IllegalArgumentException("t has " + n + " samples, x has " + x.length);
    int w = 2 * options.halfWidth() + 1;
    if (n < w) throw new IllegalArgumentException("series has " + n + " samples, fewer than the window of " + w);
    for (int i = 1; i < n; i++) {
      if (!(t[i] > t[i - 1])) throw new IllegalArgumentException("time must increase strictly; t[" + i + "] = " + t[i] + " after " + t[i - 1]);
    }
    int p = options.order() + 1;
    double[] out = new double[n];
    double[] ata = new double[p * p];
    double[] atb = new double[p];
    double[] pw = new double[2 * p];
    for (int i = 0; i < n; i++) {
      int start = Math.max(0, Math.min(n - w, i - options.halfWidth()));
      double t0 = t[i];
      double h = (t[start + w - 1] - t[start]) / 2;
      java.util.Arrays.fill(ata, 0);
      java.util.Arrays.fill(atb, 0);
      for (int k = start; k < start + w; k++) {
        double u = (t[k] - t0) / h;
        pw[0] = 1;
        for (int j = 1; j < 2 * p; j++) pw[j] = pw[j - 1] * u;
        for (int a = 0; a < p; a++) {
          atb[a] += pw[a] * x[k];
          for (int b = 0; b < p; b++) ata[a * p + b] += pw[a + b];
        }
      }
      double[] c;
      try {
        c = Cholesky.of(ata, p).solve(atb);
      } catch (SingularMatrixException e) {
        throw new IllegalArgumentException("normal equations are singular (collinear features)", e);
      }
      out[i] = deriv == 0 ? c[0] : c[1] / h;
    }
    return out;
  }
}
