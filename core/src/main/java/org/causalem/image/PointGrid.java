package org.causalem.image;

import java.util.Arrays;

/** A uniform grid hash over 2-D points for radius and nearest-neighbour queries. Immutable; thread-safe. */
public final class PointGrid {
  private final double[] x;
  private final double[] y;
  private final double cell;
  private final double minX;
  private final double minY;
  private final int gw;
  private final int gh;
  private final int[] start;
  private final int[] items;

  /** @param cellPx grid spacing, typically the query radius */
  public PointGrid(double[] x, double[] y, double cellPx) {
    if (x.length != y.length) throw new IllegalArgumentException("x has " + x.length + " points, y " + y.length);
    if (!(cellPx > 0)) throw new IllegalArgumentException("cellPx must be > 0, got " + cellPx);
    this.x = x;
    this.y = y;
    this.cell = cellPx;
    double mx = Double.POSITIVE_INFINITY;
    double my = Double.POSITIVE_INFINITY;
    double Mx = Double.NEGATIVE_INFINITY;
    double My = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < x.length; i++) {
      mx = Math.min(mx, x[i]);
      my = Math.min(my, y[i]);
      Mx = Math.max(Mx, x[i]);
      My = Math.max(My, y[i]);
    }
    if (x.length == 0) {
      mx = my = 0;
      Mx = My = 0;
    }
    minX = mx;
    minY = my;
    gw = (int) Math.min(1 << 14, Math.floor((Mx - mx) / cellPx) + 1);
    gh = (int) Math.min(1 << 14, Math.floor((My - my) / cellPx) + 1);
    int[] count = new int[gw * gh + 1];
    int[] bin = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      bin[i] = binOf(x[i], y[i]);
      count[bin[i] + 1]++;
    }
    for (int b = 0; b < gw * gh; b++) count[b + 1] += count[b];
    start = count;
    items = new int[x.length];
    int[] fill = Arrays.copyOf(count, count.length);
    for (int i = 0; i < x.length; i++) items[fill[bin[i]]++] = i;
  }

  private int binOf(double px, double py) {
    int gx = Math.max(0, Math.min(gw - 1, (int) ((px - minX) / cell)));
    int gy = Math.max(0, Math.min(gh - 1, (int) ((py - minY) / cell)));
    return gy * gw + gx;
  }

  public int size() { return x.length; }

  /**
   * The point indices cell by cell (each point once): visiting points in this order keeps neighbouring points, and
   * their neighbours' data, together in the cache. The array is the grid's own: callers must not modify it.
   */
  int[] cellOrder() { return items; }

  /**
   * Indices of the points within {@code radius} of (px, py), written to {@code out} (grown as needed);
   * returns the new array, whose first {@code count[0]} entries are set.
   */
  public int[] within(double px, double py, double radius, int[] out, int[] count) {
    int n = 0;
    double r2 = radius * radius;
    int gx0 = Math.max(0, (int) Math.floor((px - radius - minX) / cell));
    int gx1 = Math.min(gw - 1, (int) Math.floor((px + radius - minX) / cell));
    int gy0 = Math.max(0, (int) Math.floor((py - radius - minY) / cell));
    int gy1 = Math.min(gh - 1, (int) Math.floor((py + radius - minY) / cell));
    for (int gy = gy0; gy <= gy1; gy++) {
      for (int gx = gx0; gx <= gx1; gx++) {
        int b = gy * gw + gx;
        for (int k = start[b]; k < start[b + 1]; k++) {
          int i = items[k];
          double dx = x[i] - px;
          double dy = y[i] - py;
          if (dx * dx + dy * dy <= r2) {
            if (n == out.length) out = Arrays.copyOf(out, Math.max(8, 2 * n));
            out[n++] = i;
          }
        }
      }
    }
    count[0] = n;
    return out;
  }

  /**
   * The squared distance from the point at position {@code q} of {@link #items} to the nearest other point within
   * {@code radius} of it (the first such point in {@link #within}'s order on a tie), its offset (x, y) written to
   * {@code offset}; ∞ (offset unchanged) when there is none. {@link #within} without the list; {@code xs}, {@code ys}
   * are the points' coordinates in {@link #items}' order (read in sequence instead of through the index).
   */
  private double nearestWithin(int q, double radius, double[] xs, double[] ys, double[] offset) {
    double px = xs[q];
    double py = ys[q];
    double r2 = radius * radius;
    double best2 = Double.POSITIVE_INFINITY;
    int gx0 = Math.max(0, (int) Math.floor((px - radius - minX) / cell));
    int gx1 = Math.min(gw - 1, (int) Math.floor((px + radius - minX) / cell));
    int gy0 = Math.max(0, (int) Math.floor((py - radius - minY) / cell));
    int gy1 = Math.min(gh - 1, (int) Math.floor((py + radius - minY) / cell));
    if (gx0 > gx1) return best2; // no cell (a grid capped at 2^14 cells a side ends before the point)
    for (int gy = gy0; gy <= gy1; gy++) {
      // the cells gx0..gx1 of one grid row are consecutive in items
      for (int k = start[gy * gw + gx0], end = start[gy * gw + gx1 + 1]; k < end; k++) {
        double dx = xs[k] - px;
        double dy = ys[k] - py;
        double dd = dx * dx + dy * dy;
        if (dd <= r2 && dd < best2 && k != q) {
          best2 = dd;
          offset[0] = dx;
          offset[1] = dy;
        }
      }
    }
    return best2;
  }

  /**
   * The {@code k} nearest other points of point {@code i}, nearest first (fewer when there are fewer
   * within {@code maxRadius}).
   */
  public int[] nearest(int i, int k, double maxRadius) {
    int[] cnt = new int[1];
    int[] buf = within(x[i], y[i], maxRadius, new int[32], cnt);
    int n = cnt[0];
    long[] keyed = new long[n];
    int m = 0;
    for (int t = 0; t < n; t++) {
      int j = buf[t];
      if (j == i) continue;
      double d2 = (x[j] - x[i]) * (x[j] - x[i]) + (y[j] - y[i]) * (y[j] - y[i]);
      keyed[m++] = ((long) Float.floatToIntBits((float) d2) << 32) | j;
    }
    Arrays.sort(keyed, 0, m);
    int[] out = new int[Math.min(k, m)];
    for (int t = 0; t < out.length; t++) out[t] = (int) (keyed[t] & 0xFFFFFFFFL);
    return out;
  }

  /**
   * Median distance from each point to its nearest neighbour (NaN for fewer than 2 points). Linear
   * time: a grid of about four points per cell, widened only for isolated points.
   */
  public static double medianNearestDistance(double[] x, double[] y, double maxRadius) {
    int n = x.length;
    if (n < 2) return Double.NaN;
    double mx = Double.POSITIVE_INFINITY;
    double my = Double.POSITIVE_INFINITY;
    double Mx = Double.NEGATIVE_INFINITY;
    double My = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      mx = Math.min(mx, x[i]);
      my = Math.min(my, y[i]);
      Mx = Math.max(Mx, x[i]);
      My = Math.max(My, y[i]);
    }
    double area = Math.max(1e-9, (Mx - mx) * (My - my));
    double cell = Math.max(1e-6, 2 * Math.sqrt(area / n));
    if (!(cell > 0) || !Double.isFinite(cell)) cell = 1;
    PointGrid g = new PointGrid(x, y, cell);
    double[] d = new double[n];
    int m = 0;
    double[] nearest = new double[2];
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int k = 0; k < n; k++) {
      xs[k] = x[g.items[k]];
      ys[k] = y[g.items[k]];
    }
    for (int q = 0; q < n; q++) { // cell by cell (cache); the median does not depend on the order
      double best2 = Double.POSITIVE_INFINITY;
      // a first radius of 0.6 cells holds the nearest neighbour of most points of a lattice (nearest ≈ half a cell) in
      // a quarter of the cells a radius of one cell spans; the nearest found, and the first on a tie, do not depend on it
      for (double r = 0.6 * cell; r <= 2 * maxRadius + cell && best2 == Double.POSITIVE_INFINITY; r *= 2) {
        best2 = g.nearestWithin(q, r, xs, ys, nearest);
        if (r > 1e12) break;
      }
      double best = best2 == Double.POSITIVE_INFINITY ? best2 : Math.hypot(nearest[0], nearest[1]); // hypot of the nearest only
      if (best <= maxRadius) d[m++] = best;
    }
    if (m == 0) return Double.NaN;
    return Select.kth(d, m, m / 2); // the distances are ≥ +0, never NaN: the sorted array's d[m/2]
  }
}
