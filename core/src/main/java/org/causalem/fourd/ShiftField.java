package org.causalem.fourd;

import java.util.Objects;

/**
 * A 2-D vector field on the scan grid (row-major, scanY × scanX), e.g. the centre-of-mass shift of
 * the patterns in detector pixels. Derivatives are per scan pixel, by central differences inside and
 * one-sided differences at the border.
 */
public record ShiftField(int width, int height, float[] x, float[] y) {
  public ShiftField {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (x.length != width * height || y.length != width * height) {
      throw new IllegalArgumentException("field components have " + x.length + " and " + y.length + " values, expected "
          + width + "×" + height);
    }
  }

  /**
   * The CoM shift field of a scan: each CoM minus the mean centre ({@link Descan#NONE}) or minus a
   * fitted plane ({@link Descan#PLANE}). NaN positions stay NaN and are left out of the fits.
   */
  public static ShiftField fromCom(CubeMaps maps, Descan descan) {
    int w = maps.scanX();
    int h = maps.scanY();
    return new ShiftField(w, h, remove(maps.comX(), w, h, descan), remove(maps.comY(), w, h, descan));
  }

  private static float[] remove(float[] c, int w, int h, Descan descan) {
    double[] plane = fitPlane(c, w, h, descan == Descan.PLANE);
    float[] out = new float[c.length];
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        int p = r * w + q;
        out[p] = (float) (c[p] - (plane[0] + plane[1] * q + plane[2] * r));
      }
    }
    return out;
  }

  /** Least-squares {@code a + b·col + c·row} (or just the mean when {@code !plane}); NaN values skipped. */
  static double[] fitPlane(float[] v, int w, int h, boolean plane) {
    double n = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    double sv = 0;
    double sxv = 0;
    double syv = 0;
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        double val = v[r * w + q];
        if (Double.isNaN(val)) continue;
        n++;
        sx += q;
        sy += r;
        sxx += (double) q * q;
        syy += (double) r * r;
        sxy += (double) q * r;
        sv += val;
        sxv += q * val;
        syv += r * val;
      }
    }
    if (n == 0) return new double[] {Double.NaN, 0, 0};
    if (!plane || n < 3) return new double[] {sv / n, 0, 0};
    // centred sums: the slopes solve a 2×2 system; a scan one pixel wide drops that slope
    double mx = sx / n;
    double my = sy / n;
    double mv = sv / n;
    double cxx = sxx - n * mx * mx;
    double cyy = syy - n * my * my;
    double cxy = sxy - n * mx * my;
    double cxv = sxv - n * mx * mv;
    double cyv = syv - n * my * mv;
    double b;
    double c;
    double det = cxx * cyy - cxy * cxy;
    if (cxx > 1e-9 && cyy > 1e-9 && Math.abs(det) > 1e-9 * cxx * cyy) {
      b = (cxv * cyy - cyv * cxy) / det;
      c = (cyv * cxx - cxv * cxy) / det;
    } else if (cxx > 1e-9) {
      b = cxv / cxx;
      c = 0;
    } else if (cyy > 1e-9) {
      b = 0;
      c = cyv / cyy;
    } else {
      b = 0;
      c = 0;
    }
    return new double[] {mv - b * mx - c * my, b, c};
  }

  /**
   * This field rotated by {@code angleDeg} (from +x towards +y), after swapping its components when
   * {@code flip} (a transposed detector).
   */
  public ShiftField rotate(double angleDeg, boolean flip) {
    double c = Math.cos(Math.toRadians(angleDeg));
    double s = Math.sin(Math.toRadians(angleDeg));
    float[] ox = new float[x.length];
    float[] oy = new float[y.length];
    for (int p = 0; p < x.length; p++) {
      double vx = flip ? y[p] : x[p];
      double vy = flip ? x[p] : y[p];
      ox[p] = (float) (c * vx - s * vy);
      oy[p] = (float) (s * vx + c * vy);
    }
    return new ShiftField(width, height, ox, oy);
  }

  /**
   * The potential φ whose gradient (per scan pixel) best matches this field, by Fourier integration
   * (as in integrated DPC): the field is mirror-extended to twice its size (φ even about the borders),
   * so that no periodic wrap-around distorts the edges, and {@code φ̂ = (kx·x̂ + ky·ŷ) / (2πi·|k|²)}.
   * Zero mean; NaN values count as 0.
   */
  public float[] integrate() {
    int w2 = 2 * width;
    int h2 = 2 * height;
    double[] fx = new double[2 * w2 * h2];
    double[] fy = new double[2 * w2 * h2];
    for (int r = 0; r < h2; r++) {
      int sr = r < height ? r : h2 - 1 - r;
      double signY = r < height ? 1 : -1;
      for (int q = 0; q < w2; q++) {
        int sq = q < width ? q : w2 - 1 - q;
        double signX = q < width ? 1 : -1;
        int p = sr * width + sq;
        double vx = Float.isNaN(x[p]) ? 0 : x[p];
        double vy = Float.isNaN(y[p]) ? 0 : y[p];
        fx[2 * (r * w2 + q)] = signX * vx;
        fy[2 * (r * w2 + q)] = signY * vy;
      }
    }
    org.jtransforms.fft.DoubleFFT_2D fft = new org.jtransforms.fft.DoubleFFT_2D(h2, w2);
    fft.complexForward(fx);
    fft.complexForward(fy);
    double[] phi = new double[2 * w2 * h2];
    for (int r = 0; r < h2; r++) {
      double ky = (r <= h2 / 2 ? r : r - h2) / (double) h2;
      for (int q = 0; q < w2; q++) {
        double kx = (q <= w2 / 2 ? q : q - w2) / (double) w2;
        double k2 = kx * kx + ky * ky;
        int i = 2 * (r * w2 + q);
        if (k2 == 0) continue;
        // (kx·X + ky·Y) / (2πi k²) = −i (kx·X + ky·Y) / (2π k²)
        double re = kx * fx[i] + ky * fy[i];
        double im = kx * fx[i + 1] + ky * fy[i + 1];
        double f = 1 / (2 * Math.PI * k2);
        phi[i] = im * f;
        phi[i + 1] = -re * f;
      }
    }
    fft.complexInverse(phi, true);
    float[] out = new float[width * height];
    double mean = 0;
    for (int r = 0; r < height; r++) for (int q = 0; q < width; q++) mean += phi[2 * (r * w2 + q)];
    mean /= width * height;
    for (int r = 0; r < height; r++) for (int q = 0; q < width; q++) out[r * width + q] = (float) (phi[2 * (r * w2 + q)] - mean);
    return out;
  }

  /** ∂x/∂col + ∂y/∂row. */
  public float[] divergence() {
    float[] out = new float[x.length];
    for (int r = 0; r < height; r++) {
      for (int q = 0; q < width; q++) out[r * width + q] = (float) (dCol(x, r, q) + dRow(y, r, q));
    }
    return out;
  }

  /** ∂y/∂col − ∂x/∂row (the z component of the curl). */
  public float[] curl() {
    float[] out = new float[x.length];
    for (int r = 0; r < height; r++) {
      for (int q = 0; q < width; q++) out[r * width + q] = (float) (dCol(y, r, q) - dRow(x, r, q));
    }
    return out;
  }

  private double dCol(float[] f, int r, int q) {
    if (width < 2) return 0;
    int a = Math.max(0, q - 1);
    int b = Math.min(width - 1, q + 1);
    return (f[r * width + b] - f[r * width + a]) / (double) (b - a);
  }

  private double dRow(float[] f, int r, int q) {
    if (height < 2) return 0;
    int a = Math.max(0, r - 1);
    int b = Math.min(height - 1, r + 1);
    return (f[b * width + q] - f[a * width + q]) / (double) (b - a);
  }
}
