package org.causalem.spectra;

import java.util.Objects;

/**
 * A background fitted in a pre-edge window: {@code ln I = logAmplitude − exponent·u}, with
 * {@code u = ln E} (power law) or {@code u = E} (exponential). Fitted by weighted least squares on the
 * logarithm of the counts with Poisson weights ({@code var(ln I) ≈ 1/I}); channels with counts ≤ 0
 * are left out.
 *
 * @param valid false when fewer than two channels with positive counts were in the window
 */
public record BackgroundFit(BackgroundModel model, double logAmplitude, double exponent, boolean valid) {
  public BackgroundFit {
    Objects.requireNonNull(model, "model");
  }

  /** An invalid fit (the window had too few positive counts). */
  public static BackgroundFit invalid(BackgroundModel model) {
    return new BackgroundFit(model, Double.NaN, Double.NaN, false);
  }

  /** The background at {@code energyEv} (NaN when invalid). */
  public double value(double energyEv) {
    return Math.exp(logAmplitude - exponent * model.abscissa(energyEv));
  }

  /** The background where {@link BackgroundModel#abscissa} is {@code u} (the same as {@link #value} at that energy). */
  public double valueAtAbscissa(double u) {
    return Math.exp(logAmplitude - exponent * u);
  }

  /**
   * Fits channels {@code [from, to)} of {@code counts}.
   *
   * @param abscissa {@link BackgroundModel#abscissa} of every channel's energy (precomputed by the caller)
   */
  public static BackgroundFit fit(BackgroundModel model, double[] abscissa, float[] counts, int from, int to) {
    double sw = 0;
    double su = 0;
    double sy = 0;
    double suu = 0;
    double suy = 0;
    int n = 0;
    for (int i = from; i < to; i++) {
      double c = counts[i];
      if (!(c > 0)) continue;
      double y = Math.log(c);
      double u = abscissa[i];
      double w = c;
      sw += w;
      su += w * u;
      sy += w * y;
      suu += w * u * u;
      suy += w * u * y;
      n++;
    }
    if (n < 2) return invalid(model);
    double det = sw * suu - su * su;
    if (!(Math.abs(det) > 1e-300)) return invalid(model);
    double slope = (sw * suy - su * sy) / det;
    double intercept = (sy - slope * su) / sw;
    return new BackgroundFit(model, intercept, -slope, true);
  }
}
