package org.causalem.fourd;

import java.util.Arrays;
import java.util.Objects;
import org.jtransforms.fft.FloatFFT_2D;

/**
 * Finds Bragg disks by cross-correlating a pattern with a disk template (by FFT), taking the local
 * maxima of the correlation above a fraction of its maximum and at least {@code minSpacingPx} apart,
 * and refining each to a fraction of a pixel: first a parabola through the correlation peak, then the
 * background-subtracted intensity centroid of the disk itself within {@code radiusPx + 2} (the
 * centroid of a symmetric disk is its centre, free of the peak-locking bias of correlation fits).
 * One finder serves many threads; each thread needs its own {@link Workspace}.
 */
public final class BraggDiskFinder {
  /**
   * @param radiusPx disk radius (template radius and refinement window)
   * @param minSpacingPx smallest distance between two disks
   * @param minRelativeIntensity correlation peaks below this fraction of the strongest are ignored
   * @param maxDisks at most this many disks per pattern (strongest first)
   * @param edgeMarginPx disks whose centre is closer than this to the detector edge are ignored
   */
  public record Options(double radiusPx, double minSpacingPx, double minRelativeIntensity, int maxDisks,
                        double edgeMarginPx) {
    public Options {
      if (!(radiusPx > 0)) throw new IllegalArgumentException("radiusPx must be > 0, got " + radiusPx);
      if (!(minSpacingPx > 0)) throw new IllegalArgumentException("minSpacingPx must be > 0, got " + minSpacingPx);
      if (!(minRelativeIntensity >= 0 && minRelativeIntensity < 1)) {
        throw new IllegalArgumentException("minRelativeIntensity must be in [0, 1), got " + minRelativeIntensity);
      }
      if (maxDisks < 1) throw new IllegalArgumentException("maxDisks must be >= 1, got " + maxDisks);
      if (!(edgeMarginPx >= 0)) throw new IllegalArgumentException("edgeMarginPx must be >= 0, got " + edgeMarginPx);
    }

    /** Defaults for disks of the given radius. */
    public static Options forRadius(double radiusPx) {
      return new Options(radiusPx, 2 * radiusPx + 2, 0.02, 200, radiusPx + 2);
    }
  }

  /** Per-thread scratch buffers. */
  public final class Workspace {
    final float[] spectrum = new float[2 * n * m];
    final float[] corr = new float[n * m];
    final FloatFFT_2D fft = new FloatFFT_2D(n, m);   // not safe to share between threads
  }

  private final Options options;
  private final int detX;
  private final int detY;
  private final int n;   // FFT rows
  private final int m;   // FFT cols
  private final float[] templateSpectrum;

  /** A finder for {@code detX × detY} patterns with a soft-disk template of the options' radius. */
  public BraggDiskFinder(Options options, int detX, int detY) {
    this.options = Objects.requireNonNull(options);
    this.detX = detX;
    this.detY = detY;
    this.n = nextPow2(detY);
    this.m = nextPow2(detX);
    float[] t = new float[2 * n * m];
    double r = options.radiusPx();
    int reach = (int) Math.ceil(r + 4);
    for (int dy = -reach; dy <= reach; dy++) {
      for (int dx = -reach; dx <= reach; dx++) {
        double rr = Math.hypot(dx, dy);
        double v = 1 / (1 + Math.exp((rr - r) / 0.7));
        int yy = Math.floorMod(dy, n);
        int xx = Math.floorMod(dx, m);
        t[2 * (yy * m + xx)] += (float) v;
      }
    }
    new FloatFFT_2D(n, m).complexForward(t);
    this.templateSpectrum = t;
  }

  public Options options() { return options; }

  public Workspace workspace() { return new Workspace(); }

  /** The disks in {@code frame} (detY × detX, not modified). */
  public Disks find(float[] frame, Workspace ws) {
    float[] a = ws.spectrum;
    Arrays.fill(a, 0);
    for (int y = 0; y < detY; y++) for (int x = 0; x < detX; x++) a[2 * (y * m + x)] = frame[y * detX + x];
    ws.fft.complexForward(a);
    for (int i = 0; i < n * m; i++) {
      float ar = a[2 * i];
      float ai = a[2 * i + 1];
      float tr = templateSpectrum[2 * i];
      float ti = -templateSpectrum[2 * i + 1];
      a[2 * i] = ar * tr - ai * ti;
      a[2 * i + 1] = ar * ti + ai * tr;
    }
    ws.fft.complexInverse(a, true);
    float[] c = ws.corr;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n * m; i++) {
      c[i] = a[2 * i];
      max = Math.max(max, c[i]);
    }
    if (!(max > 0)) return new Disks(new double[0], new double[0], new double[0]);
    double threshold = options.minRelativeIntensity() * max;
    int margin = (int) Math.ceil(options.edgeMarginPx());
    int cap = 4 * options.maxDisks() + 16;
    int[] cand = new int[cap];
    float[] candV = new float[cap];
    int nc = 0;
    for (int y = Math.max(1, margin); y < Math.min(detY - 1, detY - margin); y++) {
      for (int x = Math.max(1, margin); x < Math.min(detX - 1, detX - margin); x++) {
        float v = c[y * m + x];
        if (v < threshold) continue;
        if (v < c[y * m + x - 1] || v < c[y * m + x + 1] || v < c[(y - 1) * m + x] || v < c[(y + 1) * m + x]
            || v < c[(y - 1) * m + x - 1] || v < c[(y - 1) * m + x + 1] || v < c[(y + 1) * m + x - 1]
            || v < c[(y + 1) * m + x + 1]) continue;
        if (nc == cap) {
          // keep the strongest: drop the weakest so far
          int weakest = 0;
          for (int k = 1; k < nc; k++) if (candV[k] < candV[weakest]) weakest = k;
          if (v <= candV[weakest]) continue;
          cand[weakest] = y * m + x;
          candV[weakest] = v;
        } else {
          cand[nc] = y * m + x;
          candV[nc++] = v;
        }
      }
    }
    Integer[] order = new Integer[nc];
    for (int k = 0; k < nc; k++) order[k] = k;
    final float[] cv = candV;
    Arrays.sort(order, (p, q) -> Float.compare(cv[q], cv[p]));
    double[] xs = new double[options.maxDisks()];
    double[] ys = new double[options.maxDisks()];
    double[] is = new double[options.maxDisks()];
    int found = 0;
    double spacing2 = options.minSpacingPx() * options.minSpacingPx();
    for (int k = 0; k < nc && found < options.maxDisks(); k++) {
      int idx = cand[order[k]];
      int py = idx / m;
      int px = idx % m;
      double fx = px + vertex(c[idx - 1], c[idx], c[idx + 1]);
      double fy = py + vertex(c[idx - m], c[idx], c[idx + m]);
      boolean close = false;
      for (int j = 0; j < found; j++) {
        double dx = xs[j] - fx;
        double dy = ys[j] - fy;
        if (dx * dx + dy * dy < spacing2) {
          close = true;
          break;
        }
      }
      if (close) continue;
      double[] refined = centroid(frame, fx, fy);
      xs[found] = refined[0];
      ys[found] = refined[1];
      is[found] = refined[2];
      found++;
    }
    return new Disks(Arrays.copyOf(xs, found), Arrays.copyOf(ys, found), Arrays.copyOf(is, found));
  }

  /** Background-subtracted centroid within radius + 2 of (x, y), iterated; falls back to (x, y). */
  private double[] centroid(float[] frame, double x0, double y0) {
    double rw = Math.min(options.radiusPx() + 2, 0.5 * options.minSpacingPx());
    double rw2 = rw * rw;
    double ring2 = (rw + 1.5) * (rw + 1.5);
    double x = x0;
    double y = y0;
    double sum = 0;
    for (int it = 0; it < 5; it++) {
      int xa = (int) Math.floor(x - rw - 2);
      int xb = (int) Math.ceil(x + rw + 2);
      int ya = (int) Math.floor(y - rw - 2);
      int yb = (int) Math.ceil(y + rw + 2);
      if (xa < 0 || ya < 0 || xb >= detX || yb >= detY) return new double[] {x0, y0, Double.NaN};
      double ring = 0;
      int ringN = 0;
      for (int yy = ya; yy <= yb; yy++) {
        for (int xx = xa; xx <= xb; xx++) {
          double ddx = xx - x;
          double ddy = yy - y;
          double r2 = ddx * ddx + ddy * ddy;
          if (r2 > rw2 && r2 <= ring2) {
            ring += frame[yy * detX + xx];
            ringN++;
          }
        }
      }
      double bg = ringN > 0 ? ring / ringN : 0;
      double s = 0;
      double sx = 0;
      double sy = 0;
      for (int yy = ya; yy <= yb; yy++) {
        for (int xx = xa; xx <= xb; xx++) {
          double ddx = xx - x;
          double ddy = yy - y;
          if (ddx * ddx + ddy * ddy > rw2) continue;
          double v = frame[yy * detX + xx] - bg;
          if (v <= 0) continue;
          s += v;
          sx += v * xx;
          sy += v * yy;
        }
      }
      if (!(s > 0)) return new double[] {x0, y0, 0};
      double nx = sx / s;
      double ny = sy / s;
      if (Math.hypot(nx - x0, ny - y0) > 0.5 * options.radiusPx() + 1) return new double[] {x0, y0, s};
      x = nx;
      y = ny;
      sum = s;
    }
    return new double[] {x, y, sum};
  }

  private static double vertex(double l, double c, double r) {
    double den = l - 2 * c + r;
    if (!(den < 0)) return 0;
    return Math.max(-0.5, Math.min(0.5, 0.5 * (l - r) / den));
  }

  private static int nextPow2(int v) {
    int p = 1;
    while (p < v) p <<= 1;
    return p;
  }
}
