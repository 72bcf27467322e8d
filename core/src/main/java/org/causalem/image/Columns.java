package org.causalem.image;

import java.util.Arrays;

/**
 * Refined atom columns: one elliptical Gaussian each,
 * {@code background + amplitude·exp(-(p·dx² + 2q·dx·dy + r·dy²)/2)}.
 *
 * <p>A failed fit ({@code status[i] != OK}) keeps the position where the column was detected (inside the
 * image) in {@code x, y}, NaN as its uncertainties, intensity and intensity error, and the failed fit's
 * shape, amplitude and background for diagnosis.
 *
 * @param x centre x (px)
 * @param y centre y (px)
 * @param amplitude peak height above the local background (image units)
 * @param background local background under the column (image units)
 * @param p shape: inverse covariance xx (1/px²)
 * @param q shape: inverse covariance xy (1/px²)
 * @param r shape: inverse covariance yy (1/px²)
 * @param xErrPx standard error of x from the Fisher information (px)
 * @param yErrPx standard error of y (px)
 * @param intensity integrated intensity above background, {@code 2π·amplitude·σ_major·σ_minor}
 * @param intensityErr standard error of the intensity, from the Fisher information by the delta method
 * @param status the outcome of each fit
 * @param gain the noise variance per unit of signal used to scale the Fisher information (1 for counts)
 */
public record Columns(double[] x, double[] y, double[] amplitude, double[] background, double[] p, double[] q,
                      double[] r, double[] xErrPx, double[] yErrPx, double[] intensity, double[] intensityErr,
                      FitStatus[] status,
                      double gain) {
  public int size() { return x.length; }

  /** Whether column i's fit succeeded. */
  public boolean converged(int i) { return status[i] == FitStatus.OK; }

  /** Gaussian width along x (px): the square root of the covariance's xx entry. */
  public double sigmaXPx(int i) { return Math.sqrt(r[i] / (p[i] * r[i] - q[i] * q[i])); }

  /** Gaussian width along y (px). */
  public double sigmaYPx(int i) { return Math.sqrt(p[i] / (p[i] * r[i] - q[i] * q[i])); }

  /** Geometric-mean Gaussian width (px): {@code (pr − q²)^(-1/4)}. */
  public double widthPx(int i) { return Math.pow(p[i] * r[i] - q[i] * q[i], -0.25); }

  /** Position uncertainty (px): {@code sqrt((σx² + σy²)/2)} of the centre. */
  public double uncertaintyPx(int i) { return Math.sqrt((xErrPx[i] * xErrPx[i] + yErrPx[i] * yErrPx[i]) / 2); }

  /** Number of converged fits. */
  public int convergedCount() {
    int c = 0;
    for (FitStatus s : status) if (s == FitStatus.OK) c++;
    return c;
  }

  /** Number of fits with status {@code s}. */
  public int count(FitStatus s) {
    int c = 0;
    for (FitStatus t : status) if (t == s) c++;
    return c;
  }

  /** x with NaN where the fit failed: the positions that are measurements. */
  public double[] measuredX() { return measured(x); }

  /** y with NaN where the fit failed. */
  public double[] measuredY() { return measured(y); }

  /** Intensity with NaN where the fit failed (already NaN there; a copy). */
  public double[] measuredIntensity() { return measured(intensity); }

  private double[] measured(double[] v) {
    double[] out = v.clone();
    for (int i = 0; i < out.length; i++) if (status[i] != FitStatus.OK) out[i] = Double.NaN;
    return out;
  }

  /**
   * A copy in which column i gets status {@code newStatus[i]} where that is not OK (a fit already failed
   * stays failed), and every failed column sits at ({@code startX[i]}, {@code startY[i]}) without
   * uncertainties and intensity.
   */
  public Columns withFailures(FitStatus[] newStatus, double[] startX, double[] startY) {
    int n = size();
    double[] nx = x.clone();
    double[] ny = y.clone();
    double[] ex = xErrPx.clone();
    double[] ey = yErrPx.clone();
    double[] in = intensity.clone();
    double[] ie = intensityErr.clone();
    FitStatus[] st = status.clone();
    for (int i = 0; i < n; i++) {
      if (st[i] == FitStatus.OK && newStatus[i] != FitStatus.OK) st[i] = newStatus[i];
      if (st[i] == FitStatus.OK) continue;
      nx[i] = startX[i];
      ny[i] = startY[i];
      ex[i] = ey[i] = in[i] = ie[i] = Double.NaN;
    }
    return new Columns(nx, ny, amplitude, background, p, q, r, ex, ey, in, ie, st, gain);
  }

  /** These columns followed by {@code more} (same gain kept). */
  public Columns concat(Columns more) {
    return new Columns(cat(x, more.x), cat(y, more.y), cat(amplitude, more.amplitude), cat(background, more.background),
        cat(p, more.p), cat(q, more.q), cat(r, more.r), cat(xErrPx, more.xErrPx), cat(yErrPx, more.yErrPx),
        cat(intensity, more.intensity), cat(intensityErr, more.intensityErr), catStatus(status, more.status), gain);
  }

  private static double[] cat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static FitStatus[] catStatus(FitStatus[] a, FitStatus[] b) {
    FitStatus[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
