package org.causalem.local;

import org.causalem.lattice.ScanModel;
import org.causalem.numeric.Stats;

/**
 * Scan-corrected x from a {@link ScanModel}: every scan line is shifted back by its x offset {@code L(y)} (line jitter),
 * and where the fast scan's local magnification is {@code s(x)} (pixels per unit of specimen, relative to the mean) a
 * specimen distance {@code dX} spans {@code s·dX} pixels, so the corrected coordinate is
 * {@code X = ∫₀^(x − L(y)) dt / s(t)} (trapezoids on the model's pixel grid, linear in between and beyond). Spacings
 * along X no longer change with x alone, nor lines' x positions with y alone. y is left as measured: a slow-scan
 * magnification estimate would also absorb a real band of different cells parallel to the fast scan (a phase whose
 * boundary runs along x), and the slow scan's main instrumental cause, drift, is linear and already in the reference
 * lattice.
 */
public final class ScanWarp {
  private final ScanModel scan;
  private final double[] cumX;

  private ScanWarp(ScanModel scan, double[] cumX) {
    this.scan = scan;
    this.cumX = cumX;
  }

  /** The warp of {@code scan} (its magnification arrays cover the image, one value per pixel). */
  public static ScanWarp of(ScanModel scan) {
    return new ScanWarp(scan, cumulative(scan.samplingX()));
  }

  private static double[] cumulative(double[] s) {
    double[] c = new double[s.length];
    for (int g = 1; g < s.length; g++) c[g] = c[g - 1] + 0.5 * (1 / s[g - 1] + 1 / s[g]);
    return c;
  }

  /** Corrected x of every image position (NaN stays NaN). */
  public double[] x(double[] x, double[] y) {
    double[] shifted = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double l = Double.isFinite(y[i]) ? scan.lineOffset(y[i]) : 0;
      shifted[i] = x[i] - (Double.isFinite(l) ? l : 0);
    }
    return map(cumX, shifted);
  }

  /** Root mean square of the line offsets removed (px). */
  public double lineOffsetRms() {
    double s = 0;
    int n = 0;
    for (double v : scan.lineOffsetPx()) {
      if (!Double.isFinite(v)) continue;
      s += v * v;
      n++;
    }
    return n == 0 ? 0 : Math.sqrt(s / n);
  }

  public double samplingX(double x) { return scan.samplingX(x); }

  /** Smallest and largest fast-scan magnification at the image x of the given positions (e.g. the columns). */
  public double[] rangeX(double[] x) {
    double[] s = new double[x.length];
    for (int i = 0; i < x.length; i++) s[i] = Double.isFinite(x[i]) ? scan.samplingX(x[i]) : Double.NaN;
    return Stats.finiteRange(s);
  }


  private static double[] map(double[] cum, double[] v) {
    double[] out = new double[v.length];
    int last = cum.length - 1;
    for (int i = 0; i < v.length; i++) {
      double t = v[i];
      if (!Double.isFinite(t) || last < 1) {
        out[i] = t;
        continue;
      }
      int g = (int) Math.floor(t);
      g = Math.max(0, Math.min(last - 1, g));
      out[i] = cum[g] + (t - g) * (cum[g + 1] - cum[g]);
    }
    return out;
  }
}
