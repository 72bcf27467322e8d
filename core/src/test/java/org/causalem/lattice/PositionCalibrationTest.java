package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import org.causalem.data.Progress;
import org.causalem.image.ColumnFindingTestSupport;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.ScanDistortion;
import org.causalem.simulate.Structure;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Calibrated position uncertainties against the actual error on simulated images with the instrument's
 * distortions: the actual error is the fitted minus the true (apparent) position after removing a global
 * affine map per sublattice (the probe tail's uniform shift and any global scale are not position errors).
 */
@Tag("slow")
class PositionCalibrationTest {
  /**
   * Sums of squares per sublattice and axis: {actual A x, A y, B x, B y, reported A x, A y, B x, B y, Fisher ...}.
   */
  static double[] squares(PerovskiteSimulator.Simulation sim) {
    Structure truth = sim.structure();
    // without the fit-window scan (two more refinements that only the off-centring analysis uses)
    AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE), false).run(sim.image(), Progress.NONE);
    int[] match = ColumnFindingTestSupport.matchOneToOne(truth.x(), truth.y(), res.columns().x(), res.columns().y(), 3.0);
    double[] out = new double[12];
    for (int s = 0; s < 2; s++) {
      int n = 0;
      int[] ti = new int[truth.size()];
      for (int i = 0; i < truth.size(); i++) {
        if (truth.sublattice()[i] != s || match[i] < 0 || !res.columns().converged(match[i])) continue;
        // leave out columns within 1.5 cells of the image edge (their fits see a cut window)
        double tx = truth.x()[i];
        double ty = truth.y()[i];
        if (tx < 24 || ty < 24 || tx > sim.image().width() - 25 || ty > sim.image().height() - 25) continue;
        ti[n++] = i;
      }
      double[][] a = new double[n][];
      double[] fx = new double[n];
      double[] fy = new double[n];
      for (int k = 0; k < n; k++) {
        a[k] = new double[] {1, truth.x()[ti[k]], truth.y()[ti[k]]};
        fx[k] = res.columns().x()[match[ti[k]]];
        fy[k] = res.columns().y()[match[ti[k]]];
      }
      double[] rx = residuals(a, fx);
      double[] ry = residuals(a, fy);
      PositionErrors e = res.positionErrors();
      for (int k = 0; k < n; k++) {
        int j = match[ti[k]];
        out[2 * s] += rx[k] * rx[k];
        out[2 * s + 1] += ry[k] * ry[k];
        out[4 + 2 * s] += e.xErr()[j] * e.xErr()[j];
        out[4 + 2 * s + 1] += e.yErr()[j] * e.yErr()[j];
        out[8 + 2 * s] += e.xErrFisher()[j] * e.xErrFisher()[j];
        out[8 + 2 * s + 1] += e.yErrFisher()[j] * e.yErrFisher()[j];
      }
    }
    return out;
  }

  /** Least-squares residuals of v on the columns of a. */
  static double[] residuals(double[][] a, double[] v) {
    int p = a[0].length;
    double[][] m = new double[p][p + 1];
    for (int k = 0; k < a.length; k++) {
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) m[i][j] += a[k][i] * a[k][j];
        m[i][p] += a[k][i] * v[k];
      }
    }
    for (int c = 0; c < p; c++) {
      for (int i = 0; i < p; i++) {
        if (i == c) continue;
        double f = m[i][c] / m[c][c];
        for (int j = c; j <= p; j++) m[i][j] -= f * m[c][j];
      }
    }
    double[] r = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      double pred = 0;
      for (int i = 0; i < p; i++) pred += a[k][i] * m[i][p] / m[i][i];
      r[k] = v[k] - pred;
    }
    return r;
  }

  private static final String[] LABEL = {"A x", "A y", "B x", "B y"};

  /** The null scene (SrTiO3-like) through the realistic instrument, pooled over 4 seeds. */
  @Test
  void reportedErrorMatchesActualErrorWithRealisticDistortions() {
    double[] sum = new double[12];
    for (long seed = 1; seed <= 4; seed++) {
      FerroicScenario.Options o = FerroicScenario.Options.nullScene(seed).withDistortion(ScanDistortion.realistic());
      double[] q = squares(new FerroicScenario(o).simulate().simulation());
      for (int k = 0; k < 12; k++) sum[k] += q[k];
    }
    for (int k = 0; k < 4; k++) {
      assertThat(Math.sqrt(sum[k] / sum[4 + k])).as("actual / reported RMS error, %s", LABEL[k]).isBetween(0.8, 1.25);
    }
    // the shot-noise (Fisher) values alone miss the line jitter: x errors are several times larger
    assertThat(Math.sqrt(sum[0] / sum[8])).as("actual / Fisher, A x").isGreaterThan(2.5);
    assertThat(Math.sqrt(sum[2] / sum[10])).as("actual / Fisher, B x").isGreaterThan(2.5);
  }

  /** Through an ideal scan and probe the excess vanishes: the reported error stays the Fisher one. */
  @Test
  void idealScanKeepsTheFisherError() {
    double[] q = squares(new FerroicScenario(FerroicScenario.Options.nullScene(5)).simulate().simulation());
    for (int k = 0; k < 4; k++) {
      assertThat(Math.sqrt(q[k] / q[4 + k])).as("actual / reported RMS error, %s", LABEL[k]).isBetween(0.8, 1.25);
      assertThat(Math.sqrt(q[4 + k] / q[8 + k])).as("reported / Fisher, %s", LABEL[k]).isLessThan(1.15);
    }
  }

  /**
   * A cell's covariance block gives what the pairwise covariances give, summed in the same order (to the bit), and a
   * column with an unknown error enters only where its coefficient is not zero.
   */
  @Test
  void covarianceBlockMatchesThePairwiseCovariances() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    int n = 9;
    double[] y = new double[n];
    double[] err = new double[n];
    double[] line = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = 30 * r.nextDouble();
      err[i] = 0.1 + r.nextDouble();
      line[i] = i % 4 == 0 ? 0 : 0.3 * r.nextDouble();
    }
    err[8] = Double.NaN;
    double[] kernel = {1, 0.8, 0.5, 0.2, 0.05};
    PositionErrors e = new PositionErrors(y, new int[n], err, err.clone(), err.clone(), err.clone(), line, line.clone(),
        new double[][] {kernel}, new double[][] {kernel}, java.util.List.of());
    int[] idx = {3, 0, 7, 1, 5};
    PositionErrors.Block b = e.block(idx);
    for (int trial = 0; trial < 50; trial++) {
      double[][] c = new double[4][idx.length];
      for (double[] row : c) for (int k = 0; k < row.length; k++) row[k] = r.nextDouble() < 0.3 ? 0 : r.nextGaussian();
      double expected = 0;
      for (int k = 0; k < idx.length; k++) {
        for (int l = 0; l < idx.length; l++) {
          if (c[0][k] != 0 && c[2][l] != 0) expected += c[0][k] * c[2][l] * e.covX(idx[k], idx[l]);
          if (c[1][k] != 0 && c[3][l] != 0) expected += c[1][k] * c[3][l] * e.covY(idx[k], idx[l]);
        }
      }
      assertThat(b.covariance(c[0], c[1], c[2], c[3])).isEqualTo(expected);
      assertThat(e.combinationCovariance(idx, c[0], c[1], c[2], c[3])).isEqualTo(expected);
    }
    int[] withUnknown = {2, 8};
    assertThat(e.combinationVariance(withUnknown, new double[] {1, 0}, new double[2])).isEqualTo(err[2] * err[2]);
    assertThat(e.combinationVariance(withUnknown, new double[] {1, 1}, new double[2])).isNaN();
  }

  /** Two columns on the same scan lines share their line jitter: it cancels in their difference, not in their sum. */
  @Test
  void sharedLineJitterCancelsInAHorizontalEdge() {
    double[] y = {10, 10, 26};
    double line = 0.3;
    double fisher = 0.1;
    double total = Math.sqrt(line * line + fisher * fisher);
    double[] err = {total, total, total};
    double[] kernel = new double[24];
    kernel[0] = 1;
    kernel[1] = 0.5;
    PositionErrors e = new PositionErrors(y, new int[3], err, err, new double[] {fisher, fisher, fisher}, new double[] {fisher, fisher, fisher},
        new double[] {line, line, line}, new double[] {line, line, line}, new double[][] {kernel}, new double[][] {kernel}, java.util.List.of());
    double[] zero = new double[2];
    // same line: var(x1 − x0) = 2·fisher²; var(x1 + x0) = 2·fisher² + 4·line²
    assertThat(e.combinationVariance(new int[] {0, 1}, new double[] {-1, 1}, zero)).isCloseTo(2 * fisher * fisher, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(e.combinationVariance(new int[] {0, 1}, new double[] {1, 1}, zero))
        .isCloseTo(2 * fisher * fisher + 4 * line * line, org.assertj.core.data.Offset.offset(1e-12));
    // 16 px apart: independent
    assertThat(e.combinationVariance(new int[] {0, 2}, new double[] {-1, 1}, zero)).isCloseTo(2 * total * total, org.assertj.core.data.Offset.offset(1e-12));
    // half a pixel apart: correlation 0.75 (linear between the table's 1 and 0.5)
    PositionErrors h = new PositionErrors(new double[] {10, 10.5}, new int[2], new double[] {total, total}, new double[] {total, total},
        new double[] {fisher, fisher}, new double[] {fisher, fisher}, new double[] {line, line}, new double[] {line, line},
        new double[][] {kernel}, new double[][] {kernel}, java.util.List.of());
    assertThat(h.covX(0, 1)).isCloseTo(0.75 * line * line, org.assertj.core.data.Offset.offset(1e-12));
  }
}
