package org.causalem.fourd;

/**
 * A 2-D reciprocal lattice on the detector: disk (h, k) sits at {@code origin + h·g1 + k·g2} (px).
 */
public record Lattice(double ox, double oy, double g1x, double g1y, double g2x, double g2y) {
  /** A lattice of NaNs (no fit). */
  public static final Lattice NONE = new Lattice(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  public boolean valid() {
    return Double.isFinite(ox) && Double.isFinite(oy) && Double.isFinite(g1x) && Double.isFinite(g1y)
        && Double.isFinite(g2x) && Double.isFinite(g2y) && Math.abs(cross()) > 1e-9;
  }

  /** g1 × g2 (signed area of the reciprocal cell, px²). */
  public double cross() { return g1x * g2y - g1y * g2x; }

  /** Fractional indices (h, k) of the detector point (x, y). */
  public double[] index(double x, double y) {
    double dx = x - ox;
    double dy = y - oy;
    double det = cross();
    return new double[] {(dx * g2y - dy * g2x) / det, (g1x * dy - g1y * dx) / det};
  }
}
