package org.causalem.lattice;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.causalem.image.ColumnFindingTestSupport;
import org.causalem.image.Columns;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.Structure;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * On request ({@code -Dcausalem.errCov=SEEDS}, {@code -Dcausalem.errCovFirst=S}, {@code -Dcausalem.demoNull=true} for
 * the null scene, {@code -Dcausalem.errCovOut=FILE} for one CSV line per seed and pair): the reported measurement-error
 * covariance of every pair of {@link UnitCells#GEOMETRIC} descriptors (the mean of the cells' {@code errcov_} columns)
 * against the realised one, the sample covariance over the complete cells of measured − true descriptor (simulator's
 * apparent cells, line jitter not applied). Per seed and pair it writes: the realised covariance; the reported mean and
 * its line and Fisher parts; what the reported model expects of a sample covariance (the mean over the cells less the
 * mean covariance between cells, which the sample mean takes out); the observed covariance of the measured descriptors;
 * and the realised covariance of the linearised errors (gradients at the true cell × fitted − true column positions),
 * whole and with the column errors along x replaced by the simulator's true line jitter the column carries (its line
 * offsets under {@link LineJitter}'s row weights).
 */
class ErrorCovarianceRun {
  static final String[] D = {"a_px", "b_px", "gamma_deg", "polarization_x_px", "polarization_y_px"};

  @Test
  void calibrate() throws IOException {
    int seeds = Integer.getInteger("causalem.errCov", 0);
    assumeTrue(seeds > 0, "skipped: the run needs -Dcausalem.errCov=SEEDS");
    long first = Long.getLong("causalem.errCovFirst", 1);
    Path out = Path.of(System.getProperty("causalem.errCovOut", "target/errcov.csv"));
    boolean header = !Files.exists(out);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND))) {
      if (header) w.println("scene,seed,d1,d2,n,realised,reported,reported_line,reported_fisher,expected_sample,observed,linearised,linearised_jitter");
      for (long seed = first; seed < first + seeds; seed++) {
        long t0 = System.nanoTime();
        for (String line : run(seed)) w.println(line);
        w.flush();
        System.out.printf("seed %d done in %.1f s%n", seed, (System.nanoTime() - t0) / 1e9);
      }
    }
  }

  static List<String> run(long seed) {
    org.causalem.simulate.FerroicScenario.Options sceneOptions = PositionCalibrationDemoRun.scene(seed);
    // -Dcausalem.errCovScan=none|nojitter: the same scene through an ideal scan, or the realistic one without line jitter
    String scan = System.getProperty("causalem.errCovScan", "realistic");
    if (scan.equals("none")) sceneOptions = sceneOptions.withDistortion(org.causalem.simulate.ScanDistortion.none());
    if (scan.equals("nojitter")) sceneOptions = sceneOptions.withDistortion(org.causalem.simulate.ScanDistortion.realistic().withJitter(0, 0));
    PositionCalibrationDemoRun.Fit fit = PositionCalibrationDemoRun.Fit.of(sceneOptions);
    PerovskiteSimulator.Simulation sim = fit.sim();
    AtomsResult res = fit.res();
    String scene = Boolean.getBoolean("causalem.demoNull") ? "null" : "demo";
    int nd = D.length;
    // the table: measured - true per complete cell, reported errcov, observed descriptors
    DescriptorTable cells = res.cells();
    PerovskiteSimulator.CellTruth t = sim.cells();
    double[][][] tr = {t.aPx(), t.bPx(), t.gammaDeg(), t.polarizationXPx(), t.polarizationYPx()};
    double[] cx = cells.column("x_px");
    double[] cy = cells.column("y_px");
    double[] missing = cells.column("missing_sites");
    List<double[]> err = new ArrayList<>();
    List<double[]> obs = new ArrayList<>();
    List<double[]> rep = new ArrayList<>();
    for (int k = 0; k < cx.length; k++) {
      if (missing[k] != 0) continue;
      int[] ij = PerovskiteAtomsTest.nearestCell(t, cx[k], cy[k]);
      if (ij == null) continue;
      double[] e = new double[nd];
      double[] o = new double[nd];
      double[] r = new double[nd * nd];
      boolean ok = true;
      for (int d = 0; d < nd; d++) {
        o[d] = cells.column(D[d])[k];
        e[d] = o[d] - tr[d][ij[0]][ij[1]];
        ok &= Double.isFinite(e[d]);
        for (int d2 = 0; d2 < nd; d2++) {
          r[d * nd + d2] = cells.column(UnitCells.errCovColumn(D[d], D[d2]))[k];
          ok &= Double.isFinite(r[d * nd + d2]);
        }
      }
      if (!ok) continue;
      err.add(e);
      obs.add(o);
      rep.add(r);
    }
    Linearised lin = linearised(sim, res);
    List<String> lines = new ArrayList<>(lin.columnLines(scene, seed));
    // the refiner's noise gain (median Pearson dispersion of the fit windows) by which every Fisher variance is scaled
    lines.add(String.format(java.util.Locale.ROOT, "%s,%d,gain,gain,%d,%.6g,1,0,0,0,0,0,0", scene, seed, res.columns().size(), res.columns().gain()));
    for (int i = 0; i < nd; i++) {
      for (int j = i; j < nd; j++) {
        double repMean = 0;
        for (double[] r : rep) repMean += r[i * nd + j] / rep.size();
        lines.add(String.format(java.util.Locale.ROOT, "%s,%d,%s,%s,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", scene, seed, D[i], D[j], err.size(),
            cov(err, i, j), repMean, lin.reportedLine[i][j], lin.reportedFisher[i][j], lin.expectedSample[i][j], cov(obs, i, j),
            cov(lin.errors, i, j), cov(lin.jitter, i, j)));
      }
    }
    return lines;
  }

  /** The linearised view over the complete cells of the truth grid. */
  record Linearised(List<double[]> errors, List<double[]> jitter, double[][] reportedLine, double[][] reportedFisher, double[][] expectedSample,
                    double[][] columns) {
    /**
     * Per sublattice s and axis: pseudo-pairs {@code col<s>_x} (realised: variance of fitted − true x less the true
     * jitter; reported: mean Fisher x variance) and {@code col<s>_y} (fitted − true y against Fisher y).
     */
    List<String> columnLines(String scene, long seed) {
      List<String> out = new ArrayList<>();
      for (int s = 0; s < columns.length; s++) {
        double[] c = columns[s];
        double n = c[0];
        double vx = c[2] / n - (c[1] / n) * (c[1] / n);
        double vy = c[5] / n - (c[4] / n) * (c[4] / n);
        out.add(String.format(java.util.Locale.ROOT, "%s,%d,col%d_x,col%d_x,%d,%.6g,%.6g,0,%.6g,0,0,0,0", scene, seed, s, s, (int) n, vx, c[3] / n, c[3] / n));
        out.add(String.format(java.util.Locale.ROOT, "%s,%d,col%d_y,col%d_y,%d,%.6g,%.6g,0,%.6g,0,0,0,0", scene, seed, s, s, (int) n, vy, c[6] / n, c[6] / n));
        double cxy = c[7] / n - (c[1] / n) * (c[4] / n);
        double cxyAll = c[8] / n - (c[9] / n) * (c[4] / n);
        out.add(String.format(java.util.Locale.ROOT, "%s,%d,col%d_x,col%d_y,%d,%.6g,%.6g,0,%.6g,0,%.6g,0,0", scene, seed, s, s, (int) n, cxy, c[10] / n, c[10] / n, cxyAll));
      }
      return out;
    }
  }

  static Linearised linearised(PerovskiteSimulator.Simulation sim, AtomsResult res) {
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
    for (int q = 0; q < n; q++) {
      int i = match[q];
      if (i < 0 || !Double.isFinite(mx[i]) || res.lattice().site()[i] < 0) continue;
      ex[q] = mx[i] - truth.x()[q];
      ey[q] = my[i] - truth.y()[q];
      jx[q] = rowMean(jit, truth.y()[q], lj.rowWeights()[res.lattice().site()[i]]);
      ok[q] = true;
    }
    PositionErrors meas = res.positionErrors().measurementOnly();
    double[][] columns = new double[2][11];
    for (int q = 0; q < n; q++) {
      int s = truth.sublattice()[q];
      if (!ok[q] || s < 0 || s > 1) continue;
      int i = match[q];
      double[] c = columns[s];
      c[0]++;
      c[1] += ex[q] - jx[q];
      c[2] += (ex[q] - jx[q]) * (ex[q] - jx[q]);
      c[3] += meas.xErrFisher()[i] * meas.xErrFisher()[i];
      c[4] += ey[q];
      c[5] += ey[q] * ey[q];
      c[6] += meas.yErrFisher()[i] * meas.yErrFisher()[i];
      c[7] += (ex[q] - jx[q]) * ey[q];
      c[8] += ex[q] * ey[q];
      c[9] += ex[q];
      // the x–y error covariance a Poisson fit of this shape implies: corr = −q/√(pr) times the two Fisher errors
      c[10] += -cols.q()[i] / Math.sqrt(cols.p()[i] * cols.r()[i]) * meas.xErrFisher()[i] * meas.yErrFisher()[i];
    }
    int m = meas.size();
    double[] zero = new double[m];
    PositionErrors fisher = PositionErrors.fisherOnly(meas.y(), meas.xErrFisher(), meas.yErrFisher());
    PositionErrors line = new PositionErrors(meas.y(), meas.site(), meas.xLine(), meas.yLine(), zero, zero, meas.xLine(), meas.yLine(),
        meas.kernelX(), meas.kernelY(), meas.sublattices());
    int rows = sim.cells().aPx().length;
    int cc = sim.cells().aPx()[0].length;
    int nA = (rows + 1) * (cc + 1);
    int nd = D.length;
    List<double[]> errors = new ArrayList<>();
    List<double[]> jitter = new ArrayList<>();
    double[][] repLine = new double[nd][nd];
    double[][] repFisher = new double[nd][nd];
    double[][] repAll = new double[nd][nd];
    double[][] gxSum = new double[nd][m];
    double[][] gySum = new double[nd][m];
    int count = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cc; j++) {
        int[] q = {i * (cc + 1) + j, i * (cc + 1) + j + 1, (i + 1) * (cc + 1) + j, (i + 1) * (cc + 1) + j + 1, nA + i * cc + j};
        boolean all = true;
        for (int k : q) all &= ok[k];
        if (!all) continue;
        int[] idx = new int[5];
        double[] px = new double[5];
        double[] py = new double[5];
        for (int k = 0; k < 5; k++) {
          idx[k] = match[q[k]];
          px[k] = truth.x()[q[k]];
          py[k] = truth.y()[q[k]];
        }
        double[][][] g = gradients(px, py);
        double[] e = new double[nd];
        double[] je = new double[nd];
        for (int d = 0; d < nd; d++) {
          for (int k = 0; k < 5; k++) {
            e[d] += g[0][d][k] * ex[q[k]] + g[1][d][k] * ey[q[k]];
            je[d] += g[0][d][k] * jx[q[k]];
            gxSum[d][idx[k]] += g[0][d][k];
            gySum[d][idx[k]] += g[1][d][k];
          }
        }
        for (int d = 0; d < nd; d++) {
          for (int d2 = d; d2 < nd; d2++) {
            repLine[d][d2] += line.combinationCovariance(idx, g[0][d], g[1][d], g[0][d2], g[1][d2]);
            repFisher[d][d2] += fisher.combinationCovariance(idx, g[0][d], g[1][d], g[0][d2], g[1][d2]);
            repAll[d][d2] += meas.combinationCovariance(idx, g[0][d], g[1][d], g[0][d2], g[1][d2]);
          }
        }
        errors.add(e);
        jitter.add(je);
        count++;
      }
    }
    // Σ over cell pairs u, v of g_d(u)ᵀ Σ g_d2(v) = G_dᵀ Σ G_d2, G the gradients summed per column
    double[][] cross = new double[nd][nd];
    for (int p = 0; p < m; p++) {
      for (int r = 0; r < m; r++) {
        double sx = meas.covX(p, r);
        double sy = meas.covY(p, r);
        if (sx == 0 && sy == 0) continue;
        for (int d = 0; d < nd; d++) {
          if (gxSum[d][p] == 0 && gySum[d][p] == 0) continue;
          for (int d2 = d; d2 < nd; d2++) cross[d][d2] += gxSum[d][p] * gxSum[d2][r] * sx + gySum[d][p] * gySum[d2][r] * sy;
        }
      }
    }
    double[][] expected = new double[nd][nd];
    for (int d = 0; d < nd; d++) {
      for (int d2 = d; d2 < nd; d2++) {
        repLine[d][d2] /= count;
        repFisher[d][d2] /= count;
        // E[sample covariance] = (tr − sum/N)/(N − 1), with tr = N·mean per cell
        expected[d][d2] = (repAll[d][d2] - cross[d][d2] / count) / (count - 1);
      }
    }
    return new Linearised(errors, jitter, repLine, repFisher, expected, columns);
  }

  /** {gx, gy}[descriptor][column] of a, b, γ (deg), polarization x and y (corners 00, 01, 10, 11, B at the centre). */
  static double[][][] gradients(double[] px, double[] py) {
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

  /** The cell geometry, written again from its definition (UnitCells' class comment), independent of UnitCells' code. */
  static double[] geometry(double[] x, double[] y) {
    double ax = (x[1] - x[0] + x[3] - x[2]) / 2;
    double ay = (y[1] - y[0] + y[3] - y[2]) / 2;
    double bx = (x[2] - x[0] + x[3] - x[1]) / 2;
    double by = (y[2] - y[0] + y[3] - y[1]) / 2;
    double a = (Math.hypot(x[1] - x[0], y[1] - y[0]) + Math.hypot(x[3] - x[2], y[3] - y[2])) / 2;
    double b = (Math.hypot(x[2] - x[0], y[2] - y[0]) + Math.hypot(x[3] - x[1], y[3] - y[1])) / 2;
    double gamma = Math.toDegrees(Math.acos((ax * bx + ay * by) / Math.hypot(ax, ay) / Math.hypot(bx, by)));
    double px = x[4] - (x[0] + x[1] + x[2] + x[3]) / 4;
    double py = y[4] - (y[0] + y[1] + y[2] + y[3]) / 4;
    return new double[] {a, b, gamma, px, py};
  }

  static double cov(List<double[]> rows, int i, int j) {
    int n = rows.size();
    double mi = 0;
    double mj = 0;
    for (double[] r : rows) {
      mi += r[i] / n;
      mj += r[j] / n;
    }
    double s = 0;
    for (double[] r : rows) s += (r[i] - mi) * (r[j] - mj);
    return s / (n - 1);
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
}
