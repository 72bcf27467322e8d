package org.causalem.image;

import java.util.Objects;

/**
 * Plausibility of fitted columns. A Gaussian plus constant background fitted to a small window is
 * degenerate when the data are noisy: the width can run away while the background drops and the
 * integrated intensity {@code 2π·A·σ²} explodes although the peak itself is normal. A fit that converged
 * is still failed when
 * <ul>
 *   <li>its centre lies outside the image ({@link FitStatus#LEFT_IMAGE}),</li>
 *   <li>its centre moved more than {@code maxShiftPx} from where the column was detected
 *       ({@link FitStatus#MOVED}),</li>
 *   <li>its geometric-mean width is outside {@code [m/widthFactor, m·widthFactor]}, m the median width of
 *       the successful fits of its group (sublattice) ({@link FitStatus#WIDTH}),</li>
 *   <li>its background lies more than {@code backgroundDrop} times the group's median amplitude below the
 *       median background of the successful fits of its group within 2.5 nearest-neighbour distances
 *       ({@link FitStatus#BACKGROUND}).</li>
 * </ul>
 */
public final class FitCheck {
  /**
   * @param widthFactor allowed factor between a column's width and its group's median width (> 1)
   * @param backgroundDrop allowed drop of the background below its neighbours', in median amplitudes
   * @param maxShiftPx allowed distance between the fitted centre and the detected position (px)
   */
  public record Options(double widthFactor, double backgroundDrop, double maxShiftPx) {
    public Options {
      if (!(widthFactor > 1) || !Double.isFinite(widthFactor)) throw new IllegalArgumentException("widthFactor must be > 1, got " + widthFactor);
      if (!(backgroundDrop > 0)) throw new IllegalArgumentException("backgroundDrop must be > 0, got " + backgroundDrop);
      if (!(maxShiftPx > 0)) throw new IllegalArgumentException("maxShiftPx must be > 0, got " + maxShiftPx);
    }

    /** Width within a factor 2 of the median, background at most one median amplitude low. */
    public static Options of(double maxShiftPx) { return new Options(2, 1, maxShiftPx); }
  }

  private FitCheck() {}

  /**
   * The status of each column: that of {@code c} where its fit already failed, else the first check it
   * fails, else OK.
   *
   * @param startX where each column was detected (px)
   * @param group each column's group (sublattice), or null for one group; a negative group (unindexed) is
   *     checked against the medians of all successful fits
   */
  public static FitStatus[] check(Columns c, double[] startX, double[] startY, int[] group, int width, int height,
                                  Options o) {
    Objects.requireNonNull(o, "options");
    int n = c.size();
    FitStatus[] out = c.status().clone();
    int groups = 0;
    if (group != null) for (int g : group) groups = Math.max(groups, g + 1);
    // every width once (a pow each), for the medians and the check
    double[] widths = new double[n];
    for (int i = 0; i < n; i++) if (out[i] == FitStatus.OK) widths[i] = c.widthPx(i);
    // medians per group (index groups) and over all (index groups)
    double[] medW = new double[groups + 1];
    double[] medA = new double[groups + 1];
    for (int g = 0; g <= groups; g++) {
      double[] w = new double[n];
      double[] a = new double[n];
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (out[i] != FitStatus.OK) continue;
        if (g < groups && (group == null || group[i] != g)) continue;
        w[m] = widths[i];
        a[m] = c.amplitude()[i];
        m++;
      }
      medW[g] = m < 5 ? Double.NaN : Select.median(w, m);
      medA[g] = m < 5 ? Double.NaN : Select.median(a, m);
    }
    for (int g = 0; g < groups; g++) {
      if (Double.isNaN(medW[g])) {
        medW[g] = medW[groups];
        medA[g] = medA[groups];
      }
    }
    double d0 = PointGrid.medianNearestDistance(c.x(), c.y(), 1e9);
    double reach = Double.isFinite(d0) ? 2.5 * d0 : 0;
    PointGrid grid = reach > 0 ? new PointGrid(c.x(), c.y(), reach) : null;
    int[] buf = new int[64];
    int[] cnt = new int[1];
    double[] bg = new double[64];
    FitStatus[] result = out.clone();
    double maxShift2 = o.maxShiftPx() * o.maxShiftPx();
    // cell by cell when there is a grid: neighbouring columns' data stay in the cache (each column's result does not
    // depend on the order)
    int[] order = grid != null ? grid.cellOrder() : null;
    BackgroundBound bound = grid != null ? new BackgroundBound(c, out, reach) : null;
    for (int s = 0; s < n; s++) {
      int i = order != null ? order[s] : s;
      if (out[i] != FitStatus.OK) continue;
      double x = c.x()[i];
      double y = c.y()[i];
      if (!(x >= -0.5 && x <= width - 0.5 && y >= -0.5 && y <= height - 0.5)) {
        result[i] = FitStatus.LEFT_IMAGE;
        continue;
      }
      double sx = x - startX[i];
      double sy = y - startY[i];
      if (sx * sx + sy * sy > maxShift2) { // farther than maxShiftPx
        result[i] = FitStatus.MOVED;
        continue;
      }
      int g = group == null || group[i] < 0 ? groups : group[i];
      double w = widths[i];
      if (Double.isFinite(medW[g]) && !(w >= medW[g] / o.widthFactor() && w <= medW[g] * o.widthFactor())) {
        result[i] = FitStatus.WIDTH;
        continue;
      }
      if (grid == null || !Double.isFinite(medA[g])) continue;
      // the neighbours' median background is at most their largest: a background above that less the allowed drop passes
      if (c.background()[i] >= bound.max(x, y) - o.backgroundDrop() * medA[g]) continue;
      buf = grid.within(x, y, reach, buf, cnt);
      if (bg.length < cnt[0]) bg = new double[buf.length];
      int m = 0; // neighbours
      int v = 0; // their backgrounds that are not NaN
      for (int k = 0; k < cnt[0]; k++) {
        int j = buf[k];
        if (j == i || out[j] != FitStatus.OK) continue;
        if (group != null && g < groups && group[j] != group[i]) continue;
        m++;
        double b = c.background()[j];
        if (!Double.isNaN(b)) bg[v++] = b;
      }
      if (m >= 3 && c.background()[i] < median(bg, v) - o.backgroundDrop() * medA[g]) result[i] = FitStatus.BACKGROUND;
    }
    return result;
  }

  /**
   * An upper bound of the backgrounds of the OK columns within {@code reach} of a point: the largest (not NaN) background
   * of an OK column in each square cell of side a little over {@code reach}, maximised over the 3 × 3 cells around the
   * point's. Nine look-ups instead of a neighbour query; −∞ when there is no such column.
   */
  private static final class BackgroundBound {
    private final double side;
    private final double minX;
    private final double minY;
    private final int gw;
    private final int gh;
    private final double[] cellMax;

    BackgroundBound(Columns c, FitStatus[] status, double reach) {
      side = reach * (1 + 1e-6); // a neighbour within reach is at most one cell away despite rounding
      double mx = Double.POSITIVE_INFINITY;
      double my = Double.POSITIVE_INFINITY;
      double Mx = Double.NEGATIVE_INFINITY;
      double My = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < c.size(); i++) {
        if (!counts(c, status, i)) continue;
        mx = Math.min(mx, c.x()[i]);
        my = Math.min(my, c.y()[i]);
        Mx = Math.max(Mx, c.x()[i]);
        My = Math.max(My, c.y()[i]);
      }
      boolean none = mx > Mx;
      minX = none ? 0 : mx;
      minY = none ? 0 : my;
      gw = none ? 1 : (int) Math.min(1 << 12, Math.floor((Mx - mx) / side) + 1);
      gh = none ? 1 : (int) Math.min(1 << 12, Math.floor((My - my) / side) + 1);
      cellMax = new double[gw * gh];
      java.util.Arrays.fill(cellMax, Double.NEGATIVE_INFINITY);
      for (int i = 0; i < c.size(); i++) {
        if (!counts(c, status, i)) continue;
        int b = cell(c.y()[i], minY, gh) * gw + cell(c.x()[i], minX, gw);
        cellMax[b] = Math.max(cellMax[b], c.background()[i]);
      }
    }

    /** Whether column i can be a neighbour whose background enters a median: OK, finite centre, background not NaN. */
    private static boolean counts(Columns c, FitStatus[] status, int i) {
      return status[i] == FitStatus.OK && Double.isFinite(c.x()[i]) && Double.isFinite(c.y()[i]) && !Double.isNaN(c.background()[i]);
    }

    private int cell(double v, double min, int cells) { return Math.max(0, Math.min(cells - 1, (int) ((v - min) / side))); }

    /** The bound for a point with a finite centre. */
    double max(double x, double y) {
      int gx = cell(x, minX, gw);
      int gy = cell(y, minY, gh);
      double m = Double.NEGATIVE_INFINITY;
      for (int yy = Math.max(0, gy - 1); yy <= Math.min(gh - 1, gy + 1); yy++) {
        for (int xx = Math.max(0, gx - 1); xx <= Math.min(gw - 1, gx + 1); xx++) m = Math.max(m, cellMax[yy * gw + xx]);
      }
      return m;
    }
  }

  /**
   * {@link Stats#median(double[], int)} of m values without NaN (a few dozen neighbours), sorting them in place by
   * insertion (no allocation); NaN for none.
   */
  private static double median(double[] v, int m) {
    if (m == 0) return Double.NaN;
    for (int i = 1; i < m; i++) {
      double e = v[i];
      int j = i - 1;
      while (j >= 0 && v[j] > e) {
        v[j + 1] = v[j];
        j--;
      }
      v[j + 1] = e;
    }
    return m % 2 == 1 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
  }
}
