package org.causalem.lattice;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Column position uncertainties calibrated on the image ({@link PositionCalibration}): per column, the
 * shot-noise (Fisher) standard error, and an instrument term split into a part of its own and a part shared
 * with every column recorded on the same scan lines (line jitter).
 *
 * <p>The error of column p along x is {@code e = f + c + J(y_p)}: {@code f} its Fisher error, {@code c} an
 * excess of its own (independent between columns), {@code J} the offset of the scan lines it covers. Two
 * columns p ≠ q share {@code cov = line(p)·line(q)·k(|y_p − y_q|)}, k the measured line correlation
 * ({@code k(0) = 1}, tabulated per pixel of |Δy|, 0 beyond the table). Likewise along y.
 *
 * @param y column y (px), for the line correlation
 * @param site sublattice of each column (−1 unindexed)
 * @param xErr calibrated standard error of x (px): {@code sqrt(fisher² + excess² + line²)}
 * @param xErrFisher the Fisher (shot-noise) standard error alone
 * @param xLine the column's line-jitter standard deviation in x (px)
 * @param kernelX per sublattice, the line correlation k at |Δy| = 0, 1, 2, ... px
 * @param sublattices calibration summary per sublattice
 */
public record PositionErrors(double[] y, int[] site, double[] xErr, double[] yErr, double[] xErrFisher, double[] yErrFisher,
                             double[] xLine, double[] yLine, double[][] kernelX, double[][] kernelY,
                             List<Sublattice> sublattices) {
  public PositionErrors {
    int n = y.length;
    for (double[] a : new double[][] {xErr, yErr, xErrFisher, yErrFisher, xLine, yLine}) {
      if (a.length != n) throw new IllegalArgumentException("position error arrays must all have " + n + " entries");
    }
    if (site.length != n) throw new IllegalArgumentException("site has " + site.length + " entries, expected " + n);
    Objects.requireNonNull(kernelX, "kernelX");
    Objects.requireNonNull(kernelY, "kernelY");
    sublattices = List.copyOf(sublattices);
  }

  /**
   * What the calibration found for one sublattice (px).
   *
   * @param columns columns with a local lattice model (enough same-sublattice neighbours)
   * @param fisherX median Fisher standard error in x
   * @param observedX scatter of the columns about the local lattice model, corrected for the model's own error
   * @param excessX the per-column instrument term added to every Fisher error
   * @param lineX the line-jitter term (shared along scan lines)
   * @param calibrated false when too few columns had a local model (then Fisher values are reported)
   */
  public record Sublattice(String name, int columns, double fisherX, double fisherY, double observedX, double observedY,
                           double excessX, double excessY, double lineX, double lineY, boolean calibrated) {}

  /** Fisher errors only: independent columns, no instrument term (what an uncalibrated fit reports). */
  public static PositionErrors fisherOnly(double[] y, double[] xErr, double[] yErr) {
    int n = y.length;
    int[] site = new int[n];
    return new PositionErrors(y.clone(), site, xErr.clone(), yErr.clone(), xErr.clone(), yErr.clone(), new double[n], new double[n],
        new double[][] {{1}}, new double[][] {{1}}, List.of());
  }

  public int size() { return y.length; }

  /** Covariance of the x errors of columns p and q (the variance when p = q). */
  public double covX(int p, int q) { return cov(p, q, xErr, xLine, kernelX); }

  /** Covariance of the y errors of columns p and q. */
  public double covY(int p, int q) { return cov(p, q, yErr, yLine, kernelY); }

  /**
   * Variance of {@code Σ cx[k]·x[idx[k]] + cy[k]·y[idx[k]]} (x and y errors taken as uncorrelated);
   * NaN when a column's error is unknown.
   */
  public double combinationVariance(int[] idx, double[] cx, double[] cy) { return block(idx).variance(cx, cy); }

  /**
   * Covariance of {@code Σ ax[k]·x[idx[k]] + ay[k]·y[idx[k]]} and {@code Σ bx[k]·x[idx[k]] + by[k]·y[idx[k]]}
   * (two descriptors computed from the same columns; x and y errors taken as uncorrelated).
   */
  public double combinationCovariance(int[] idx, double[] ax, double[] ay, double[] bx, double[] by) {
    return block(idx).covariance(ax, ay, bx, by);
  }

  /** The error covariances among the columns {@code idx}, for several combinations of the same columns (one cell's descriptors). */
  public Block block(int[] idx) {
    int n = idx.length;
    double[] cx = new double[n * n];
    double[] cy = new double[n * n];
    for (int k = 0; k < n; k++) {
      for (int l = 0; l < n; l++) {
        cx[k * n + l] = covX(idx[k], idx[l]);
        cy[k * n + l] = covY(idx[k], idx[l]);
      }
    }
    return new Block(n, cx, cy);
  }

  /**
   * The x and y error covariances of n columns (row-major n × n): {@link #combinationVariance} and
   * {@link #combinationCovariance} of those columns without recomputing them.
   */
  public record Block(int n, double[] x, double[] y) {
    /** {@link PositionErrors#combinationVariance} of these columns. */
    public double variance(double[] cx, double[] cy) { return covariance(cx, cy, cx, cy); }

    /** {@link PositionErrors#combinationCovariance} of these columns. */
    public double covariance(double[] ax, double[] ay, double[] bx, double[] by) {
      double v = 0;
      for (int k = 0; k < n; k++) {
        for (int l = 0; l < n; l++) {
          if (ax[k] != 0 && bx[l] != 0) v += ax[k] * bx[l] * x[k * n + l];
          if (ay[k] != 0 && by[l] != 0) v += ay[k] * by[l] * y[k * n + l];
        }
      }
      return v;
    }
  }

  /**
   * The identified measurement errors alone: each column's Fisher (shot-noise) error and its line-jitter
   * term, without the per-column excess. The excess is what the calibration cannot tell from a real
   * displacement independent from column to column (lattice disorder, random off-centring), so an
   * errors-in-variables correction that removed it would remove specimen structure too.
   */
  public PositionErrors measurementOnly() {
    int n = y.length;
    double[] ex = new double[n];
    double[] ey = new double[n];
    for (int i = 0; i < n; i++) {
      ex[i] = Math.sqrt(xErrFisher[i] * xErrFisher[i] + xLine[i] * xLine[i]);
      ey[i] = Math.sqrt(yErrFisher[i] * yErrFisher[i] + yLine[i] * yLine[i]);
    }
    return new PositionErrors(y, site, ex, ey, xErrFisher, yErrFisher, xLine, yLine, kernelX, kernelY, sublattices);
  }

  private double cov(int p, int q, double[] err, double[] line, double[][] kernel) {
    if (p == q) return err[p] * err[p];
    if (line[p] == 0 || line[q] == 0) return 0;
    double d = Math.abs(y[p] - y[q]);
    return line[p] * line[q] * (k(kernel, site[p], d) + k(kernel, site[q], d)) / 2;
  }

  /** Line correlation at |Δy| = d, linearly interpolated in the table of sublattice s. */
  static double k(double[][] kernel, int s, double d) {
    if (s < 0 || s >= kernel.length) return 0;
    double[] t = kernel[s];
    int i = (int) Math.floor(d);
    if (i + 1 >= t.length) return i < t.length ? t[i] * (1 - (d - i)) : 0;
    return t[i] + (d - i) * (t[i + 1] - t[i]);
  }

  @Override public String toString() {
    return "PositionErrors[" + y.length + " columns, " + sublattices + ", kernelX " + Arrays.deepToString(kernelX) + "]";
  }
}
