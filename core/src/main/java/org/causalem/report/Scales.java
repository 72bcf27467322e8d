package org.causalem.report;

import java.util.Arrays;
import org.causalem.io.Decimals;

/**
 * The arithmetic of figures, without AWT: colour ranges, display binning and upscaling, 1-2-5 tick steps and tick
 * labels. Shared by the raster figures ({@link MapFigure}) and the SVG ones ({@link SvgMap}, {@link SvgChart}).
 */
final class Scales {
  private Scales() {}

  /** Colour range: percentiles (or min–max), symmetric about zero when asked; never empty. */
  static double[] range(float[] values, double clipPercent, boolean symmetric) {
    double lo;
    double hi;
    if (clipPercent > 0) {
      int step = Math.max(1, values.length / 200_000);
      float[] s = new float[(values.length + step - 1) / step];
      int n = 0;
      for (int i = 0; i < values.length; i += step) if (Float.isFinite(values[i])) s[n++] = values[i];
      // two order statistics by selection (no full sort: cheaper, above all in a fresh JVM); select(hi) after
      // select(lo) searches only above lo's place, which stays sorted-correct
      int iLo = (int) Math.floor(clipPercent / 100 * (n - 1));
      int iHi = (int) Math.ceil((1 - clipPercent / 100) * (n - 1));
      lo = n == 0 ? 0 : select(s, 0, n - 1, iLo);
      hi = n == 0 ? 1 : select(s, iLo, n - 1, iHi);
    } else {
      lo = Double.POSITIVE_INFINITY;
      hi = Double.NEGATIVE_INFINITY;
      for (float v : values) {
        if (Float.isFinite(v)) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      if (lo > hi) {
        lo = 0;
        hi = 1;
      }
    }
    if (symmetric) {
      double m = Math.max(Math.abs(lo), Math.abs(hi));
      lo = -m;
      hi = m;
    }
    if (!(hi > lo)) {
      double d = lo == 0 ? 1 : Math.abs(lo) * 0.01;
      lo -= d;
      hi += d;
    }
    return new double[] {lo, hi};
  }

  /**
   * The {@code k}-th smallest of {@code a[from..to]} (inclusive), which it partly reorders: every value before
   * {@code k} is then at most, every value after at least {@code a[k]} (Hoare's selection, median-of-three pivots).
   */
  static float select(float[] a, int from, int to, int k) {
    int lo = from;
    int hi = to;
    while (hi > lo) {
      int mid = (lo + hi) >>> 1;
      float pivot = median(a[lo], a[mid], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) {
          float t = a[i];
          a[i++] = a[j];
          a[j--] = t;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return a[k];
    }
    return a[k];
  }

  private static float median(float a, float b, float c) { return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c)); }

  /** Integer block size that brings the long side to at most {@link MapFigure#MAX_DISPLAY_PX}. */
  static int binFactor(int w, int h) {
    return Math.max(1, (Math.max(w, h) + MapFigure.MAX_DISPLAY_PX - 1) / MapFigure.MAX_DISPLAY_PX);
  }

  /** Integer upscale that brings the long side to at least {@code target}, but not past {@link MapFigure#MAX_DISPLAY_PX}. */
  static int upscale(int w, int h, int target) {
    int m = Math.max(1, Math.max(w, h));
    int s = Math.max(1, (target + m - 1) / m);
    while (s > 1 && (long) m * s > Math.max(MapFigure.MAX_DISPLAY_PX, target)) s--;
    return s;
  }

  static float[] blockMean(float[] v, int w, int h, int b) {
    int sw = w / b;
    int sh = h / b;
    float[] out = new float[sw * sh];
    for (int r = 0; r < sh; r++) {
      for (int c = 0; c < sw; c++) {
        double s = 0;
        int n = 0;
        for (int dy = 0; dy < b; dy++) {
          int row = (r * b + dy) * w + c * b;
          for (int dx = 0; dx < b; dx++) {
            float x = v[row + dx];
            if (Float.isFinite(x)) {
              s += x;
              n++;
            }
          }
        }
        out[r * sw + c] = n == 0 ? Float.NaN : (float) (s / n);
      }
    }
    return out;
  }

  /** 1, 2 or 5 × 10^k at or above {@code raw}. */
  static double niceStep(double raw) {
    if (!(raw > 0) || !Double.isFinite(raw)) return 1;
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }

  /** 1, 2 or 5 × 10^k at or below {@code raw}. */
  static double niceFloor(double raw) {
    if (!(raw > 0) || !Double.isFinite(raw)) return 1;
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / p;
    return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * p;
  }

  /** A tick label with as many decimals as the tick step needs. */
  static String fmtTick(double v, double step) {
    if (Math.abs(v) < 1e-12 * Math.max(1, Math.abs(step))) return "0";
    double a = Math.max(Math.abs(v), Math.abs(step));
    if (a >= 1e5 || a < 1e-3) return Decimals.general(v, 2);
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(Math.abs(step)) - 1e-9));
    return Decimals.fixed(v, Math.min(6, decimals));
  }

  static String trim(double v) {
    String s = Decimals.fixed(v, 2);
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '0') end--;
    if (end > 0 && s.charAt(end - 1) == '.') end--;
    return s.substring(0, end);
  }

  /** The 1-2-5 × 10^k value nearest {@code raw} on a log scale. */
  static double niceNear(double raw) {
    if (!(raw > 0) || !Double.isFinite(raw)) return 1;
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / p;
    return (f < Math.sqrt(2) ? 1 : f < Math.sqrt(10) ? 2 : f < Math.sqrt(50) ? 5 : 10) * p;
  }

  static String fmt(double v) {
    if (v == 0) return "0";
    double a = Math.abs(v);
    if (a >= 1e4 || a < 1e-3) return Decimals.scientific(v, 2);
    return Decimals.general(v, 4);
  }

  /**
   * Fills {@code px} (row-major, {@code sw·scale} wide) with the colours of {@code shown} ({@code sw × sh}), each map
   * pixel a {@code scale × scale} block; {@code lo}..{@code hi} spans the colour map, non-finite values are grey.
   */
  static void colourPixels(float[] shown, int sw, int sh, int scale, Colormap colormap, double lo, double hi, int[] px) {
    int rw = sw * scale;
    int[] lut = new int[256];
    for (int i = 0; i < 256; i++) lut[i] = colormap.rgb(i / 255.0);
    double inv = 255 / (hi - lo);
    for (int r = 0; r < sh; r++) {
      for (int c = 0; c < sw; c++) {
        float v = shown[r * sw + c];
        int rgb = Float.isFinite(v) ? lut[(int) Math.max(0, Math.min(255, Math.round((v - lo) * inv)))] : 0xC0C0C0;
        int base = r * scale * rw + c * scale;
        for (int dy = 0; dy < scale; dy++) Arrays.fill(px, base + dy * rw, base + dy * rw + scale, rgb);
      }
    }
  }
}
