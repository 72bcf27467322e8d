package org.causalem.lattice;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.causalem.image.ColumnFindingTestSupport;
import org.causalem.image.Columns;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.Structure;
import org.junit.jupiter.api.Test;

/**
 * On request ({@code -Dcausalem.jitterParts=SEEDS}, {@code -Dcausalem.jitterFirst=S}, {@code -Dcausalem.demoNull=true}
 * for the null scene): per geometric descriptor, its actual error over the cells (linearised through its five columns,
 * against the simulator's true apparent positions) split into the true line jitter the columns carry along x (the
 * simulator's per-line offsets averaged with {@link LineJitter}'s line weights), the rest along x and the error along
 * y, each against the part of the reported variance that claims it (line, Fisher x, Fisher y); and the fitted
 * lag-one correlation against the simulator's (the process's and the realised series'); the s.d. of a seed's
 * actual/reported ratio that the reported covariance itself implies ({@link #ratioSd}); and the reported variances
 * under variants of the line model (AR(1) fitted to the chained variogram, with and without the shared-line sill, and
 * to the simulator's true realised variogram).
 *
 * <p>Session 8 (before the chained variogram), null seeds 13-18: the y part is 1.03 0.91 1.10 1.06 1.28 1.09 of the
 * Fisher y variance and the x rest 0.92-1.20 of the Fisher x variance for b_px, so no term is missing along either
 * axis; what moves is the jitter part against the line term (b_px 1.01 1.38 1.54 1.17 1.19 1.24), a sample of one
 * realised jitter series: the cells share their scan lines, so a seed's ratio scatters with s.d. 0.21-0.25 (demo
 * 24 × 24 cells: 0.16-0.19; polarization_y 0.09 and 0.06) by the reported covariance itself. An AR(1) fitted to the
 * simulator's true realised variogram (lags 1-24) did no better per seed (demo seed 2 a_px 1.46, null b_px pooled
 * 1.07) and, without the shared-line sill, under-reported the demo's a_px 1.10× (the column-level transfer, not the
 * variogram). The null scene has no specimen disorder (its lattice and polarization noise are 0).
 */
class JitterDecompositionRun {
  private static final String[] D = {"a_px", "b_px", "polarization_x_px", "polarization_y_px"};

  @Test
  void decompose() {
    int seeds = Integer.getInteger("causalem.jitterParts", 0);
    assumeTrue(seeds > 0, "skipped: the run needs -Dcausalem.jitterParts=SEEDS");
    long first = Long.getLong("causalem.jitterFirst", 1);
    for (long seed = first; seed < first + seeds; seed++) System.out.println(run(seed));
  }

  static String run(long seed) {
    PositionCalibrationDemoRun.Fit fit = PositionCalibrationDemoRun.Fit.of(PositionCalibrationDemoRun.scene(seed));
    PerovskiteSimulator.Simulation sim = fit.sim();
    AtomsResult res = fit.res();
    Columns cols = res.columns();
    Structure truth = sim.structure();
    double[] mx = cols.measuredX();
    double[] my = cols.measuredY();
    int[] match = ColumnFindingTestSupport.matchOneToOne(truth.x(), truth.y(), mx, my, 3.0);
    double[] jit = sim.scan().lineJitterPx();
    LineJitter lj = LineJitter.measure(sim.image(), cols, res.lattice().site(), res.lattice().sites(), res.siteTest().radiusPx());
    int n = truth.size();
    double[] ex = new double[n];
    double[] ey = new double[n];
    double[] jx = new double[n];
    boolean[] ok = new boolean[n];
    for (int t = 0; t < n; t++) {
      int i = match[t];
      if (i < 0 || !Double.isFinite(mx[i]) || res.lattice().site()[i] < 0) continue;
      ex[t] = mx[i] - truth.x()[t];
      ey[t] = my[i] - truth.y()[t];
      jx[t] = rowMean(jit, truth.y()[t], lj.rowWeights()[res.lattice().site()[i]]);
      ok[t] = true;
    }
    PositionErrors meas = res.positionErrors().measurementOnly();
    double[] zero = new double[meas.size()];
    PositionErrors fx = PositionErrors.fisherOnly(meas.y(), meas.xErrFisher(), zero);
    PositionErrors fy = PositionErrors.fisherOnly(meas.y(), zero, meas.yErrFisher());
    int rows = sim.cells().aPx().length;
    int cc = sim.cells().aPx()[0].length;
    int nA = (rows + 1) * (cc + 1);
    double[][] acc = new double[D.length][16];
    java.util.List<java.util.List<double[][]>> cells = new java.util.ArrayList<>();
    for (int d = 0; d < D.length; d++) cells.add(new java.util.ArrayList<>());
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cc; j++) {
        int[] t = {i * (cc + 1) + j, i * (cc + 1) + j + 1, (i + 1) * (cc + 1) + j, (i + 1) * (cc + 1) + j + 1, nA + i * cc + j};
        boolean all = true;
        for (int k : t) all &= ok[k];
        if (!all) continue;
        int[] idx = new int[5];
        double[] px = new double[5];
        double[] py = new double[5];
        for (int k = 0; k < 5; k++) {
          idx[k] = match[t[k]];
          px[k] = truth.x()[t[k]];
          py[k] = truth.y()[t[k]];
        }
        double[][][] g = gradients(px, py);
        double[] none = new double[5];
        for (int d = 0; d < D.length; d++) {
          double[] gx = g[0][d];
          double[] gy = g[1][d];
          double all2 = 0;
          double jp = 0;
          double rx = 0;
          double yp = 0;
          for (int k = 0; k < 5; k++) {
            all2 += gx[k] * ex[t[k]] + gy[k] * ey[t[k]];
            jp += gx[k] * jx[t[k]];
            rx += gx[k] * (ex[t[k]] - jx[t[k]]);
            yp += gy[k] * ey[t[k]];
          }
          double repAll = meas.combinationVariance(idx, gx, gy);
          double repFx = fx.combinationVariance(idx, gx, none);
          double repFy = fy.combinationVariance(idx, none, gy);
          double[] v = {1, all2, all2 * all2, jp, jp * jp, rx, rx * rx, yp, yp * yp, repAll, repFx, repFy, repAll - repFx - repFy};
          for (int k = 0; k < v.length; k++) acc[d][k] += v[k];
          cells.get(d).add(new double[][] {toDouble(idx), gx.clone(), gy.clone()});
        }
      }
    }
    StringBuilder b = new StringBuilder(String.format("seed %d%s: jitter var %.4f lag-one %.3f (process %.3f, realised %.3f, realised var %.4f)", seed,
        Boolean.getBoolean("causalem.demoNull") ? " null" : "", lj.variancePx2(), lj.lagOne(), sim.scan().distortion().jitterLagOneCorrelation(), PositionCalibrationDemoRun.realisedLagOne(jit), variance(jit)));
    double sx = 0;
    double sy = 0;
    int nx = 0;
    for (int i = 0; i < cols.size(); i++) if (cols.converged(i)) { sx += cols.sigmaXPx(i); sy += cols.sigmaYPx(i); nx++; }
    int half = (int) Math.max(3, Math.min(6, Math.round(1.5 * sy / nx)));
    int hw = (int) Math.max(3, Math.ceil(2 * sx / nx));
    double[][] sh = LineJitter.lineShifts(sim.image(), cols, res.lattice().site(), res.lattice().sites(), half, hw);
    LineJitter.removeCommonPattern(sh, res.lattice().site(), res.lattice().sites(), half);
    double[] chained = LineJitter.chainedVariogram(sh, cols.x(), cols.y(), res.lattice().site(), sim.image().height(), half, 30);
    double[] tg = new double[30];
    for (int tau = 1; tau <= 30; tau++) {
      double g = 0;
      for (int l = 0; l + tau < jit.length; l++) g += sq(jit[l + tau] - jit[l]) / 2;
      tg[tau - 1] = g / (jit.length - tau);
    }
    b.append(variants(res, cols, lj, sh, chained, tg, half, cells));
    b.append(" | H ").append(half).append(" within ").append(fmt(lj.variogram())).append(" chained ").append(fmt(chained)).append(" true ").append(fmt(tg));
    for (int d = 0; d < D.length; d++) {
      double[] a = acc[d];
      double c = a[0];
      double all = a[2] / c - sq(a[1] / c);
      double jv = a[4] / c - sq(a[3] / c);
      double rv = a[6] / c - sq(a[5] / c);
      double yv = a[8] / c - sq(a[7] / c);
      b.append(String.format(" | %s expected s.d. of the ratio %.3f", D[d], ratioSd(meas, cells.get(d))));
      b.append(String.format(" | %s n %d actual %.5f rep %.5f (%.2f); jitter %.5f line %.5f (%.2f); x rest %.5f fisher x %.5f (%.2f);"
          + " y %.5f fisher y %.5f (%.2f)", D[d], (int) c, all, a[9] / c, all / (a[9] / c), jv, a[12] / c, jv / (a[12] / c), rv, a[10] / c,
          rv / (a[10] / c), yv, a[11] / c, yv / (a[11] / c)));
    }
    return b.toString();
  }

  /** {gx, gy}[descriptor][column]: a, b, polarization x and y of a cell (corners 00, 01, 10, 11, B at the centre). */
  private static double[][][] gradients(double[] px, double[] py) {
    double[][][] g = new double[2][D.length][5];
    double h = 1e-4;
    for (int k = 0; k < 5; k++) {
      for (int axis = 0; axis < 2; axis++) {
        double[] c = axis == 0 ? px : py;
        double keep = c[k];
        c[k] = keep + h;
        double[] up = geometry(px, py);
        c[k] = keep - h;
        double[] down = geometry(px, py);
        c[k] = keep;
        for (int d = 0; d < D.length; d++) g[axis][d][k] = (up[d] - down[d]) / (2 * h);
      }
    }
    return g;
  }

  private static double[] geometry(double[] x, double[] y) {
    double a = (Math.hypot(x[1] - x[0], y[1] - y[0]) + Math.hypot(x[3] - x[2], y[3] - y[2])) / 2;
    double b = (Math.hypot(x[2] - x[0], y[2] - y[0]) + Math.hypot(x[3] - x[1], y[3] - y[1])) / 2;
    double px = x[4] - (x[0] + x[1] + x[2] + x[3]) / 4;
    double py = y[4] - (y[0] + y[1] + y[2] + y[3]) / 4;
    return new double[] {a, b, px, py};
  }

  private static double rowMean(double[] jit, double ty, double[] w) {
    int hr = w.length / 2;
    int y0 = (int) Math.round(ty);
    double s = 0;
    double sw = 0;
    for (int k = 0; k < w.length; k++) {
      int l = y0 - hr + k;
      if (l < 0 || l >= jit.length) continue;
      s += w[k] * jit[l];
      sw += w[k];
    }
    return s / sw;
  }


  private static double variance(double[] j) {
    double m = 0;
    for (double v : j) m += v / j.length;
    double c0 = 0;
    for (double v : j) c0 += sq(v - m) / j.length;
    return c0;
  }

  /**
   * The s.d. of a seed's actual/reported ratio the reported covariance itself implies for Gaussian errors: the cells'
   * errors are correlated through shared columns and scan lines, so the sample variance over N cells scatters as
   * {@code sqrt(2 tr(Σ²))/tr(Σ)}, Σ their N × N covariance.
   */
  private static double ratioSd(PositionErrors e, java.util.List<double[][]> cells) {
    int n = cells.size();
    double tr = 0;
    double tr2 = 0;
    for (int u = 0; u < n; u++) {
      double[][] a = cells.get(u);
      for (int v = u; v < n; v++) {
        double[][] c = cells.get(v);
        double s = 0;
        for (int k = 0; k < 5; k++) {
          for (int l = 0; l < 5; l++) {
            s += a[1][k] * c[1][l] * e.covX((int) a[0][k], (int) c[0][l]) + a[2][k] * c[2][l] * e.covY((int) a[0][k], (int) c[0][l]);
          }
        }
        if (u == v) tr += s;
        tr2 += (u == v ? 1 : 2) * s * s;
      }
    }
    return Math.sqrt(2 * tr2) / tr;
  }

  /**
   * actual/reported per descriptor for variants of the line model: the pipeline's; AR(1) fitted to the chained
   * variogram over lags 1-24 (weights 1/τ, uniform), with and without the shared-line sill; and fitted to the true
   * realised variogram (the best an AR(1) can do).
   */
  private static String variants(AtomsResult res, Columns cols, LineJitter lj, double[][] sh, double[] chained, double[] tg, int half,
                                 java.util.List<java.util.List<double[][]>> cells) {
    double[] c24 = java.util.Arrays.copyOf(chained, 24);
    double[] t24 = java.util.Arrays.copyOf(tg, 24);
    double[][] fits = {fit(c24, false), fit(c24, true), fit(t24, true), fit(java.util.Arrays.copyOf(chained, 12), true)};
    String[] names = {"chained 1/tau", "chained uniform", "true uniform", "chained12 uniform"};
    StringBuilder b = new StringBuilder(" | variants:");
    b.append(" pipeline ").append(ratios(res.positionErrors().measurementOnly(), cells));
    for (int v = 0; v < fits.length; v++) {
      LineJitter m = new LineJitter(fits[v][0], fits[v][1], lj.variogram(), lj.rowWeights());
      double scale = m.sharedLineScale(sh, cols.y(), res.lattice().site(), half);
      PositionErrors pe = PositionCalibration.calibrate(cols.measuredX(), cols.measuredY(), cols.xErrPx(), cols.yErrPx(), res.lattice(), m);
      b.append(String.format(" ; %s var %.4f rho %.3f: %s", names[v], fits[v][0], fits[v][1], ratios(pe.measurementOnly(), cells)));
      if (v < 2) {
        LineJitter ms = new LineJitter(fits[v][0] * scale, fits[v][1], lj.variogram(), lj.rowWeights());
        PositionErrors ps = PositionCalibration.calibrate(cols.measuredX(), cols.measuredY(), cols.xErrPx(), cols.yErrPx(), res.lattice(), ms);
        b.append(String.format(" ; +shared (scale %.2f): %s", scale, ratios(ps.measurementOnly(), cells)));
      }
    }
    return b.toString();
  }

  private static String ratios(PositionErrors e, java.util.List<java.util.List<double[][]>> cells) {
    StringBuilder b = new StringBuilder();
    for (int d = 0; d < D.length; d++) {
      double rep = 0;
      for (double[][] c : cells.get(d)) rep += e.combinationVariance(toInt(c[0]), c[1], c[2]);
      b.append(String.format("%s=%.4f ", D[d].substring(0, Math.min(6, D[d].length())), rep / cells.get(d).size()));
    }
    return b.toString();
  }

  private static int[] toInt(double[] v) {
    int[] out = new int[v.length];
    for (int k = 0; k < v.length; k++) out[k] = (int) v[k];
    return out;
  }

  /** σ²(1 − ρ^τ) least squares, ρ on a grid of 0.005 in [0, 0.95]. */
  static double[] fit(double[] g, boolean uniform) {
    double best = Double.POSITIVE_INFINITY;
    double[] out = {0, 0};
    for (int k = 0; k <= 190; k++) {
      double rho = k * 0.005;
      double sgf = 0;
      double sff = 0;
      double sgg = 0;
      for (int t = 0; t < g.length; t++) {
        if (Double.isNaN(g[t])) continue;
        double w = uniform ? 1 : 1.0 / (t + 1);
        double f = 1 - Math.pow(rho, t + 1);
        sgf += w * g[t] * f;
        sff += w * f * f;
        sgg += w * g[t] * g[t];
      }
      double v = sgf / sff;
      double sse = sgg - 2 * v * sgf + v * v * sff;
      if (sse < best) {
        best = sse;
        out = new double[] {v, rho};
      }
    }
    return out;
  }

  private static double[] toDouble(int[] v) {
    double[] out = new double[v.length];
    for (int k = 0; k < v.length; k++) out[k] = v[k];
    return out;
  }

  private static String fmt(double[] v) {
    StringBuilder b = new StringBuilder("[");
    for (double d : v) b.append(String.format("%.4f ", d));
    return b.append("]").toString();
  }

  private static double sq(double v) { return v * v; }
}
