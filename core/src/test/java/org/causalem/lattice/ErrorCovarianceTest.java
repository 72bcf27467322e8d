package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * The per-cell measurement-error covariances of the geometric descriptors ({@link UnitCells#ERR_COV})
 * against Monte Carlo: a perovskite lattice rotated 19° to the axes, every column displaced by independent
 * Gaussian errors of known standard deviation (different in x and y, and between the sublattices), the
 * descriptors recomputed for 4000 draws; the sample covariance of each pair in an interior cell must match
 * the propagated one.
 */
class ErrorCovarianceTest {
  private static final int N = 6;

  @Test
  void propagatedCovariancesMatchMonteCarlo() {
    double th = Math.toRadians(19);
    int cols = (N + 1) * (N + 1) + N * N;
    double[] x0 = new double[cols];
    double[] y0 = new double[cols];
    int[] site = new int[cols];
    int[] row = new int[cols];
    int[] col = new int[cols];
    int k = 0;
    for (int s = 0; s < 2; s++) {
      for (int r = 0; r < (s == 0 ? N + 1 : N); r++) {
        for (int c = 0; c < (s == 0 ? N + 1 : N); c++) {
          double u = 16 * (c + 0.5 * s) + (s == 1 ? 0.7 : 0);
          double v = 15 * (r + 0.5 * s) + (s == 1 ? -0.4 : 0);
          x0[k] = 60 + Math.cos(th) * u - Math.sin(th) * v;
          y0[k] = 20 + Math.sin(th) * u + Math.cos(th) * v;
          site[k] = s;
          row[k] = r;
          col[k] = c;
          k++;
        }
      }
    }
    double[] sx = new double[cols];
    double[] sy = new double[cols];
    for (int i = 0; i < cols; i++) {
      sx[i] = site[i] == 0 ? 0.20 : 0.30;
      sy[i] = site[i] == 0 ? 0.12 : 0.25;
    }
    Lattice lattice = new Lattice(LatticeKind.PEROVSKITE, 16 * Math.cos(th), 16 * Math.sin(th), -15 * Math.sin(th), 15 * Math.cos(th),
        new double[][] {{0, 0}, {0.5, 0.5}}, List.of("A", "B"), site, row, col);
    UnitCells cells = new UnitCells(UnitCells.Options.defaults());
    double[] ones = new double[cols];
    java.util.Arrays.fill(ones, 1);
    int w = 200;
    int h = 200;
    DescriptorTable exact = cells.describe(x0, y0, sx, sy, ones, ones, lattice, w, h).cells();
    int cell = interior(exact);
    List<String> d = UnitCells.GEOMETRIC;
    int draws = 4000;
    double[][] v = new double[d.size()][draws];
    SplittableRandom rnd = new SplittableRandom(11);
    double[] x = new double[cols];
    double[] y = new double[cols];
    for (int t = 0; t < draws; t++) {
      for (int i = 0; i < cols; i++) {
        x[i] = x0[i] + sx[i] * rnd.nextGaussian();
        y[i] = y0[i] + sy[i] * rnd.nextGaussian();
      }
      DescriptorTable c = cells.describe(x, y, sx, sy, ones, ones, lattice, w, h).cells();
      for (int q = 0; q < d.size(); q++) v[q][t] = c.column(d.get(q))[cell];
    }
    for (int i = 0; i < d.size(); i++) {
      for (int j = i; j < d.size(); j++) {
        double predicted = exact.column(UnitCells.errCovColumn(d.get(i), d.get(j)))[cell];
        double observed = cov(v[i], v[j]);
        double scale = Math.sqrt(cov(v[i], v[i]) * cov(v[j], v[j]));
        // sampling error of a covariance over 4000 draws: about scale·√(2/4000) ≈ 0.022·scale
        assertThat(predicted).as("%s × %s (observed %.5f)", d.get(i), d.get(j), observed).isCloseTo(observed, within(0.08 * scale));
      }
    }
    // the shared corners correlate a and γ here (rotated, unequal x/y errors): not a zero test
    double cAg = exact.column(UnitCells.errCovColumn("a_px", "gamma_deg"))[cell];
    assertThat(Math.abs(cAg)).isGreaterThan(0.1 * Math.sqrt(exact.column("errcov_a_px_a_px")[cell]
        * exact.column("errcov_gamma_deg_gamma_deg")[cell]));
  }

  private static int interior(DescriptorTable t) {
    double[] r = t.column("row");
    double[] c = t.column("col");
    for (int i = 0; i < t.rows(); i++) if (r[i] == 2 && c[i] == 2) return i;
    throw new AssertionError("no cell (2, 2)");
  }

  private static double cov(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i] / a.length;
      mb += b[i] / b.length;
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
    return s / (a.length - 1);
  }
}
