package org.causalem.image;

import org.causalem.data.Image;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Rigid drift between frames of a movie by cross-correlation (through the FFT, Hann-windowed), with a
 * sub-pixel peak from a parabola through the logarithm of the maximum and its neighbours along each axis
 * (exact for Gaussian-shaped peaks such as those of atom columns).
 */
public final class DriftCorrection {
  private DriftCorrection() {}

  /**
   * The shift (dx, dy) in pixels such that {@code moving(x, y) ≈ reference(x − dx, y − dy)}: features of
   * the reference appear in the moving frame displaced by (dx, dy).
   */
  public static double[] shift(Image reference, Image moving) { return shift(reference, moving, Double.POSITIVE_INFINITY); }

  /**
   * As {@link #shift(Image, Image)}, looking for the correlation peak only within {@code maxShiftPx} of
   * zero. Periodic (crystalline) images correlate almost as well at every lattice vector, so for them
   * the search must be limited to less than half a lattice period.
   */
  public static double[] shift(Image reference, Image moving, double maxShiftPx) {
    if (!(maxShiftPx > 0)) throw new IllegalArgumentException("maxShiftPx must be > 0, got " + maxShiftPx);
    int w = reference.width();
    int h = reference.height();
    if (moving.width() != w || moving.height() != h) {
      throw new IllegalArgumentException("frames differ in shape: " + w + "×" + h + " vs " + moving.width() + "×" + moving.height());
    }
    double[] fa = spectrum(reference.toFloat(), w, h);
    double[] fb = spectrum(moving.toFloat(), w, h);
    // cross-power spectrum conj(A)·B, interleaved complex, full layout
    double[] cp = new double[2 * w * h];
    for (int i = 0; i < w * h; i++) {
      double ar = fa[2 * i];
      double ai = -fa[2 * i + 1];
      double br = fb[2 * i];
      double bi = fb[2 * i + 1];
      double re = ar * br - ai * bi;
      double im = ar * bi + ai * br;
      cp[2 * i] = re;
      cp[2 * i + 1] = im;
    }
    new DoubleFFT_2D(h, w).complexInverse(cp, true);
    int best = 0;
    double max = Double.NEGATIVE_INFINITY;
    double lim2 = maxShiftPx * maxShiftPx;
    for (int i = 0; i < w * h; i++) {
      int iy = i / w;
      int ix = i % w;
      int ddx = ix > w / 2 ? ix - w : ix;
      int ddy = iy > h / 2 ? iy - h : iy;
      if ((double) ddx * ddx + (double) ddy * ddy > lim2) continue;
      if (cp[2 * i] > max) {
        max = cp[2 * i];
        best = i;
      }
    }
    int py = best / w;
    int px = best % w;
    double sx = px + parabola(re(cp, w, h, px - 1, py), max, re(cp, w, h, px + 1, py));
    double sy = py + parabola(re(cp, w, h, px, py - 1), max, re(cp, w, h, px, py + 1));
    if (sx > w / 2.0) sx -= w;
    if (sy > h / 2.0) sy -= h;
    return new double[] {sx, sy};
  }

  /**
   * Cumulative drift of every frame relative to frame 0, estimated between consecutive frames and summed
   * (robust when the structure changes slowly over the movie).
   *
   * @return {@code [frame][0]} = dx, {@code [frame][1]} = dy
   */
  public static double[][] drift(java.util.List<Image> frames) { return drift(frames, Double.POSITIVE_INFINITY); }

  /** As {@link #drift(java.util.List)}, with each frame-to-frame shift searched within {@code maxShiftPx}. */
  public static double[][] drift(java.util.List<Image> frames, double maxShiftPx) {
    double[][] d = new double[frames.size()][2];
    for (int k = 1; k < frames.size(); k++) {
      double[] s = shift(frames.get(k - 1), frames.get(k), maxShiftPx);
      d[k][0] = d[k - 1][0] + s[0];
      d[k][1] = d[k - 1][1] + s[1];
    }
    return d;
  }

  private static double re(double[] cp, int w, int h, int x, int y) {
    int xx = Math.floorMod(x, w);
    int yy = Math.floorMod(y, h);
    return cp[2 * (yy * w + xx)];
  }

  /** Vertex offset of a parabola through the logarithms (exact for a Gaussian peak); plain values when not positive. */
  private static double parabola(double left, double centre, double right) {
    if (left > 0 && centre > 0 && right > 0) {
      left = Math.log(left);
      centre = Math.log(centre);
      right = Math.log(right);
    }
    double denom = left - 2 * centre + right;
    if (denom >= 0) return 0;
    double off = 0.5 * (left - right) / denom;
    return Math.max(-0.5, Math.min(0.5, off));
  }

  /** Windowed (Hann), mean-subtracted complex spectrum, interleaved. */
  private static double[] spectrum(float[] px, int w, int h) {
    double mean = 0;
    for (float v : px) mean += v;
    mean /= px.length;
    double[] a = new double[2 * w * h];
    for (int y = 0; y < h; y++) {
      double wy = 0.5 - 0.5 * Math.cos(2 * Math.PI * (y + 0.5) / h);
      for (int x = 0; x < w; x++) {
        double wx = 0.5 - 0.5 * Math.cos(2 * Math.PI * (x + 0.5) / w);
        a[2 * (y * w + x)] = (px[y * w + x] - mean) * wx * wy;
      }
    }
    new DoubleFFT_2D(h, w).complexForward(a);
    return a;
  }
}
