package org.causalem.image;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;
import org.causalem.data.BadInputException;
import org.causalem.data.Image;

/**
 * Finds atom columns as local maxima of the scale-normalised negative Laplacian of Gaussian.
 *
 * <p>When not given, the filter scale is a tenth and the minimum separation 0.45 of the image's
 * dominant period (from its power spectrum); these keep the nearest columns of perovskite (a/√2) and
 * honeycomb (a/√3) lattices apart. The automatic threshold is the larger of {@code noiseSigmas} times
 * the noise of the filtered image (from a robust estimate of the raw pixel noise) and
 * {@code relativeThreshold} times the median response of the candidates above that noise floor.
 */
public final class ColumnDetector {
  /**
   * @param smoothingSigmaPx filter scale (px); NaN for automatic
   * @param minSeparationPx minimum distance between two columns (px); NaN for automatic
   * @param threshold minimum filter response; NaN for automatic
   * @param noiseSigmas noise floor of the automatic threshold, in noise standard deviations
   * @param relativeThreshold fraction of the median column response of the automatic threshold
   * @param edgeMarginPx maxima closer than this to the border are ignored
   */
  public record Options(double smoothingSigmaPx, double minSeparationPx, double threshold, double noiseSigmas,
                        double relativeThreshold, int edgeMarginPx) {
    public Options {
      if (!Double.isNaN(smoothingSigmaPx) && !(smoothingSigmaPx >= 0.5 && smoothingSigmaPx < 1000)) throw new IllegalArgumentException("smoothingSigmaPx must be within [0.5, 1000) px or NaN, got " + smoothingSigmaPx);
      if (!Double.isNaN(minSeparationPx) && !(minSeparationPx >= 1 && minSeparationPx < 10000)) throw new IllegalArgumentException("minSeparationPx must be >= 1 px or NaN, got " + minSeparationPx);
      if (!Double.isNaN(threshold) && !Double.isFinite(threshold)) throw new IllegalArgumentException("threshold must be finite or NaN, got " + threshold);
      if (!(noiseSigmas >= 0) || !Double.isFinite(noiseSigmas)) throw new IllegalArgumentException("noiseSigmas must be >= 0, got " + noiseSigmas);
      if (!(relativeThreshold >= 0 && relativeThreshold < 1)) throw new IllegalArgumentException("relativeThreshold must be within [0, 1), got " + relativeThreshold);
      if (edgeMarginPx < 0) throw new IllegalArgumentException("edgeMarginPx must be >= 0, got " + edgeMarginPx);
    }

    public static Options defaults() { return new Options(Double.NaN, Double.NaN, Double.NaN, 5, 0.2, 1); }

    public Options withScale(double sigmaPx, double minSepPx) { return new Options(sigmaPx, minSepPx, threshold, noiseSigmas, relativeThreshold, edgeMarginPx); }

    public Options withThreshold(double t) { return new Options(smoothingSigmaPx, minSeparationPx, t, noiseSigmas, relativeThreshold, edgeMarginPx); }
  }

  /** Smallest side of an image whose lattice period (and so the detection scale) is measured. */
  static final int MIN_AUTO_SIZE_PX = 32;

  private final Options options;

  public ColumnDetector(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  /** @param image not modified */
  public Detection detect(Image image) {
    int w = image.width();
    int h = image.height();
    float[] px = image.toFloat();
    double period = Double.NaN;
    double sigma = options.smoothingSigmaPx();
    double minSep = options.minSeparationPx();
    if (Double.isNaN(sigma) || Double.isNaN(minSep)) {
      if (Math.min(w, h) < MIN_AUTO_SIZE_PX) {
        throw new BadInputException("image " + image.name() + ": " + w + "×" + h + " px is too small to find atom columns "
            + "(need at least " + MIN_AUTO_SIZE_PX + " px a side to measure the lattice period)");
      }
      period = PowerSpectrum.dominantPeriodPx(px, w, h, 512, 5);
      if (!Double.isFinite(period)) {
        throw new BadInputException("image " + image.name() + ": no lattice period found in its " + w + "×" + h
            + " px power spectrum; is it atomically resolved?");
      }
      if (Double.isNaN(sigma)) sigma = Math.max(0.7, 0.1 * period);
      if (Double.isNaN(minSep)) minSep = Math.max(2, 0.45 * period);
    }
    float[] resp = Filters.negativeLaplacianOfGaussian(px, w, h, sigma);
    double noise = rawNoiseSigma(px, w, h);
    double floor = options.noiseSigmas() * noise * Math.sqrt(Filters.logNoiseGain(sigma));
    int margin = options.edgeMarginPx();
    double thr = Double.isNaN(options.threshold()) ? floor : options.threshold();
    long[] cand = localMaxima(resp, w, h, thr, margin);
    if (Double.isNaN(options.threshold()) && cand.length > 0) {
      double[] v = new double[cand.length];
      for (int i = 0; i < cand.length; i++) v[i] = resp[(int) cand[i]];
      Arrays.sort(v);
      double median = v[v.length / 2];
      double rel = options.relativeThreshold() * median;
      if (rel > thr) {
        thr = rel;
        int m = 0;
        for (long c : cand) if (resp[(int) c] >= thr) cand[m++] = c;
        cand = Arrays.copyOf(cand, m);
      }
    }
    // strongest first, greedy minimum separation with a grid hash
    long[] keyed = new long[cand.length];
    for (int i = 0; i < cand.length; i++) {
      int p = (int) cand[i];
      long bits = Float.floatToIntBits(resp[p]);   // positive floats sort like their bits
      keyed[i] = (~bits << 32) | p;               // strongest first after an ascending sort
    }
    Arrays.sort(keyed);
    double cell = minSep;
    int gw = (int) Math.ceil(w / cell) + 1;
    int gh = (int) Math.ceil(h / cell) + 1;
    int[] head = new int[gw * gh];
    Arrays.fill(head, -1);
    int[] next = new int[keyed.length];
    int[] ox = new int[keyed.length];
    int[] oy = new int[keyed.length];
    double[] or = new double[keyed.length];
    int n = 0;
    double minSep2 = minSep * minSep;
    for (long k : keyed) {
      int p = (int) (k & 0xFFFFFFFFL);
      int x = p % w;
      int y = p / w;
      int gx = (int) (x / cell);
      int gy = (int) (y / cell);
      boolean ok = true;
      search:
      for (int yy = Math.max(0, gy - 1); yy <= Math.min(gh - 1, gy + 1); yy++) {
        for (int xx = Math.max(0, gx - 1); xx <= Math.min(gw - 1, gx + 1); xx++) {
          for (int q = head[yy * gw + xx]; q >= 0; q = next[q]) {
            double dx = ox[q] - x;
            double dy = oy[q] - y;
            if (dx * dx + dy * dy < minSep2) {
              ok = false;
              break search;
            }
          }
        }
      }
      if (!ok) continue;
      ox[n] = x;
      oy[n] = y;
      or[n] = resp[p];
      next[n] = head[gy * gw + gx];
      head[gy * gw + gx] = n;
      n++;
    }
    return new Detection(Arrays.copyOf(ox, n), Arrays.copyOf(oy, n), Arrays.copyOf(or, n), sigma, minSep, thr, period, noise);
  }

  /** Pixels strictly greater than their 8 neighbours (ties broken towards the first) and >= thr. */
  private static long[] localMaxima(float[] r, int w, int h, double thr, int margin) {
    int m = Math.max(1, margin);
    long[][] perRow = new long[h][];
    IntStream.range(m, Math.max(m, h - m)).parallel().forEach(y -> {
      long[] buf = new long[16];
      int n = 0;
      for (int x = m; x < w - m; x++) {
        int p = y * w + x;
        float v = r[p];
        if (v < thr || v <= 0) continue;
        if (v <= r[p - 1] || v < r[p + 1] || v <= r[p - w - 1] || v <= r[p - w] || v <= r[p - w + 1]
            || v < r[p + w - 1] || v < r[p + w] || v < r[p + w + 1]) continue;
        if (n == buf.length) buf = Arrays.copyOf(buf, 2 * n);
        buf[n++] = p;
      }
      perRow[y] = Arrays.copyOf(buf, n);
    });
    int total = 0;
    for (long[] a : perRow) if (a != null) total += a.length;
    long[] out = new long[total];
    int k = 0;
    for (long[] a : perRow) {
      if (a == null) continue;
      System.arraycopy(a, 0, out, k, a.length);
      k += a.length;
    }
    return out;
  }

  /**
   * Robust pixel-noise standard deviation: the median absolute deviation of the second difference along
   * rows ({@code p[x] - (p[x-1] + p[x+1])/2}, whose variance is 1.5σ² for white noise), sampled on a grid.
   */
  static double rawNoiseSigma(float[] px, int w, int h) {
    if (w < 3) return 0;
    int step = Math.max(1, (int) Math.sqrt((double) w * h / 200_000));
    int cap = (h / step + 1) * ((w - 2) / step + 1);
    float[] d = new float[cap];
    int n = 0;
    for (int y = 0; y < h; y += step) {
      for (int x = 1; x < w - 1; x += step) {
        int p = y * w + x;
        d[n++] = Math.abs(px[p] - 0.5f * (px[p - 1] + px[p + 1]));
      }
    }
    d = Arrays.copyOf(d, n);
    Arrays.sort(d);
    double mad = d[n / 2];
    return 1.4826 * mad / Math.sqrt(1.5);
  }
}
