package org.causalem.lattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.causalem.numeric.SingularMatrixException;
import org.causalem.numeric.SmallSolve;
import org.causalem.numeric.Stats;

/**
 * Calibrates column position uncertainties on the image itself. Fisher (shot-noise) errors know nothing of
 * the scan: line jitter, scan noise and fit mismatch scatter real columns several times more. So, per
 * sublattice:
 * <ol>
 *   <li>the line term comes from {@link LineJitter}, measured inside the columns (where the specimen cannot
 *       enter): the variance of the line offset a column carries along x and its correlation k(|Δy|) between
 *       columns; a raster scan has no line jitter along y, so there is no line term in y;</li>
 *   <li>each column is predicted from its same-sublattice neighbours within 2.2 nearest-neighbour distances
 *       (at least 6) by a weighted local affine map of the lattice indices (leave-one-out, Gaussian weights),
 *       which follows smooth strain and scan distortion but not the column's own error (nor the curvature of
 *       a strong strain field over ±2 cells); the residual r has variance
 *       {@code σ²(1 + Σw²)} for independent errors of variance σ² (w the prediction weights), and keeps the
 *       share {@code 1 − 2Σw·k + ΣΣw·w·k} of the line variance (the neighbours carry the rest);</li>
 *   <li>the scatter: the median of {@code r²/(1 + Σw²)} over 0.4549 (a robust variance), less the part of
 *       the line variance it keeps (at least 0; the measured line variance is never cut to fit this scatter), is the
 *       per-column variance; its excess over the median Fisher variance is
 *       an instrument term added to every column.</li>
 * </ol>
 * Each column then reports {@code sqrt(fisher² + excess² + line²)} in x and {@code sqrt(fisher² + excess²)} in y.
 *
 * <p>What it cannot tell: a real displacement that is independent from column to column (e.g. random
 * off-centring of a B column) is indistinguishable from measurement error in one image, and counts as
 * excess; smooth displacements (strain, domains, scan nonlinearity) do not.
 */
public final class PositionCalibration {
  static final double RADIUS_NN = 2.2;
  static final int KERNEL_PX = 24;
  static final int MIN_COLUMNS = 20;
  /** Median of χ² with one degree of freedom: a robust variance is median(r²)/0.4549. */
  static final double CHI2_MEDIAN = 0.454936;
  /** Parameters of the local model: an affine map of the lattice indices. */
  private static final int NP = 3;

  private PositionCalibration() {}

  /**
   * @param x column x (px)
   * @param xErr Fisher standard errors (px); NaN for a failed fit
   * @param lattice where each column sits
   * @param jitter the line jitter along x measured in the image ({@link LineJitter#none} for none)
   */
  public static PositionErrors calibrate(double[] x, double[] y, double[] xErr, double[] yErr, Lattice lattice, LineJitter jitter) {
    int n = x.length;
    double[] ex = xErr.clone();
    double[] ey = yErr.clone();
    double[] lx = new double[n];
    double[] ly = new double[n];
    int ns = lattice.sites();
    double[][] kx = new double[ns][];
    double[][] ky = new double[ns][];
    List<PositionErrors.Sublattice> summary = new ArrayList<>();
    for (int s = 0; s < ns; s++) {
      ky[s] = new double[] {1};
      int[] idx = members(lattice, s, x, y, xErr, yErr);
      double[] kernel = jitter.kernel(s, KERNEL_PX);
      Fit f = idx.length < MIN_COLUMNS ? null : fit(x, y, xErr, yErr, lattice, idx, jitter.columnVariance(s), kernel);
      String name = lattice.siteNames().get(s);
      if (f == null) {
        kx[s] = new double[] {1};
        summary.add(new PositionErrors.Sublattice(name, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0, false));
        continue;
      }
      kx[s] = f.lineX > 0 ? kernel : new double[] {1};
      for (int i = 0; i < n; i++) {
        if (lattice.site()[i] != s || !Double.isFinite(xErr[i])) continue;
        ex[i] = Math.sqrt(xErr[i] * xErr[i] + f.excessX * f.excessX + f.lineX * f.lineX);
        ey[i] = Math.sqrt(yErr[i] * yErr[i] + f.excessY * f.excessY);
        lx[i] = f.lineX;
      }
      summary.add(new PositionErrors.Sublattice(name, f.columns, f.fisherX, f.fisherY, f.observedX, f.observedY,
          f.excessX, f.excessY, f.lineX, 0, true));
    }
    return new PositionErrors(y.clone(), lattice.site().clone(), ex, ey, xErr.clone(), yErr.clone(), lx, ly, kx, ky, summary);
  }

  private record Fit(int columns, double fisherX, double fisherY, double observedX, double observedY, double excessX,
                     double excessY, double lineX) {}

  private static int[] members(Lattice lattice, int s, double[] x, double[] y, double[] xErr, double[] yErr) {
    int[] idx = new int[x.length];
    int m = 0;
    for (int i = 0; i < x.length; i++) {
      if (lattice.site()[i] == s && Double.isFinite(x[i]) && Double.isFinite(y[i]) && Double.isFinite(xErr[i]) && Double.isFinite(yErr[i])) {
        idx[m++] = i;
      }
    }
    return Arrays.copyOf(idx, m);
  }

  private static Fit fit(double[] x, double[] y, double[] xErr, double[] yErr, Lattice lattice, int[] idx, double lineVar,
                         double[] kernel) {
    int m = idx.length;
    double[] px = new double[m];
    double[] py = new double[m];
    for (int k = 0; k < m; k++) {
      px[k] = x[idx[k]];
      py[k] = y[idx[k]];
    }
    double nn = org.causalem.image.PointGrid.medianNearestDistance(px, py, 1e6);
    if (!(nn > 0)) return null;
    double radius = RADIUS_NN * nn;
    org.causalem.image.PointGrid grid = new org.causalem.image.PointGrid(px, py, radius);
    // leave-one-out local affine predictions, columns in parallel (each independent of the others)
    LeaveOneOut loo = new LeaveOneOut(px, py, idx, lattice, grid, radius);
    IntStream.range(0, (m + CHUNK - 1) / CHUNK).parallel().forEach(ch -> {
      int[] buf = new int[64];
      int[] within = new int[1];
      for (int k = ch * CHUNK; k < Math.min(m, (ch + 1) * CHUNK); k++) buf = loo.predict(k, buf, within);
    });
    double[] rx = loo.rx;
    double[] ry = loo.ry;
    double[] infl = loo.infl;
    int[][] nbr = loo.nbr;
    double[][] wts = loo.wts;
    boolean[] ok = loo.ok;
    int used = 0;
    for (boolean b : ok) if (b) used++;
    if (used < MIN_COLUMNS) return null;
    double vx = robustVariance(rx, infl, ok);
    double vy = robustVariance(ry, infl, ok);
    double fx2 = medianSquare(xErr, idx, ok);
    double fy2 = medianSquare(yErr, idx, ok);
    // per-column variance: the scatter less the line variance it keeps (none left when the line accounts for it all).
    // The line variance is measured inside the columns and is not capped by this scatter: a median over a few hundred
    // residuals that share their lines' offsets falls short of it on a scene without disorder (null scene, seeds
    // 13 and 16: 0.70-0.78 of it), and capping it there left the cell errors 1.4-1.5x under-reported.
    double kept = lineVar > 0 ? keptShare(kernel, py, infl, ok, nbr, wts) : 0;
    double lxv = kept > 0 ? lineVar : 0;
    double colX = Math.max(0, vx - lxv * kept);
    double excessX = Math.sqrt(Math.max(0, colX - fx2));
    double excessY = Math.sqrt(Math.max(0, vy - fy2));
    return new Fit(used, Math.sqrt(fx2), Math.sqrt(fy2), Math.sqrt(colX + lxv), Math.sqrt(vy), excessX, excessY, Math.sqrt(lxv));
  }

  /**
   * The mean share of the line variance a leave-one-out residual keeps, scaled to unit inflation:
   * {@code (1 − 2Σw·k(Δy) + ΣΣw·w·k(Δy))/(1 + Σw²)} (the neighbours carry the rest of the column's line offset).
   */
  private static double keptShare(double[] kernel, double[] py, double[] infl, boolean[] ok, int[][] nbr, double[][] wts) {
    double[] share = new double[ok.length];
    IntStream.range(0, ok.length).parallel().forEach(k -> {   // per column in parallel, summed in order below
      if (!ok[k]) return;
      double s = 0;
      double ss = 0;
      for (int t = 0; t < nbr[k].length; t++) {
        s += wts[k][t] * kern(kernel, Math.abs(py[nbr[k][t]] - py[k]));
        for (int u = 0; u < nbr[k].length; u++) ss += wts[k][t] * wts[k][u] * kern(kernel, Math.abs(py[nbr[k][t]] - py[nbr[k][u]]));
      }
      share[k] = (1 - 2 * s + ss) / infl[k];
    });
    double q = 0;
    int cnt = 0;
    for (int k = 0; k < ok.length; k++) {
      if (!ok[k]) continue;
      q += share[k];
      cnt++;
    }
    return cnt == 0 ? 0 : q / cnt;
  }

  /** Columns per parallel task. */
  private static final int CHUNK = 256;

  /**
   * Leave-one-out local affine predictions of one sublattice's columns from their neighbours (Gaussian weights): per
   * column k the residual (rx, ry), the inflation 1 + Σw², the neighbours and their weights; ok where there is a fit.
   */
  private static final class LeaveOneOut {
    private final double[] px;
    private final double[] py;
    private final int[] idx;
    private final Lattice lattice;
    private final org.causalem.image.PointGrid grid;
    private final double radius;
    private final double h2;
    final double[] rx;
    final double[] ry;
    final double[] infl;
    final int[][] nbr;
    final double[][] wts;
    final boolean[] ok;

    LeaveOneOut(double[] px, double[] py, int[] idx, Lattice lattice, org.causalem.image.PointGrid grid, double radius) {
      this.px = px;
      this.py = py;
      this.idx = idx;
      this.lattice = lattice;
      this.grid = grid;
      this.radius = radius;
      h2 = 2 * (0.6 * radius) * (0.6 * radius);
      int m = px.length;
      rx = new double[m];
      ry = new double[m];
      infl = new double[m];
      nbr = new int[m][];
      wts = new double[m][];
      ok = new boolean[m];
    }

    /** Column k's prediction; {@code buf} and {@code within} are the caller's buffers (the grown buffer is returned). */
    int[] predict(int k, int[] buf, int[] within) {
      buf = grid.within(px[k], py[k], radius, buf, within);
      int c = 0;
      for (int t = 0; t < within[0]; t++) if (buf[t] != k) buf[c++] = buf[t];
      if (c < 6) return buf;
      int i = idx[k];
      double[][] a = new double[NP][NP];
      double[] wk = new double[c];
      double[][] f = new double[c][];
      for (int t = 0; t < c; t++) {
        int j = idx[buf[t]];
        double d2 = sq(px[buf[t]] - px[k]) + sq(py[buf[t]] - py[k]);
        wk[t] = Math.exp(-d2 / h2);
        double dc = lattice.col()[j] - lattice.col()[i];
        double dr = lattice.row()[j] - lattice.row()[i];
        f[t] = new double[] {1, dc, dr};
        for (int p = 0; p < NP; p++) for (int q = 0; q < NP; q++) a[p][q] += wk[t] * f[t][p] * f[t][q];
      }
      double[] e0 = new double[NP];
      e0[0] = 1;
      try {
        e0 = SmallSolve.solve(a, e0, 1e-9);
      } catch (SingularMatrixException e) {
        return buf; // the neighbours do not span two lattice directions: no local fit here
      }
      // prediction at the column's own indices (offset 0): weights w_t = e0·f_t·wk_t
      double[] w = new double[c];
      double sx = 0;
      double sy = 0;
      double sw2 = 0;
      for (int t = 0; t < c; t++) {
        double dot = 0;
        for (int p = 0; p < NP; p++) dot += e0[p] * f[t][p];
        w[t] = wk[t] * dot;
        sx += w[t] * px[buf[t]];
        sy += w[t] * py[buf[t]];
        sw2 += w[t] * w[t];
      }
      rx[k] = px[k] - sx;
      ry[k] = py[k] - sy;
      infl[k] = 1 + sw2;
      nbr[k] = Arrays.copyOf(buf, c);
      wts[k] = w;
      ok[k] = true;
      return buf;
    }
  }

  private static double kern(double[] kernel, double d) { return PositionErrors.k(new double[][] {kernel}, 0, d); }

  private static double robustVariance(double[] r, double[] infl, boolean[] ok) {
    double[] v = new double[r.length];
    int c = 0;
    for (int k = 0; k < r.length; k++) if (ok[k]) v[c++] = r[k] * r[k] / infl[k];
    return Stats.median(v, c) / CHI2_MEDIAN;
  }

  private static double medianSquare(double[] err, int[] idx, boolean[] ok) {
    double[] v = new double[idx.length];
    int c = 0;
    for (int k = 0; k < idx.length; k++) if (ok[k]) v[c++] = err[idx[k]] * err[idx[k]];
    return Stats.median(v, c);
  }

  private static double sq(double v) { return v * v; }
}
