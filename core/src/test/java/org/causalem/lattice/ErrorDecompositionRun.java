package org.causalem.lattice;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.causalem.image.ColumnFindingTestSupport;
import org.causalem.image.Columns;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.ScanDistortion;
import org.causalem.simulate.Structure;
import org.junit.jupiter.api.Test;

/**
 * On request ({@code -Dcausalem.decompose=SEEDS}): where a_px's actual error on the demo scene comes from. Per
 * column, the actual error (fitted − true apparent position) is split into the true line jitter it carries (the
 * simulator's per-line offsets averaged with Gaussian weights of s.d. 0.85·σy over the column's lines) and the rest;
 * per cell, a_px's error (linearised through the four corners) into the same two parts, against the reported
 * Fisher and line parts of {@code errcov_a_px_a_px}.
 */
class ErrorDecompositionRun {
  @Test
  void decompose() {
    int seeds = Integer.getInteger("causalem.decompose", 0);
    assumeTrue(seeds > 0, "skipped: the run needs -Dcausalem.decompose=SEEDS");
    long first = Long.getLong("causalem.decomposeFirst", 1);
    for (long seed = first; seed < first + seeds; seed++) System.out.println(run(seed));
  }

  static String run(long seed) {
    FerroicScenario.Options scene = PositionCalibrationDemoRun.scene(seed);
    if (Boolean.getBoolean("causalem.noJitter")) scene = scene.withDistortion(ScanDistortion.realistic().withJitter(0, 0));
    if (Boolean.getBoolean("causalem.noTail")) scene = scene.withDistortion(ScanDistortion.realistic().withProbeTail(0, 3, 0, 0));
    PositionCalibrationDemoRun.Fit fit = PositionCalibrationDemoRun.Fit.of(scene);
    PerovskiteSimulator.Simulation sim = fit.sim();
    AtomsResult res = fit.res();
    Columns cols = res.columns();
    Structure truth = sim.structure();
    double[] mx = cols.measuredX();
    double[] my = cols.measuredY();
    int[] match = ColumnFindingTestSupport.matchOneToOne(truth.x(), truth.y(), mx, my, 3.0);
    double[] jit = sim.scan().lineJitterPx();
    int n = truth.size();
    double[] ex = new double[n];
    double[] ey = new double[n];
    double[] jx = new double[n];
    boolean[] ok = new boolean[n];
    double sy = 0;
    int ns = 0;
    for (int i = 0; i < cols.size(); i++) if (cols.converged(i)) { sy += cols.sigmaYPx(i); ns++; }
    sy /= ns;
    for (int t = 0; t < n; t++) {
      int i = match[t];
      if (i < 0 || !Double.isFinite(mx[i])) continue;
      ex[t] = mx[i] - truth.x()[t];
      ey[t] = my[i] - truth.y()[t];
      double ty = truth.y()[t];
      double sw = 0;
      double sj = 0;
      for (int l = (int) ty - 10; l <= (int) ty + 11; l++) {
        if (l < 0 || l >= jit.length) continue;
        double w = Math.exp(-(l - ty) * (l - ty) / (2 * 0.85 * 0.85 * sy * sy));
        sw += w;
        sj += w * jit[l];
      }
      jx[t] = sj / sw;
      ok[t] = true;
    }
    PositionErrors pe = res.positionErrors();
    PositionErrors meas = pe.measurementOnly();
    StringBuilder b = new StringBuilder("seed " + seed + ":");
    for (int s = 0; s < 2; s++) {
      double[] st = new double[8];
      for (int t = 0; t < n; t++) {
        if (!ok[t] || truth.sublattice()[t] != s) continue;
        int i = match[t];
        double r = ex[t] - jx[t];
        st[0]++;
        st[1] += ex[t];
        st[2] += ex[t] * ex[t];
        st[3] += jx[t] * jx[t];
        st[4] += r;
        st[5] += r * r;
        st[6] += pe.xErrFisher()[i] * pe.xErrFisher()[i];
        st[7] += ey[t] * ey[t];
      }
      double c = st[0];
      PositionErrors.Sublattice sub = pe.sublattices().get(s);
      b.append(String.format(" | %s n %d var ex %.4f jit %.4f rest %.4f fisher2 %.4f ey2 %.4f; model line %.4f excess %.4f/%.4f",
          s == 0 ? "A" : "B", (int) c, st[2] / c - sq(st[1] / c), st[3] / c, st[5] / c - sq(st[4] / c), st[6] / c, st[7] / c,
          sq(sub.lineX()), sq(sub.excessX()), sq(sub.excessY())));
    }
    b.append(cells(sim, truth, match, mx, my, ex, ey, jx, ok, pe, meas));
    b.append(edges(sim, truth, match, ex, jit, sy, ok, pe));
    LineJitter lj = LineJitter.measure(sim.image(), cols, res.lattice().site(), res.lattice().sites(), res.siteTest().radiusPx());
    double[] tg = new double[8];
    double tv = 0;
    for (int l = 0; l < jit.length; l++) tv += jit[l] * jit[l] / jit.length;
    for (int tau = 1; tau <= 8; tau++) {
      double g = 0;
      for (int l = 0; l + tau < jit.length; l++) g += sq(jit[l + tau] - jit[l]) / 2;
      tg[tau - 1] = Math.round(g / (jit.length - tau) * 10000) / 10000.0;
    }
    double[] w = lj.rowWeights()[0];
    int hr = w.length / 2;
    double sd = 0;
    for (int k = 0; k < w.length; k++) sd += w[k] * sq(k - hr);
    double[] g20 = new double[30];
    for (int tau = 1; tau < 30; tau++) {
      double g = 0;
      for (int l = 0; l + tau < jit.length; l++) g += sq(jit[l + tau] - jit[l]) / 2;
      g20[tau] = g / (jit.length - tau);
    }
    double[] dd = new double[8];
    int[] dn = new int[8];
    double dm = 0;
    int m = 0;
    int rows = sim.cells().aPx().length;
    int cc = sim.cells().aPx()[0].length;
    for (int i = 0; i <= rows; i++) {
      for (int j = 0; j < cc; j++) {
        int p = i * (cc + 1) + j;
        if (!ok[p] || !ok[p + 1]) continue;
        double v = sq(rowMean(jit, truth.y()[p + 1], w) - rowMean(jit, truth.y()[p], w));
        dm += v;
        m++;
        int del = (int) Math.abs(Math.round(truth.y()[p + 1]) - Math.round(truth.y()[p]));
        if (del < 8) {
          dd[del] += v;
          dn[del]++;
        }
      }
    }
    for (int del = 3; del <= 6; del++) {
      double fr = 0;
      double fm = 0;
      for (int i = 0; i < w.length; i++) {
        for (int j = 0; j < w.length; j++) {
          fr += w[i] * w[j] * (2 * g20[Math.abs(del + i - j)] - 2 * g20[Math.abs(i - j)]);
          fm += w[i] * w[j] * 2 * lj.variancePx2() * (Math.pow(lj.lagOne(), Math.abs(i - j)) - Math.pow(lj.lagOne(), Math.abs(del + i - j)));
        }
      }
      b.append(String.format(" [dy %d: n %d direct %.4f realised-gamma %.4f model %.4f]", del, dn[del], dd[del] / Math.max(1, dn[del]), fr, fm));
    }
    b.append(String.format(" || sigmaY %.2f true jitter var %.4f variogram %s measured %s; model weights sd %.2f, true jitter diff with them %.4f",
        sy, tv, java.util.Arrays.toString(tg), java.util.Arrays.toString(java.util.Arrays.stream(lj.variogram()).map(v -> Math.round(v * 10000) / 10000.0).toArray()),
        Math.sqrt(sd), dm / m));
    b.append(variants(sim, truth, match, ex, ok, pe, res));
    b.append(sharedLines(sim, truth, match, ex, ok, pe, res));
    b.append(String.format(" || jitter var %.4f lag-one %.2f kernel A %s", lj.variancePx2(), lj.lagOne(),
        java.util.Arrays.toString(java.util.Arrays.stream(lj.kernel(0, 8)).map(v -> Math.round(v * 1000) / 1000.0).toArray())));
    return b.toString();
  }

  /** a_px's actual error parts over the cells whose five columns were matched. */
  private static String cells(PerovskiteSimulator.Simulation sim, Structure truth, int[] match, double[] mx, double[] my, double[] ex,
                              double[] ey, double[] jx, boolean[] ok, PositionErrors pe, PositionErrors meas) {
    int rows = sim.cells().aPx().length;
    int cc = sim.cells().aPx()[0].length;
    int nA = (rows + 1) * (cc + 1);
    PositionErrors fisher = PositionErrors.fisherOnly(pe.y(), pe.xErrFisher(), pe.yErrFisher());
    double[] acc = new double[16];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cc; j++) {
        int[] t = {i * (cc + 1) + j, i * (cc + 1) + j + 1, (i + 1) * (cc + 1) + j, (i + 1) * (cc + 1) + j + 1, nA + i * cc + j};
        boolean all = true;
        for (int k : t) all &= ok[k];
        if (!all) continue;
        int[] idx = new int[5];
        for (int k = 0; k < 5; k++) idx[k] = match[t[k]];
        double l1x = truth.x()[t[1]] - truth.x()[t[0]];
        double l1y = truth.y()[t[1]] - truth.y()[t[0]];
        double l2x = truth.x()[t[3]] - truth.x()[t[2]];
        double l2y = truth.y()[t[3]] - truth.y()[t[2]];
        double n1 = Math.hypot(l1x, l1y);
        double n2 = Math.hypot(l2x, l2y);
        double[] gx = {-l1x / n1 / 2, l1x / n1 / 2, -l2x / n2 / 2, l2x / n2 / 2, 0};
        double[] gy = {-l1y / n1 / 2, l1y / n1 / 2, -l2y / n2 / 2, l2y / n2 / 2, 0};
        double aMeas = (Math.hypot(mx[idx[1]] - mx[idx[0]], my[idx[1]] - my[idx[0]]) + Math.hypot(mx[idx[3]] - mx[idx[2]], my[idx[3]] - my[idx[2]])) / 2;
        double actual = aMeas - sim.cells().aPx()[i][j];
        double lin = 0;
        double ej = 0;
        for (int k = 0; k < 4; k++) {
          lin += gx[k] * ex[t[k]] + gy[k] * ey[t[k]];
          ej += gx[k] * jx[t[k]];
        }
        double er = lin - ej;
        double repF = fisher.combinationVariance(idx, gx, gy);
        double repM = meas.combinationVariance(idx, gx, gy);
        double repAll = pe.combinationVariance(idx, gx, gy);
        // the rest along y and along x separately
        double erx = 0;
        double ery = 0;
        for (int k = 0; k < 4; k++) {
          erx += gx[k] * (ex[t[k]] - jx[t[k]]);
          ery += gy[k] * ey[t[k]];
        }
        double[] v = {1, actual, actual * actual, lin * lin, ej, ej * ej, er, er * er, ej * er, repF, repM - repF, repAll - repM, erx * erx, ery * ery,
            erx, ery};
        for (int k = 0; k < v.length; k++) acc[k] += v[k];
      }
    }
    double c = acc[0];
    double va = acc[2] / c - sq(acc[1] / c);
    double vj = acc[5] / c - sq(acc[4] / c);
    double vr = acc[7] / c - sq(acc[6] / c);
    double cjr = acc[8] / c - acc[4] / c * acc[6] / c;
    return String.format(" || a_px cells %d actual %.4f (lin %.4f) = jitter %.4f + rest %.4f + 2cov %.4f [rest x %.4f y %.4f];"
            + " reported fisher %.4f line %.4f (sum %.4f, ratio %.2f) excess %.4f; rest/fisher %.2f jitter/line %.2f",
        (int) c, va, acc[3] / c, vj, vr, 2 * cjr, acc[12] / c - sq(acc[14] / c), acc[13] / c - sq(acc[15] / c), acc[9] / c, acc[10] / c,
        (acc[9] + acc[10]) / c, va / ((acc[9] + acc[10]) / c), acc[11] / c, vr / (acc[9] / c), vj / (acc[10] / c));
  }

  /**
   * Along x, the A edges (i, j)–(i, j + 1): actual variance of the difference of the two columns' x errors, the true
   * jitter's difference under Gaussian weights of s.d. f·σy (f = 0.6, 0.71, 0.85, 1.0), the model's line and Fisher parts.
   */
  private static String edges(PerovskiteSimulator.Simulation sim, Structure truth, int[] match, double[] ex, double[] jit, double sy,
                              boolean[] ok, PositionErrors pe) {
    int rows = sim.cells().aPx().length;
    int cc = sim.cells().aPx()[0].length;
    double[] f = {0.6, 0.71, 0.85, 1.0};
    double[] acc = new double[8 + f.length];
    for (int i = 0; i <= rows; i++) {
      for (int j = 0; j < cc; j++) {
        int p = i * (cc + 1) + j;
        int q = p + 1;
        if (!ok[p] || !ok[q]) continue;
        double d = ex[q] - ex[p];
        int mp = match[p];
        int mq = match[q];
        double line = sq(pe.xLine()[mp]) + sq(pe.xLine()[mq]) - 2 * pe.covX(mp, mq);
        double fis = sq(pe.xErrFisher()[mp]) + sq(pe.xErrFisher()[mq]);
        acc[0]++;
        acc[1] += d;
        acc[2] += d * d;
        acc[3] += line;
        acc[4] += fis;
        acc[5] += Math.abs(truth.y()[q] - truth.y()[p]);
        for (int k = 0; k < f.length; k++) {
          double dj = weighted(jit, truth.y()[q], f[k] * sy) - weighted(jit, truth.y()[p], f[k] * sy);
          acc[8 + k] += dj * dj;
        }
      }
    }
    double c = acc[0];
    StringBuilder b = new StringBuilder(String.format(" || A edges %d |dy| %.2f var dx actual %.4f model line %.4f fisher %.4f (sum %.4f); true jitter diff",
        (int) c, acc[5] / c, acc[2] / c - sq(acc[1] / c), acc[3] / c, acc[4] / c, (acc[3] + acc[4]) / c));
    for (int k = 0; k < f.length; k++) b.append(String.format(" f%.2f %.4f", f[k], acc[8 + k] / c));
    return b.toString();
  }

  /**
   * Per variant of {@link LineJitter} (window radius, lines per column), the model's variance of the line offset
   * difference of the two columns of an A edge, against the actual (x error difference less the Fisher parts).
   */
  private static String variants(PerovskiteSimulator.Simulation sim, Structure truth, int[] match, double[] ex, boolean[] ok,
                                 PositionErrors pe, AtomsResult res) {
    double radius = res.siteTest().radiusPx();
    int rows = sim.cells().aPx().length;
    int cc = sim.cells().aPx()[0].length;
    StringBuilder b = new StringBuilder(String.format(" || window %.2f;", radius));
    double[][] cfg = {{radius, 3}, {radius, 4}};
    double act = 0;
    boolean first = true;
    for (double[] c : cfg) {
      LineJitter lj = LineJitter.measure(sim.image(), res.columns(), res.lattice().site(), res.lattice().sites(), c[0], (int) c[1]);
      double[][] k = {lj.kernel(0, 40)};
      double v = lj.columnVariance(0);
      double model = 0;
      double a = 0;
      double a2 = 0;
      int m = 0;
      for (int i = 0; i <= rows; i++) {
        for (int j = 0; j < cc; j++) {
          int p = i * (cc + 1) + j;
          if (!ok[p] || !ok[p + 1]) continue;
          double d = ex[p + 1] - ex[p];
          a += d;
          a2 += d * d - sq(pe.xErrFisher()[match[p]]) - sq(pe.xErrFisher()[match[p + 1]]);
          model += 2 * v * (1 - PositionErrors.k(k, 0, Math.abs(truth.y()[p + 1] - truth.y()[p])));
          m++;
        }
      }
      act = a2 / m - sq(a / m);
      if (first) b.append(String.format(" actual edge jitter %.4f;", act));
      first = false;
      b.append(String.format(" [R %.1f H %d: var %.4f rho %.2f col %.4f edge %.4f (%.2f)]", c[0], (int) c[1], lj.variancePx2(), lj.lagOne(), v,
          model / m, act / (model / m)));
    }
    return b.toString();
  }

  /**
   * The shared-line estimate of an A edge's error-difference variance: two columns crossing the same scan line l see
   * the same offset J(l), so the difference of their line shifts (each against its own fitted centre) is the difference
   * of their centres' errors plus the lines' counting noise; products over two different shared lines cancel that noise
   * and leave {@code E[(e_q − e_p)²] − 2(F_p + F_q)} for Fisher-weighted centres.
   */
  private static String sharedLines(PerovskiteSimulator.Simulation sim, Structure truth, int[] match, double[] ex, boolean[] ok,
                                    PositionErrors pe, AtomsResult res) {
    int half = 3;
    double[][] sh = LineJitter.lineShifts(sim.image(), res.columns(), res.lattice().site(), res.lattice().sites(), half, 5);
    LineJitter.removeCommonPattern(sh, res.lattice().site(), res.lattice().sites(), half);
    int rows = sim.cells().aPx().length;
    int cc = sim.cells().aPx()[0].length;
    double act = 0;
    double act1 = 0;
    double prod = 0;
    double fis = 0;
    int m = 0;
    double[] cy = res.columns().y();
    for (int i = 0; i <= rows; i++) {
      for (int j = 0; j < cc; j++) {
        int p = i * (cc + 1) + j;
        if (!ok[p] || !ok[p + 1]) continue;
        int mp = match[p];
        int mq = match[p + 1];
        int yp = (int) Math.round(cy[mp]);
        int yq = (int) Math.round(cy[mq]);
        double[] d = new double[2 * half + 1];
        int nd = 0;
        for (int l = Math.max(yp, yq) - half; l <= Math.min(yp, yq) + half; l++) {
          double v = sh[mp][l - yp + half] - sh[mq][l - yq + half];
          if (Double.isFinite(v)) d[nd++] = v;
        }
        if (nd < 2) continue;
        double sum = 0;
        double sq2 = 0;
        for (int k = 0; k < nd; k++) {
          sum += d[k];
          sq2 += d[k] * d[k];
        }
        prod += (sum * sum - sq2) / (nd * (nd - 1.0));
        double e = ex[p + 1] - ex[p];
        act += e * e;
        act1 += e;
        fis += sq(pe.xErrFisher()[mp]) + sq(pe.xErrFisher()[mq]);
        m++;
      }
    }
    return String.format(" || shared lines: %d edges, actual E[de^2] %.4f (var %.4f), fisher %.4f, mean D1D2 %.4f, +2F %.4f, +F %.4f", m, act / m,
        act / m - sq(act1 / m), fis / m, prod / m, prod / m + 2 * fis / m, prod / m + fis / m);
  }

  /** The jitter averaged with weights w at integer offsets from the rounded centre, as {@link LineJitter}'s model. */
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

  private static double weighted(double[] jit, double ty, double s) {
    double sw = 0;
    double sj = 0;
    for (int l = (int) ty - 12; l <= (int) ty + 13; l++) {
      if (l < 0 || l >= jit.length) continue;
      double w = Math.exp(-(l - ty) * (l - ty) / (2 * s * s));
      sw += w;
      sj += w * jit[l];
    }
    return sj / sw;
  }

  private static double sq(double v) { return v * v; }
}
