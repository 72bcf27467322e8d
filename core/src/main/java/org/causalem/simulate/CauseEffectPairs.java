package org.causalem.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated cause–effect pairs in the style of the published simulated benchmarks (Mooij, Peters, Janzing,
 * Zscheischler &amp; Schölkopf, JMLR 2016, "SIM" families): the cause is drawn from a random Gaussian mixture,
 * the mechanism is a random smooth function (a Gaussian-process sample with a random length scale, drawn
 * through 20 random Fourier features), the noise is a random Gaussian mixture scaled to a random fraction of
 * the signal. Families:
 * <ul>
 *   <li>{@link Family#ADDITIVE}: Y = f(X) + E, noise 10–50 % of the signal's standard deviation;
 *   <li>{@link Family#CONFOUNDED}: a hidden Z drives both, X = X₀ + c·g(Z), Y = f(X) + c·h(Z) + E;
 *   <li>{@link Family#LOW_NOISE}: as additive with noise 1–5 % of the signal;
 *   <li>{@link Family#DISCRETE_CAUSE}: the cause takes 3–10 equally spaced levels, then as additive.
 * </ul>
 * Each pair is presented in a random column order (half with the effect first); the truth says which.
 */
public final class CauseEffectPairs {
  /** A benchmark family. */
  public enum Family { ADDITIVE, CONFOUNDED, LOW_NOISE, DISCRETE_CAUSE }

  /** One generated pair: two columns and whether the first causes the second. */
  public record Pair(double[] first, double[] second, boolean firstCausesSecond) {}

  private CauseEffectPairs() {}

  /** {@code count} pairs of {@code n} rows of one family; pair i uses the stream split i times from {@code seed}. */
  public static List<Pair> generate(Family family, int count, int n, long seed) {
    if (count < 1 || n < 10) throw new IllegalArgumentException("need count ≥ 1 and n ≥ 10, got " + count + ", " + n);
    SplittableRandom root = new SplittableRandom(seed * 31 + family.ordinal());
    List<Pair> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) out.add(pair(family, n, root.split()));
    return out;
  }

  private static Pair pair(Family family, int n, SplittableRandom rng) {
    double[] x = mixture(n, rng);
    double[] z = null;
    if (family == Family.DISCRETE_CAUSE) {
      int levels = 3 + rng.nextInt(8);
      standardize(x);
      for (int i = 0; i < n; i++) {
        double q = Math.max(-2, Math.min(2, x[i]));
        x[i] = Math.round((q + 2) / 4 * (levels - 1)) / (double) (levels - 1);
      }
    } else if (family == Family.CONFOUNDED) {
      z = mixture(n, rng);
      double[] g = RandomFunction.draw(rng).apply(standardized(z));
      double c = 0.5 + rng.nextDouble();
      standardize(x);
      standardize(g);
      for (int i = 0; i < n; i++) x[i] += c * g[i];
    }
    double[] y = RandomFunction.draw(rng).apply(standardized(x));
    double sdF = Math.sqrt(variance(y));
    if (z != null) {
      double[] h = RandomFunction.draw(rng).apply(standardized(z));
      standardize(h);
      double c = (0.5 + rng.nextDouble()) * sdF;
      for (int i = 0; i < n; i++) y[i] += c * h[i];
    }
    double rel = family == Family.LOW_NOISE ? 0.01 + 0.04 * rng.nextDouble() : 0.1 + 0.4 * rng.nextDouble();
    double[] e = mixture(n, rng);
    standardize(e);
    for (int i = 0; i < n; i++) y[i] += rel * sdF * e[i];
    boolean swap = rng.nextBoolean();
    return swap ? new Pair(y, x, false) : new Pair(x, y, true);
  }

  /** n draws from a mixture of 1–5 Gaussians with random weights, means and widths. */
  static double[] mixture(int n, SplittableRandom rng) {
    int k = 1 + rng.nextInt(5);
    double[] w = new double[k];
    double[] mu = new double[k];
    double[] sd = new double[k];
    double sum = 0;
    for (int j = 0; j < k; j++) {
      w[j] = 0.1 + rng.nextDouble();
      sum += w[j];
      mu[j] = 4 * rng.nextDouble() - 2;
      sd[j] = 0.2 + 0.8 * rng.nextDouble();
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble() * sum;
      int j = 0;
      while (j < k - 1 && u > w[j]) u -= w[j++];
      out[i] = mu[j] + sd[j] * gaussian(rng);
    }
    return out;
  }

  /** A GP sample with a squared-exponential kernel of random length scale, by random Fourier features. */
  private record RandomFunction(double[] omega, double[] phase, double[] amp) {
    static RandomFunction draw(SplittableRandom rng) {
      int m = 20;
      double ell = 0.5 + 1.5 * rng.nextDouble();
      double[] omega = new double[m];
      double[] phase = new double[m];
      double[] amp = new double[m];
      for (int j = 0; j < m; j++) {
        omega[j] = gaussian(rng) / ell;
        phase[j] = 2 * Math.PI * rng.nextDouble();
        amp[j] = gaussian(rng) * Math.sqrt(2.0 / m);
      }
      return new RandomFunction(omega, phase, amp);
    }

    double[] apply(double[] x) {
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        double s = 0;
        for (int j = 0; j < omega.length; j++) s += amp[j] * Math.cos(omega[j] * x[i] + phase[j]);
        y[i] = s;
      }
      return y;
    }
  }

  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  private static double[] standardized(double[] v) {
    double[] c = v.clone();
    standardize(c);
    return c;
  }

  private static void standardize(double[] v) {
    double m = 0;
    for (double a : v) m += a;
    m /= v.length;
    double sd = Math.sqrt(variance(v));
    for (int i = 0; i < v.length; i++) v[i] = sd > 0 ? (v[i] - m) / sd : 0;
  }

  private static double variance(double[] v) {
    double m = 0;
    for (double a : v) m += a;
    m /= v.length;
    double s = 0;
    for (double a : v) s += (a - m) * (a - m);
    return s / v.length;
  }
}
