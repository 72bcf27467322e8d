package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.causalem.data.Progress;
import org.causalem.image.ColumnFindingTestSupport;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.Structure;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/** The whole atoms pipeline on simulated perovskite images with prescribed per-cell fields. */
class PerovskiteAtomsTest {
  static final int ROWS = 12;
  static final int COLS = 13;
  static final double SIGMA = 2.5;
  static final double READ_NOISE = 1;

  static PerovskiteSimulator.Simulation simulate(long seed, HaadfRenderer.Options render) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] a = new double[ROWS][COLS];
    double[][] b = new double[ROWS][COLS];
    double[][] dx = new double[ROWS][COLS];
    double[][] dy = new double[ROWS][COLS];
    double[][] ia = new double[ROWS][COLS];
    double[][] ib = new double[ROWS][COLS];
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < COLS; j++) {
        a[i][j] = 24.0 + 0.4 * Math.sin(j / 3.0) + 0.1 * i / ROWS;
        b[i][j] = 23.6 + 0.3 * Math.cos(i / 2.5);
        ia[i][j] = 0.9 + 0.2 * r.nextDouble();
        ib[i][j] = 0.8 + 0.1 * r.nextDouble();
        dx[i][j] = 0.6 * (ia[i][j] - 1) + 0.2 * (r.nextDouble() - 0.5);
        dy[i][j] = 0.3 * Math.sin(j / 2.0) + 0.2 * (r.nextDouble() - 0.5);
      }
    }
    PerovskiteSimulator.Options o = PerovskiteSimulator.Options.uniform(ROWS, COLS, 24, 23.6, render)
        .withLattice(a, b).withDisplacement(dx, dy).withIntensities(ia, ib).withPlacement(24.4, 12.2, 2.0);
    return new PerovskiteSimulator(o).simulate();
  }

  @Test
  void recoversEveryColumnLabelAndCellDescriptor() {
    // A peak ≈ 150 counts, B ≈ 0.85 of it, background 5, read noise 1
    HaadfRenderer.Options render = new HaadfRenderer.Options(SIGMA, 150, 5, READ_NOISE, 0, 0, 0, true, 11);
    PerovskiteSimulator.Simulation sim = simulate(3, render);
    Structure truth = sim.structure();
    AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE).withLatticeConstantNm(2.4))
        .run(sim.image(), Progress.NONE);
    assertThat(res.lattice().kind()).isEqualTo(LatticeKind.PEROVSKITE);

    int[] match = ColumnFindingTestSupport.matchOneToOne(truth.x(), truth.y(), res.columns().x(), res.columns().y(), 3.0);
    for (int i = 0; i < match.length; i++) assertThat(match[i]).as("true column %d found", i).isGreaterThanOrEqualTo(0);
    assertThat(res.columns().size()).as("no extra columns").isEqualTo(truth.size());
    for (int i = 0; i < match.length; i++) {
      assertThat(res.lattice().siteName(match[i])).as("label of column %d", i)
          .isEqualTo(truth.sublatticeNames().get(truth.sublattice()[i]));
    }

    // Cramér–Rao bound of every true column (x and y variances), from the noise-free image
    double[] mu = new HaadfRenderer(render.withNoise(false)).expected(truth, sim.image().width(), sim.image().height());
    double[][] crlb = new double[truth.size()][];
    for (int i = 0; i < truth.size(); i++) {
      crlb[i] = ColumnFindingTestSupport.cramerRao(mu, sim.image().width(), sim.image().height(), truth.x()[i], truth.y()[i],
          150 * truth.intensity()[i], SIGMA, READ_NOISE);
    }
    double sePos = 0;
    double bound = 0;
    for (int i = 0; i < truth.size(); i++) {
      sePos += (sq(res.columns().x()[match[i]] - truth.x()[i]) + sq(res.columns().y()[match[i]] - truth.y()[i])) / 2;
      bound += (crlb[i][0] + crlb[i][1]) / 2;
    }
    assertThat(Math.sqrt(sePos / bound)).as("RMS position error / CRLB").isLessThanOrEqualTo(1.2);

    DescriptorTable cells = res.cells();
    double[] row = cells.column("row");
    double[] cx = cells.column("x_px");
    double[] cy = cells.column("y_px");
    double[] missing = cells.column("missing_sites");
    PerovskiteSimulator.CellTruth t = sim.cells();
    int complete = 0;
    double seA = 0;
    double seB = 0;
    double sePol = 0;
    double zPol = 0;
    double polBound = 0;
    double seStrain = 0;
    double[] mA = new double[ROWS * COLS];
    double[] tA = new double[ROWS * COLS];
    double[] mB = new double[ROWS * COLS];
    double[] tB = new double[ROWS * COLS];
    int n = 0;
    for (int k = 0; k < row.length; k++) {
      if (missing[k] != 0) continue;
      complete++;
      int[] ij = nearestCell(t, cx[k], cy[k]);
      assertThat(ij).as("cell at (%.1f, %.1f) is a true cell", cx[k], cy[k]).isNotNull();
      int i = ij[0];
      int j = ij[1];
      seA += sq(cells.column("a_px")[k] / t.aPx()[i][j] - 1);
      seB += sq(cells.column("b_px")[k] / t.bPx()[i][j] - 1);
      double ex = cells.column("polarization_x_px")[k] - t.polarizationXPx()[i][j];
      double ey = cells.column("polarization_y_px")[k] - t.polarizationYPx()[i][j];
      sePol += (ex * ex + ey * ey) / 2;
      polBound += polarizationBound(crlb, i, j);
      // strain along x against the whole-image reference lattice (the lattice is rotated by only 2°)
      mA[n] = cells.column("intensity_A")[k];
      tA[n] = t.intensityA()[i][j];
      mB[n] = cells.column("intensity_B")[k];
      tB[n] = t.intensityB()[i][j];
      seStrain += sq(cells.column("strain_xx")[k] - (t.aPx()[i][j] / res.reference().aPx() - 1));
      zPol += (sq(ex / cells.column("polarization_x_sigma_px")[k]) + sq(ey / cells.column("polarization_y_sigma_px")[k])) / 2;
      assertThat(cells.column("a_nm")[k]).isCloseTo(cells.column("a_px")[k] * res.pixelSizeNm(), org.assertj.core.data.Offset.offset(1e-12));
      n++;
    }
    assertThat(complete).as("complete cells").isEqualTo(ROWS * COLS);
    assertThat(Math.sqrt(seA / n)).as("RMS relative error of a").isLessThanOrEqualTo(0.002);
    assertThat(Math.sqrt(seB / n)).as("RMS relative error of b").isLessThanOrEqualTo(0.002);
    assertThat(Math.sqrt(sePol / n)).as("RMS polarization error per component (px)").isLessThanOrEqualTo(0.05);
    // column intensities are composition proxies: they follow the prescribed intensities (the spread of
    // the truth is only ±3–5 %, comparable to the ≈1.5 % photon noise of one column, hence r < 1)
    assertThat(pearson(mA, tA)).as("intensity_A vs truth").isGreaterThan(0.8);
    assertThat(pearson(mB, tB)).as("intensity_B vs truth").isGreaterThan(0.75);
    assertThat(Math.sqrt(seStrain / n)).as("RMS strain_xx error").isLessThanOrEqualTo(0.003);
    assertThat(Math.sqrt(sePol / polBound)).as("polarization error / its CRLB").isLessThanOrEqualTo(1.2);
    // the propagated uncertainties are never over-confident (chi-square per component at most 1.6). They are
    // calibrated on the image, and this scene's B columns carry independent per-cell displacements (the random
    // parts of dx, dy above, RMS 0.067 px in x and 0.058 px in y) that one image cannot tell from measurement
    // error: the B sublattice's excess over its Fisher error is that displacement (in y at most plus the part of
    // the 0.3·sin(j/2) field that the local affine lattice model over ±2 cells does not follow); of the A
    // sublattice's smooth strain field (a varies by ±0.4 px over 19 cells) only that curvature, ≲ 0.06 px, is
    // counted as error
    assertThat(zPol / n).isLessThanOrEqualTo(1.6);
    PositionErrors.Sublattice bErr = res.positionErrors().sublattices().get(1);
    assertThat(bErr.excessX()).as("B excess x").isBetween(0.067 * 0.7, 0.067 * 1.3);
    assertThat(bErr.excessY()).as("B excess y").isBetween(0.058 * 0.7, Math.hypot(0.058, 0.04) * 1.3);
    assertThat(res.positionErrors().sublattices().get(0).excessX()).as("A excess x").isLessThan(0.06);
    // calibration: a 2.4 nm lattice constant over a ≈ 24 px
    assertThat(res.pixelSizeNm()).isCloseTo(2.4 / res.reference().aPx(), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(res.pixelSizeNm()).isBetween(0.098, 0.102);
  }

  /** CRLB of a polarization component: var(B) + Σ var(A corner)/16, averaged over x and y. */
  static double polarizationBound(double[][] crlb, int i, int j) {
    int nA = (ROWS + 1) * (COLS + 1);
    int a00 = i * (COLS + 1) + j;
    int[] corners = {a00, a00 + 1, a00 + COLS + 1, a00 + COLS + 2};
    double[] b = crlb[nA + i * COLS + j];
    double v = (b[0] + b[1]) / 2;
    for (int c : corners) v += (crlb[c][0] + crlb[c][1]) / 2 / 16;
    return v;
  }

  static int[] nearestCell(PerovskiteSimulator.CellTruth t, double x, double y) {
    for (int i = 0; i < t.xPx().length; i++) {
      for (int j = 0; j < t.xPx()[0].length; j++) {
        if (Math.hypot(t.xPx()[i][j] - x, t.yPx()[i][j] - y) < 3) return new int[] {i, j};
      }
    }
    return null;
  }

  static double sq(double v) { return v * v; }

  static double pearson(double[] a, double[] b) {
    double ma = java.util.Arrays.stream(a).average().orElse(0);
    double mb = java.util.Arrays.stream(b).average().orElse(0);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += sq(a[i] - ma);
      sbb += sq(b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
