package org.causalem.lattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.causalem.numeric.SingularMatrixException;
import org.causalem.numeric.SmallSolve;
import org.causalem.numeric.Stats;

/**
 * Calibrates column position uncertainties on the image itself. Fisher (shot-noise) errors know nothing of
 * the scan: line jitter, scan noise and fit mismatch scatter real columns several times more. So, per
 * sublattice:
 * <ol>
 *   <li>each column is predicted from its same-sublattice neighbours within 2.2 nearest-neighbour distances
 *       (at least 6) by a weighted local affine map of the lattice indices (leave-one-out, Gaussian weights),
 *       which follows smooth strain and scan distortion but not the column's own error (nor the curvature of
 *       a strong strain field over ±2 cells); the residual r has variance
 *       {@code σ²(1 + Σw²)} for independent errors of variance σ² (w the prediction weights);</li>
 *   <li>the line term: residuals of columns far apart (beyond 2.5 neighbour distances) but on nearly the
 *       same scan lines are correlated by the jitter they share; their mean product in 1-px bins of |Δy|
 *       gives the line variance (bin 0, corrected for the jitter the neighbours share with the column) and
 *       the correlation k(|Δy|) (up to 24 px);</li>
 *   <li>the scatter: the median of {@code r²/(1 + Σw²)} over 0.4549 (a robust variance), less the part of
 *       the line variance the local model already absorbs, is the per-column variance; its excess over the
 *       median Fisher variance is an instrument term added to every column.</li>
 * </ol>
 * Each column then reports {@code sqrt(fisher² + excess² + line²)} in x and y separately.
 *
 * <p>What it cannot tell: a real displacement that is independent from column to column (e.g. random
 * off-centring of a B column) is indistinguishable from measurement error in one image, and counts as
 * excess; smooth displacements (strain, domains, scan nonlinearity) do not.
 */
public final class PositionCalibration {
  static final double RADIUS_NN = 2.2;
  static final double FAR_NN = 2.5;
  static final int KERNEL_PX = 24;
  static final int MIN_COLUMNS = 20;
  static final int MIN_PAIRS = 20;
  /** Median of χ² with one degree of freedom: a robust variance is median(r²)/0.4549. */
  static final double CHI2_MEDIAN = 0.454936;
  /** Parameters of the local model: an affine map of the lattice indices. */
  private static final int NP = 3;

  private PositionCalibration() {}

  /**
   * @param x column x (px)
   * @param xErr Fisher standard errors (px); NaN for a failed fit
   * @param sigmaYPx fitted column widths along y (px): a column averages the line offsets over its rows, so two
   *     columns closer in y than their widths share most of their jitter (at least
   *     {@code exp(−Δy²/(4σ²))}, the correlation for independent lines)
   * @param lattice where each column sits
   */
  public static PositionErrors calibrate(double[] x, double[] y, double[] xErr, double[] yErr, double[] sigmaYPx, Lattice lattice) {
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
      int[] idx = members(lattice, s, x, y, xErr, yErr);
      Fit f = idx.length < MIN_COLUMNS ? null : fit(x, y, xErr, yErr, lattice, idx);
      String name = lattice.siteNames().get(s);
      if (f == null) {
        kx[s] = new double[] {1};
        ky[s] = new double[] {1};
        summary.add(new PositionErrors.Sublattice(name, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0, false));
        continue;
      }
      double width = medianWidth(sigmaYPx, lattice, s);
      kx[s] = withFloor(f.kernelX, width);
      ky[s] = withFloor(f.kernelY, width);
      for (int i : idx) {
        ex[i] = Math.sqrt(xErr[i] * xErr[i] + f.excessX * f.excessX + f.lineX * f.lineX);
        ey[i] = Math.sqrt(yErr[i] * yErr[i] + f.excessY * f.excessY + f.lineY * f.lineY);
        lx[i] = f.lineX;
        ly[i] = f.lineY;
      }
      // columns of the sublattice that had no local model (edges) get the same terms
      for (int i = 0; i < n; i++) {
        if (lattice.site()[i] != s || lx[i] != 0 || !Double.isFinite(xErr[i])) continue;
        ex[i] = Math.sqrt(xErr[i] * xErr[i] + f.excessX * f.excessX + f.lineX * f.lineX);
        ey[i] = Math.sqrt(yErr[i] * yErr[i] + f.excessY * f.excessY + f.lineY * f.lineY);
        lx[i] = f.lineX;
        ly[i] = f.lineY;
      }
      summary.add(new PositionErrors.Sublattice(name, f.columns, f.fisherX, f.fisherY, f.observedX, f.observedY,
          f.excessX, f.excessY, f.lineX, f.lineY, true));
    }
    return new PositionErrors(y.clone(), lattice.site().clone(), ex, ey, xErr.clone(), yErr.clone(), lx, ly, kx, ky, summary);
  }

  /** The line correlation is at least that of independent lines seen through a column of width {@code s}. */
  private static double[] withFloor(double[] kernel, double s) {
    if (!(s > 0)) return kernel;
    double[] k = Arrays.copyOf(kernel, KERNEL_PX);
    for (int b = 0; b < KERNEL_PX; b++) k[b] = Math.min(1, Math.max(k[b], Math.exp(-b * (double) b / (4 * s * s))));
    return k;
  }

  private static double medianWidth(double[] sigmaYPx, Lattice lattice, int s) {
    double[] v = new double[sigmaYPx.length];
    int c = 0;
    for (int i = 0; i < v.length; i++) if (lattice.site()[i] == s && Double.isFinite(sigmaYPx[i]) && sigmaYPx[i] > 0) v[c++] = sigmaYPx[i];
    return c == 0 ? Double.NaN : Stats.median(v, c);
  }

  private record Fit(int columns, double fisherX, double fisherY, double observedX, double observedY, double excessX,
                     double excessY, double lineX, double lineY, double[] kernelX, double[] kernelY) {}

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

  private static Fit fit(double[] x, double[] y, double[] xErr, double[] yErr, Lattice lattice, int[] idx) {
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
    int[] within = new int[1];
    // leave-one-out local affine predictions
    double[] rx = new double[m];
    double[] ry = new double[m];
    double[] infl = new double[m];
    int[][] nbr = new int[m][];
    double[][] wts = new double[m][];
    boolean[] ok = new boolean[m];
    double h2 = 2 * (0.6 * radius) * (0.6 * radius);
    int[] buf = new int[64];
    for (int k = 0; k < m; k++) {
      buf = grid.within(px[k], py[k], radius, buf, within);
      int c = 0;
      for (int t = 0; t < within[0]; t++) if (buf[t] != k) buf[c++] = buf[t];
      if (c < 6) continue;
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
        continue; // the neighbours do not span two lattice directions: no local fit here
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
    }
    int used = 0;
    for (boolean b : ok) if (b) used++;
    if (used < MIN_COLUMNS) return null;
    // line correlation from far pairs on nearly the same scan lines
    double[] kernelX = new double[KERNEL_PX];
    double[] kernelY = new double[KERNEL_PX];
    double[] c0 = linePairs(px, py, rx, ry, infl, ok, FAR_NN * nn, kernelX, kernelY);
    // the share of the line offset the neighbours already carry: s = Σ w·k(Δy), and what is left in r
    double[] line = new double[2];
    double[] absorbed = new double[2];
    lineShares(c0, kernelX, kernelY, py, infl, ok, nbr, wts, line, absorbed);
    double vx = robustVariance(rx, infl, ok);
    double vy = robustVariance(ry, infl, ok);
    double fx2 = medianSquare(xErr, idx, ok);
    double fy2 = medianSquare(yErr, idx, ok);
    // per-column variance: the scatter less the line variance it contains (capped so the line never exceeds it)
    double lxv = Math.min(line[0], absorbed[0] > 0 ? vx / absorbed[0] : 0);
    double lyv = Math.min(line[1], absorbed[1] > 0 ? vy / absorbed[1] : 0);
    double colX = vx - lxv * absorbed[0];
    double colY = vy - lyv * absorbed[1];
    double excessX = Math.sqrt(Math.max(0, colX - fx2));
    double excessY = Math.sqrt(Math.max(0, colY - fy2));
    double lineX = Math.sqrt(lxv);
    double lineY = Math.sqrt(lyv);
    return new Fit(used, Math.sqrt(fx2), Math.sqrt(fy2), Math.sqrt(colX + lxv), Math.sqrt(colY + lyv), excessX, excessY,
        lineX, lineY, lineX > 0 ? kernelX : new double[] {1}, lineY > 0 ? kernelY : new double[] {1});
  }

  /**
   * For each axis with a line covariance {@code c0[axis] > 0}: the line variance {@code line[axis]} (the bin-0
   * covariance over the share of it the leave-one-out residuals keep) and {@code absorbed[axis]}, the mean share of
   * the line variance left in a residual, scaled to unit inflation.
   */
  private static void lineShares(double[] c0, double[] kernelX, double[] kernelY, double[] py, double[] infl, boolean[] ok,
                                 int[][] nbr, double[][] wts, double[] line, double[] absorbed) {
    int m = ok.length;
    for (int axis = 0; axis < 2; axis++) {
      double[] ker = axis == 0 ? kernelX : kernelY;
      if (!(c0[axis] > 0)) continue;
      double keep = 0;
      double q = 0;
      int cnt = 0;
      for (int k = 0; k < m; k++) {
        if (!ok[k]) continue;
        double s = 0;
        double ss = 0;
        for (int t = 0; t < nbr[k].length; t++) {
          s += wts[k][t] * kern(ker, Math.abs(py[nbr[k][t]] - py[k]));
          for (int u = 0; u < nbr[k].length; u++) {
            ss += wts[k][t] * wts[k][u] * kern(ker, Math.abs(py[nbr[k][t]] - py[nbr[k][u]]));
          }
        }
        keep += (1 - s) * (1 - s);
        q += (1 - 2 * s + ss) / infl[k];
        cnt++;
      }
      keep /= cnt;
      line[axis] = keep > 0.05 ? c0[axis] / keep : 0;
      absorbed[axis] = q / cnt;
    }
  }

  /**
   * Mean products of residuals (each scaled to unit inflation) over pairs of columns farther apart than
   * {@code far}, binned by |Δy| in px; fills the normalised kernels and returns the bin-0 covariance (x, y),
   * NaN when too few pairs.
   */
  private static double[] linePairs(double[] px, double[] py, double[] rx, double[] ry, double[] infl, boolean[] ok, double far,
                                    double[] kernelX, double[] kernelY) {
    int m = px.length;
    Integer[] order = new Integer[m];
    for (int k = 0; k < m; k++) order[k] = k;
    Arrays.sort(order, (a, b) -> Double.compare(py[a], py[b]));
    double[] sxx = new double[KERNEL_PX];
    double[] syy = new double[KERNEL_PX];
    long[] cnt = new long[KERNEL_PX];
    double far2 = far * far;
    for (int a = 0; a < m; a++) {
      int i = order[a];
      if (!ok[i]) continue;
      for (int b = a + 1; b < m; b++) {
        int j = order[b];
        double dy = py[j] - py[i];
        if (dy >= KERNEL_PX) break;
        if (!ok[j] || sq(px[j] - px[i]) + dy * dy < far2) continue;
        int bin = (int) dy;
        sxx[bin] += rx[i] * rx[j];
        syy[bin] += ry[i] * ry[j];
        cnt[bin]++;
      }
    }
    double[] c0 = {Double.NaN, Double.NaN};
    if (cnt[0] < MIN_PAIRS) return c0;
    c0[0] = sxx[0] / cnt[0];
    c0[1] = syy[0] / cnt[0];
    normalise(sxx, cnt, c0[0], kernelX);
    normalise(syy, cnt, c0[1], kernelY);
    return c0;
  }

  /** k(b) = c(b)/c(0) within [0, 1], non-increasing, 0 from the first bin that is not positive or has too few pairs. */
  private static void normalise(double[] sum, long[] cnt, double c0, double[] kernel) {
    Arrays.fill(kernel, 0);
    if (!(c0 > 0)) return;
    kernel[0] = 1;
    for (int b = 1; b < kernel.length; b++) {
      if (cnt[b] < MIN_PAIRS) break;
      double v = sum[b] / cnt[b] / c0;
      if (!(v > 0)) break;
      kernel[b] = Math.min(v, kernel[b - 1]);
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
