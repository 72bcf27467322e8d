package org.causalem.image;

/**
 * Refined atom columns: one elliptical Gaussian each,
 * {@code background + amplitude·exp(-(p·dx² + 2q·dx·dy + r·dy²)/2)}.
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
 * @param converged whether the fit converged (otherwise the centre is the centre of mass)
 * @param gain the noise variance per unit of signal used to scale the Fisher information (1 for counts)
 */
public record Columns(double[] x, double[] y, double[] amplitude, double[] background, double[] p, double[] q,
                      double[] r, double[] xErrPx, double[] yErrPx, double[] intensity, double[] intensityErr,
                      boolean[] converged,
                      double gain) {
  public int size() { return x.length; }

  /** Gaussian width along x (px): the square root of the covariance's xx entry. */
  public double sigmaXPx(int i) { return Math.sqrt(r[i] / (p[i] * r[i] - q[i] * q[i])); }

  /** Gaussian width along y (px). */
  public double sigmaYPx(int i) { return Math.sqrt(p[i] / (p[i] * r[i] - q[i] * q[i])); }

  /** Position uncertainty (px): {@code sqrt((σx² + σy²)/2)} of the centre. */
  public double uncertaintyPx(int i) { return Math.sqrt((xErrPx[i] * xErrPx[i] + yErrPx[i] * yErrPx[i]) / 2); }

  /** Number of converged fits. */
  public int convergedCount() {
    int c = 0;
    for (boolean b : converged) if (b) c++;
    return c;
  }
}
