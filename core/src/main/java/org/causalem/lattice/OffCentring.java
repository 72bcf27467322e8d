package org.causalem.lattice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.table.DescriptorTable;

/**
 * The uniform part of the B-site off-centring ("polarization") of an image, and whether it is believable.
 *
 * <p>A uniform offset of every B column from the centre of its A cage is usually instrumental: an
 * asymmetric probe tail (residual coma) or a specimen mistilt shifts the fitted centres of bright and dim
 * columns differently. Its signature is a mean that changes with the fit window — the wider the window, the
 * more of the tail the Gaussian sees — while a real displacement does not depend on how the column is
 * fitted. So the mean is reported with a standard error that respects the scan (delete-one-strip jackknife
 * over strips of scan lines, and over strips of scan columns; the larger is kept, since line jitter makes
 * cells along a line share their errors), the mean is re-measured at several fit-window radii, and a
 * reference region may be named to report polarization relative to it.
 *
 * @param cells complete cells the mean rests on
 * @param meanXPx mean B off-centring x (px)
 * @param meanYPx mean B off-centring y (px)
 * @param seXPx its standard error (px), scan-strip jackknife
 * @param seYPx its standard error y (px)
 * @param pixelSizeNm for the pm values; NaN when uncalibrated
 * @param chiSquare {@code (mean_x/se_x)² + (mean_y/se_y)²}
 * @param significant chi-square above {@link #CHI2_CRITICAL} (2 degrees of freedom, p = 0.001)
 * @param windows the mean at each fit-window radius, smallest radius first (empty when not measured)
 * @param windowGrowthPx growth of the mean's magnitude from the smallest to the largest radius, projected on
 *     the mean's direction (px); NaN when not measured
 * @param windowGrowthSePx its standard error (scan-strip jackknife of the per-cell differences)
 * @param windowDependent |growth| exceeds 3 standard errors (a growing mean is the probe-tail signature; any
 *     dependence on how the column is fitted says the offset is not a displacement)
 * @param reference the reference region's mean, or null when none was named
 */
public record OffCentring(int cells, double meanXPx, double meanYPx, double seXPx, double seYPx, double pixelSizeNm,
                          double chiSquare, boolean significant, List<Window> windows, double windowGrowthPx,
                          double windowGrowthSePx, boolean windowDependent, Reference reference) {
  /** The chi-square (2 degrees of freedom) above which the mean is significant: p = 0.001. */
  public static final double CHI2_CRITICAL = 13.82;

  /** The caveat printed with a significant mean. */
  public static final String CAVEAT = "a uniform offset is usually instrumental (probe tails, mistilt)";

  /** The mean off-centring when the columns are refined with a fit window of {@code radiusPx}. */
  public record Window(double radiusPx, double factor, int cells, double meanXPx, double meanYPx, double seXPx, double seYPx) {
    public double magnitudePx() { return Math.hypot(meanXPx, meanYPx); }
  }

  /** A user-named reference region {@code [x0, x1] × [y0, y1]} (px) and its mean off-centring. */
  public record Reference(double x0, double y0, double x1, double y1, int cells, double meanXPx, double meanYPx,
                          double seXPx, double seYPx) {}

  public OffCentring {
    windows = List.copyOf(windows);
  }

  /** Magnitude of the mean (px). */
  public double magnitudePx() { return Math.hypot(meanXPx, meanYPx); }

  /**
   * Measures the mean off-centring of the complete cells of {@code cells} (columns
   * {@code polarization_x_px}, {@code polarization_y_px}, {@code x_px}, {@code y_px}).
   *
   * @param stripPx height (width) of the scan strips of the jackknife (px); at least 8 strips are used
   */
  public static OffCentring measure(DescriptorTable cells, double stripPx, double pixelSizeNm) {
    double[] px = cells.column("polarization_x_px");
    double[] py = cells.column("polarization_y_px");
    double[] x = cells.column("x_px");
    double[] y = cells.column("y_px");
    double[] mx = mean(px, null);
    double[] my = mean(py, null);
    double sx = stripSe(px, null, x, y, stripPx);
    double sy = stripSe(py, null, x, y, stripPx);
    double chi = sq(mx[0] / sx) + sq(my[0] / sy);
    return new OffCentring((int) mx[1], mx[0], my[0], sx, sy, pixelSizeNm, chi, chi > CHI2_CRITICAL, List.of(),
        Double.NaN, Double.NaN, false, null);
  }

  /**
   * This measurement with the mean at several fit-window radii. {@code tables[k]} is the cell table refined
   * with radius {@code radiiPx[k]} (ascending); cells are matched by (row, col) and the growth is the
   * per-cell difference between the largest and the smallest radius, projected on the direction of the mean.
   */
  public OffCentring withWindows(double[] radiiPx, double[] factors, DescriptorTable[] tables, double stripPx) {
    List<Window> ws = new ArrayList<>();
    for (int k = 0; k < tables.length; k++) {
      DescriptorTable t = tables[k];
      double[] px = t.column("polarization_x_px");
      double[] py = t.column("polarization_y_px");
      double[] mx = mean(px, null);
      double[] my = mean(py, null);
      ws.add(new Window(radiiPx[k], factors[k], (int) mx[1], mx[0], my[0],
          stripSe(px, null, t.column("x_px"), t.column("y_px"), stripPx),
          stripSe(py, null, t.column("x_px"), t.column("y_px"), stripPx)));
    }
    double growth = Double.NaN;
    double se = Double.NaN;
    if (tables.length >= 2) {
      DescriptorTable small = tables[0];
      DescriptorTable large = tables[tables.length - 1];
      Map<Long, Integer> at = new HashMap<>();
      double[] sr = small.column("row");
      double[] sc = small.column("col");
      for (int i = 0; i < small.rows(); i++) at.put(key(sr[i], sc[i]), i);
      double mag = magnitudePx();
      double ux = mag > 0 ? meanXPx / mag : 1;
      double uy = mag > 0 ? meanYPx / mag : 0;
      double[] lr = large.column("row");
      double[] lc = large.column("col");
      double[] lx = large.column("polarization_x_px");
      double[] ly = large.column("polarization_y_px");
      double[] sxv = small.column("polarization_x_px");
      double[] syv = small.column("polarization_y_px");
      int n = large.rows();
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        Integer j = at.get(key(lr[i], lc[i]));
        d[i] = j == null ? Double.NaN : (lx[i] - sxv[j]) * ux + (ly[i] - syv[j]) * uy;
      }
      growth = mean(d, null)[0];
      se = stripSe(d, null, large.column("x_px"), large.column("y_px"), stripPx);
    }
    boolean dep = Double.isFinite(growth) && se > 0 && Math.abs(growth) > 3 * se;
    return new OffCentring(cells, meanXPx, meanYPx, seXPx, seYPx, pixelSizeNm, chiSquare, significant, ws, growth, se, dep,
        reference);
  }

  /**
   * This measurement with a reference region: the mean off-centring of the complete cells whose centre lies
   * in {@code [x0, x1] × [y0, y1]} (px).
   *
   * @throws org.causalem.data.BadInputException when fewer than 3 complete cells lie in the region
   */
  public OffCentring withReference(DescriptorTable cells, double x0, double y0, double x1, double y1, double stripPx) {
    double[] x = cells.column("x_px");
    double[] y = cells.column("y_px");
    boolean[] in = inRegion(x, y, x0, y0, x1, y1);
    double[] px = cells.column("polarization_x_px");
    double[] py = cells.column("polarization_y_px");
    double[] mx = mean(px, in);
    double[] my = mean(py, in);
    if (mx[1] < 3) {
      throw new org.causalem.data.BadInputException(String.format(java.util.Locale.ROOT,
          "reference region %.0f,%.0f,%.0f,%.0f px holds %d complete cells with a B off-centring; need at least 3", x0, y0, x1, y1,
          (int) mx[1]));
    }
    Reference r = new Reference(x0, y0, x1, y1, (int) mx[1], mx[0], my[0], stripSe(px, in, x, y, stripPx),
        stripSe(py, in, x, y, stripPx));
    return new OffCentring(cells(), meanXPx, meanYPx, seXPx, seYPx, pixelSizeNm, chiSquare, significant, windows, windowGrowthPx,
        windowGrowthSePx, windowDependent, r);
  }

  /** Whether each (x, y) lies in the rectangle (corners in any order). */
  static boolean[] inRegion(double[] x, double[] y, double x0, double y0, double x1, double y1) {
    double xa = Math.min(x0, x1);
    double xb = Math.max(x0, x1);
    double ya = Math.min(y0, y1);
    double yb = Math.max(y0, y1);
    boolean[] in = new boolean[x.length];
    for (int i = 0; i < x.length; i++) in[i] = x[i] >= xa && x[i] <= xb && y[i] >= ya && y[i] <= yb;
    return in;
  }

  /** One sentence for notes and reports. */
  public String sentence() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(java.util.Locale.ROOT, "mean B off-centring (%+.3f, %+.3f) px ± (%.3f, %.3f)", meanXPx, meanYPx, seXPx, seYPx));
    if (Double.isFinite(pixelSizeNm)) {
      s.append(String.format(java.util.Locale.ROOT, " = (%+.1f, %+.1f) pm ± (%.1f, %.1f)", meanXPx * pixelSizeNm * 1000,
          meanYPx * pixelSizeNm * 1000, seXPx * pixelSizeNm * 1000, seYPx * pixelSizeNm * 1000));
    }
    s.append(String.format(java.util.Locale.ROOT, " over %d cells, %.1f standard errors", cells, Math.sqrt(chiSquare)));
    if (significant) s.append(": significant; ").append(CAVEAT);
    else s.append(": not significant");
    if (!windows.isEmpty()) {
      s.append("; magnitude by fit-window radius:");
      for (Window w : windows) s.append(String.format(java.util.Locale.ROOT, " %.1f px → %.3f px,", w.radiusPx(), w.magnitudePx()));
      s.setLength(s.length() - 1);
      if (!windowDependent) s.append(" (independent of the window)");
      else if (windowGrowthPx > 0) s.append(" (grows with the window: the probe-tail signature)");
      else s.append(" (shrinks with the window: not a displacement of the column)");
    }
    return s.toString();
  }

  /** The {@code off_centring} object of summary.json. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cells", cells);
    m.put("mean_px", new double[] {meanXPx, meanYPx});
    m.put("standard_error_px", new double[] {seXPx, seYPx});
    if (Double.isFinite(pixelSizeNm)) {
      m.put("mean_pm", new double[] {meanXPx * pixelSizeNm * 1000, meanYPx * pixelSizeNm * 1000});
      m.put("standard_error_pm", new double[] {seXPx * pixelSizeNm * 1000, seYPx * pixelSizeNm * 1000});
    }
    m.put("standard_error_method", "delete-one-strip jackknife over strips of scan lines and of scan columns (the larger)");
    m.put("standard_errors", Math.sqrt(chiSquare));
    m.put("significant", significant);
    m.put("significance_rule", "chi-square of the two components > " + CHI2_CRITICAL + " (p = 0.001)");
    if (significant) m.put("caveat", CAVEAT);
    if (!windows.isEmpty()) {
      List<Map<String, Object>> ws = new ArrayList<>();
      for (Window w : windows) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("radius_px", w.radiusPx());
        e.put("radius_factor", w.factor());
        e.put("cells", w.cells());
        e.put("mean_px", new double[] {w.meanXPx(), w.meanYPx()});
        e.put("standard_error_px", new double[] {w.seXPx(), w.seYPx()});
        e.put("magnitude_px", w.magnitudePx());
        ws.add(e);
      }
      m.put("by_fit_window", ws);
      m.put("window_growth_px", windowGrowthPx);
      m.put("window_growth_standard_error_px", windowGrowthSePx);
      m.put("window_dependent", windowDependent);
    }
    if (reference != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("region_px", new double[] {reference.x0(), reference.y0(), reference.x1(), reference.y1()});
      r.put("cells", reference.cells());
      r.put("mean_px", new double[] {reference.meanXPx(), reference.meanYPx()});
      r.put("standard_error_px", new double[] {reference.seXPx(), reference.seYPx()});
      r.put("note", "polarization_rel_x_px / polarization_rel_y_px in cells.csv are the off-centring minus this mean");
      m.put("reference_region", r);
    }
    m.put("summary", sentence());
    return m;
  }

  /** {mean, count} of the finite entries (restricted to {@code in} when given). */
  private static double[] mean(double[] v, boolean[] in) {
    double s = 0;
    int c = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i]) || (in != null && !in[i])) continue;
      s += v[i];
      c++;
    }
    return new double[] {c == 0 ? Double.NaN : s / c, c};
  }

  /**
   * Standard error of the mean of the finite entries of v: delete-one-strip jackknife over strips of
   * {@code stripPx} in y (scan lines) and in x (scan columns), the larger of the two. At least 8 strips
   * (narrower strips when the region is small).
   */
  static double stripSe(double[] v, boolean[] in, double[] x, double[] y, double stripPx) {
    return Math.max(jackknife(v, in, y, stripPx), jackknife(v, in, x, stripPx));
  }

  private static double jackknife(double[] v, boolean[] in, double[] pos, double stripPx) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i]) || (in != null && !in[i])) continue;
      lo = Math.min(lo, pos[i]);
      hi = Math.max(hi, pos[i]);
    }
    if (!(hi >= lo)) return Double.NaN;
    double w = stripPx;
    if ((hi - lo) / w < 8) w = Math.max(1e-9, (hi - lo) / 8);
    int k = (int) Math.floor((hi - lo) / w) + 1;
    double[] sum = new double[k];
    int[] cnt = new int[k];
    double total = 0;
    int n = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i]) || (in != null && !in[i])) continue;
      int b = Math.min(k - 1, (int) ((pos[i] - lo) / w));
      sum[b] += v[i];
      cnt[b]++;
      total += v[i];
      n++;
    }
    int used = 0;
    for (int b = 0; b < k; b++) if (cnt[b] > 0) used++;
    if (used < 2) return Double.NaN;
    double full = total / n;
    double ss = 0;
    for (int b = 0; b < k; b++) {
      if (cnt[b] == 0) continue;
      double loo = (total - sum[b]) / (n - cnt[b]);
      ss += sq(loo - full);
    }
    return Math.sqrt((used - 1.0) / used * ss);
  }

  private static long key(double row, double col) { return ((long) row << 32) ^ ((long) col & 0xffffffffL); }

  private static double sq(double v) { return v * v; }
}
