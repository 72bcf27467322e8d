package org.causalem.lattice;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What the scan did to one image, estimated from the brightest sublattice (site 0) itself: the x offset of
 * every scan line (line jitter and non-linear drift), and the local scan magnification along the fast scan
 * (a function of x only) and along the slow scan (a function of y only).
 *
 * <p>Model: the site-0 column positions minus the straight reference lattice ({@link ReferenceLattice},
 * which absorbs the mean magnification, rotation, linear drift and shear) leave residuals
 * {@code rx = Px(x) + L(y) + noise} and {@code ry = Py(y) + noise}. {@code Px} is a local-linear kernel
 * regression of {@code rx − L(y)} on x (bandwidth half the site-0 spacing: every column of the whole frame
 * at that x votes, so it is an instrument property, not one cell's size); {@code L} is a Gaussian-kernel
 * mean of {@code rx − Px(x)} over the columns centred near each scan line (bandwidth 0.4 of the median
 * column width, at least 0.7 px: a column's fitted centre already averages the lines it covers over about
 * its width, so a wider kernel only blurs the jitter further; 0.4 measured best on simulated AR(1) jitter);
 * three alternations.
 * The local magnification is {@code dx_image/dx_lattice = 1/(1 − Px′(x))}, normalised to mean 1 over the
 * columns; likewise along y. Columns more than 5 robust deviations from the model are left out.
 *
 * @param lineOffsetPx x offset of every image row (index = row), mean zero over the rows holding columns
 * @param samplingX local magnification along the fast scan at every image column (index = x), mean 1
 * @param samplingY local magnification along the slow scan at every image row (index = y), mean 1
 * @param samplingBandwidthPx kernel bandwidth of the magnification estimates
 * @param lineBandwidthPx kernel bandwidth of the line offsets
 * @param columnsUsed site-0 columns the model rests on
 */
public record ScanModel(double[] lineOffsetPx, double[] samplingX, double[] samplingY, double samplingBandwidthPx,
                        double lineBandwidthPx, int columnsUsed) {
  /** Line offset (px) at image row {@code y}, linearly interpolated; NaN for a non-finite y. */
  public double lineOffset(double y) { return interpolate(lineOffsetPx, y); }

  /** Fast-scan magnification at image x, relative to the mean. */
  public double samplingX(double x) { return interpolate(samplingX, x); }

  /** Slow-scan magnification at image y, relative to the mean. */
  public double samplingY(double y) { return interpolate(samplingY, y); }

  /**
   * Estimates the scan model from column positions.
   *
   * @param x column x (px); not modified
   * @param lattice where each column sits (site 0 is used)
   * @param columnWidthPx typical column width {@code sqrt(σx·σy)} (px), sets the line-offset bandwidth; NaN for 2.5 px
   */
  public static ScanModel estimate(double[] x, double[] y, Lattice lattice, double columnWidthPx, int width, int height) {
    ReferenceLattice ref = ReferenceLattice.fit(x, y, lattice);
    int n0 = lattice.count(0);
    double[] px = new double[n0];
    double[] py = new double[n0];
    double[] rx = new double[n0];
    double[] ry = new double[n0];
    int m = 0;
    for (int i = 0; i < x.length; i++) {
      if (lattice.site()[i] != 0 || !Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
      px[m] = x[i];
      py[m] = y[i];
      rx[m] = x[i] - ref.x(lattice.col()[i], lattice.row()[i]);
      ry[m] = y[i] - ref.y(lattice.col()[i], lattice.row()[i]);
      m++;
    }
    px = Arrays.copyOf(px, m);
    py = Arrays.copyOf(py, m);
    rx = Arrays.copyOf(rx, m);
    ry = Arrays.copyOf(ry, m);
    double hs = Math.max(4, 0.5 * Math.min(ref.aPx(), ref.bPx()));
    double hl = Math.max(0.7, 0.4 * (Double.isFinite(columnWidthPx) && columnWidthPx > 0.5 ? columnWidthPx : 2.5));
    boolean[] use = new boolean[m];
    Arrays.fill(use, true);
    double[] lineAtCol = new double[m];
    double[] pxAtCol = new double[m];
    double[] slopeX = null;
    double[] line = null;
    for (int pass = 0; pass < 3; pass++) {
      double[] t = new double[m];
      for (int k = 0; k < m; k++) t[k] = rx[k] - lineAtCol[k];
      double[][] fx = localLinear(px, t, use, hs, width);
      slopeX = fx[1];
      for (int k = 0; k < m; k++) {
        pxAtCol[k] = interpolate(fx[0], px[k]);
        t[k] = rx[k] - pxAtCol[k];
      }
      line = kernelMean(py, t, use, hl, height);
      for (int k = 0; k < m; k++) lineAtCol[k] = interpolate(line, py[k]);
      if (pass == 0) {
        // robust cut: misplaced columns must not bend the scan model
        double[] res = new double[m];
        for (int k = 0; k < m; k++) res[k] = Math.abs(rx[k] - pxAtCol[k] - lineAtCol[k]);
        double[] s = res.clone();
        Arrays.sort(s);
        double mad = m == 0 ? 0 : 1.4826 * s[m / 2];
        for (int k = 0; k < m; k++) use[k] = !(res[k] > 5 * mad + 1e-9);
      }
    }
    double[][] fy = localLinear(py, ry, use, hs, height);
    double[] sx = magnification(slopeX, px, use);
    double[] sy = magnification(fy[1], py, use);
    // line offsets relative to their mean over the rows that hold columns
    double mean = 0;
    int c = 0;
    for (int k = 0; k < m; k++) {
      if (!use[k]) continue;
      mean += lineAtCol[k];
      c++;
    }
    mean = c == 0 ? 0 : mean / c;
    for (int i = 0; i < line.length; i++) line[i] -= mean;
    return new ScanModel(line, sx, sy, hs, hl, c);
  }

  /** {@code 1/(1 − slope)} at every grid point, divided by its mean over the columns. */
  private static double[] magnification(double[] slope, double[] pos, boolean[] use) {
    double[] g = new double[slope.length];
    for (int i = 0; i < g.length; i++) g[i] = 1 / (1 - slope[i]);
    double s = 0;
    int c = 0;
    for (int k = 0; k < pos.length; k++) {
      if (!use[k]) continue;
      s += interpolate(g, pos[k]);
      c++;
    }
    double mean = c == 0 ? 1 : s / c;
    for (int i = 0; i < g.length; i++) g[i] /= mean;
    return g;
  }

  /**
   * Local-linear Gaussian-kernel regression of v on u at every integer grid point 0..size-1 (points
   * outside the data range take the value and slope at the nearest end of the range): {value, slope}.
   */
  static double[][] localLinear(double[] u, double[] v, boolean[] use, double h, int size) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < u.length; k++) {
      if (!use[k]) continue;
      lo = Math.min(lo, u[k]);
      hi = Math.max(hi, u[k]);
    }
    double[] val = new double[size];
    double[] slope = new double[size];
    if (!(hi >= lo)) return new double[][] {val, slope};
    double inv = 1 / (2 * h * h);
    double reach = 4 * h;
    double first = lo;
    double last = hi;
    forChunks(u, use, reach, size, (near, g) -> {
      double u0 = Math.max(first, Math.min(last, g));
      near.moveTo(u0);
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double t0 = 0;
      double t1 = 0;
      for (int k = near.first(); k >= 0; k = near.next(k)) {
        double d = u[k] - u0;
        if (Math.abs(d) > reach) continue;
        double w = Math.exp(-d * d * inv);
        s0 += w;
        s1 += w * d;
        s2 += w * d * d;
        t0 += w * v[k];
        t1 += w * d * v[k];
      }
      double det = s0 * s2 - s1 * s1;
      if (s0 <= 0) {
        val[g] = Double.NaN;
        slope[g] = 0;
      } else if (det <= 1e-12 * s0 * s2 || s0 < 2) {
        val[g] = t0 / s0;
        slope[g] = 0;
      } else {
        val[g] = (s2 * t0 - s1 * t1) / det;
        slope[g] = (s0 * t1 - s1 * t0) / det;
      }
    });
    fillGaps(val);
    return new double[][] {val, slope};
  }

  /** Gaussian-kernel mean of v at every integer grid point 0..size-1 (no data within reach: nearest value). */
  static double[] kernelMean(double[] u, double[] v, boolean[] use, double h, int size) {
    double[] out = new double[size];
    double inv = 1 / (2 * h * h);
    double reach = 4 * h;
    forChunks(u, use, reach, size, (near, g) -> {
      near.moveTo(g);
      double s = 0;
      double t = 0;
      for (int k = near.first(); k >= 0; k = near.next(k)) {
        double d = u[k] - g;
        if (Math.abs(d) > reach) continue;
        double w = Math.exp(-d * d * inv);
        s += w;
        t += w * v[k];
      }
      out[g] = s > 1e-3 ? t / s : Double.NaN;
    });
    fillGaps(out);
    return out;
  }

  /** Grid points per parallel task of the kernel sums. */
  private static final int GRID_CHUNK = 256;

  /** What a kernel sum does at grid point g, with the neighbourhood of the task that visits it. */
  private interface GridPoint {
    void at(Neighbourhood near, int g);
  }

  /**
   * Visits the grid points 0..size-1 in chunks, the chunks in parallel, each chunk in increasing order with a
   * {@link Neighbourhood} of its own; every grid point's sum is independent of the others.
   */
  private static void forChunks(double[] u, boolean[] use, double reach, int size, GridPoint point) {
    IntStream.range(0, (size + GRID_CHUNK - 1) / GRID_CHUNK).parallel().forEach(c -> {
      Neighbourhood near = new Neighbourhood(u, use, reach);
      for (int g = c * GRID_CHUNK; g < Math.min(size, (c + 1) * GRID_CHUNK); g++) point.at(near, g);
    });
  }

  /** Replaces NaN entries by the nearest finite one (all NaN: zeros). */
  private static void fillGaps(double[] a) {
    int first = -1;
    for (int i = 0; i < a.length; i++) {
      if (Double.isFinite(a[i])) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      Arrays.fill(a, 0);
      return;
    }
    for (int i = 0; i < first; i++) a[i] = a[first];
    for (int i = first + 1; i < a.length; i++) if (!Double.isFinite(a[i])) a[i] = a[i - 1];
  }

  /**
   * The used points whose u lies within about {@code reach} of a centre that only moves forward (a superset: every
   * point within reach is a member), visited in index order. The kernel sums add their terms in the order of a loop
   * over all points, so they are the same to the bit, but a grid point visits a few hundred points instead of all
   * of them (4096 grid points × 30 000 columns per sum on a 4k image). Points sit in buckets a quarter of the reach
   * wide; buckets enter and leave the member set as the centre moves.
   */
  static final class Neighbourhood {
    private final int[] start;
    private final int[] items;
    private final double min;
    private final double width;
    private final double reach;
    private final java.util.BitSet members = new java.util.BitSet();
    private int from;   // buckets [from, to) are members
    private int to;

    Neighbourhood(double[] u, boolean[] use, double reach) {
      this.reach = reach;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < u.length; k++) {
        if (!use[k] || !Double.isFinite(u[k])) continue;
        lo = Math.min(lo, u[k]);
        hi = Math.max(hi, u[k]);
      }
      min = hi >= lo ? lo : 0;
      double span = hi >= lo ? hi - lo : 0;
      width = Math.max(Math.max(reach / 4, 1e-9), span / 1e7);
      int buckets = (int) (span / width) + 1;
      int[] count = new int[buckets + 1];
      int[] bucket = new int[u.length];
      for (int k = 0; k < u.length; k++) {
        bucket[k] = use[k] && Double.isFinite(u[k]) ? Math.min(buckets - 1, (int) ((u[k] - min) / width)) : -1;
        if (bucket[k] >= 0) count[bucket[k] + 1]++;
      }
      for (int b = 0; b < buckets; b++) count[b + 1] += count[b];
      start = count;
      items = new int[count[buckets]];
      int[] fill = Arrays.copyOf(count, buckets);
      for (int k = 0; k < u.length; k++) if (bucket[k] >= 0) items[fill[bucket[k]]++] = k;
    }

    /** Makes the members the points of the buckets within reach of {@code centre} (never less than the last one). */
    void moveTo(double centre) {
      int buckets = start.length - 1;
      int a = (int) Math.max(0, Math.min(buckets, Math.floor((centre - reach - min) / width) - 1));
      int b = (int) Math.max(0, Math.min(buckets, Math.floor((centre + reach - min) / width) + 2));
      if (from == to && to < a) {   // empty: start at the window
        from = a;
        to = a;
      }
      for (; to < b; to++) for (int j = start[to]; j < start[to + 1]; j++) members.set(items[j]);
      for (; from < a; from++) for (int j = start[from]; j < start[from + 1]; j++) members.clear(items[j]);
    }

    /** The member with the smallest index, −1 for none. */
    int first() { return members.nextSetBit(0); }

    /** The next member after {@code k}, −1 for none. */
    int next(int k) { return members.nextSetBit(k + 1); }
  }

  /** Linear interpolation on an integer grid, clamped at the ends. */
  static double interpolate(double[] grid, double t) {
    if (!Double.isFinite(t) || grid.length == 0) return Double.NaN;
    if (t <= 0) return grid[0];
    int n = grid.length;
    if (t >= n - 1) return grid[n - 1];
    int i = (int) t;
    double f = t - i;
    return grid[i] * (1 - f) + grid[i + 1] * f;
  }
}
