package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.ScanDistortion;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Known answer over seeds for the cells' measurement-error covariance ({@link UnitCells#ERR_COV}): on the null scene
 * with the realistic scan distortions ({@code ScanAcceptanceTest}'s, 16 × 16 cells), the mean reported
 * {@code errcov_<d1>_<d2>} against the realised covariance of measured − true descriptor over the complete cells
 * (simulator's apparent cells, line jitter not applied), pooled over {@link #SEEDS} seeds.
 *
 * <p>One image's cells share their scan lines, so a seed's realised/reported ratio scatters about 1 with the s.d.
 * {@link #SEED_SD} measured over 200 null seeds ({@code ErrorCovarianceRun}); the pooled ratio must lie within three
 * standard errors of 1. Session 9 over those 200 seeds: a 0.995 ± 0.012, b 0.995 ± 0.016, γ 0.996 ± 0.016,
 * b–γ 1.008 ± 0.020, polarization_x 1.002 ± 0.008, polarization_y 0.929 ± 0.006 (the one pair biased beyond its
 * standard error: the Fisher y variance, 7 % high).
 */
@Tag("slow")
class ErrorCovarianceCalibrationTest {
  private static final int SEEDS = 8;
  private static final String[][] PAIRS = {{"a_px", "a_px"}, {"b_px", "b_px"}, {"gamma_deg", "gamma_deg"}, {"b_px", "gamma_deg"},
      {"polarization_x_px", "polarization_x_px"}, {"polarization_y_px", "polarization_y_px"}};
  /** Per-seed s.d. of realised/reported for each of {@link #PAIRS} (200 null seeds of 16 × 16 cells). */
  private static final double[] SEED_SD = {0.163, 0.212, 0.229, 0.275, 0.120, 0.082};

  @Test
  void reportedErrorCovarianceMatchesTheRealisedOverSeeds() {
    double[] realised = new double[PAIRS.length];
    double[] reported = new double[PAIRS.length];
    for (long seed = 101; seed < 101 + SEEDS; seed++) {
      FerroicScenario.Options scene = FerroicScenario.Options.nullScene(seed).withSize(16, 16).withDistortion(ScanDistortion.realistic());
      PositionCalibrationDemoRun.Fit fit = PositionCalibrationDemoRun.Fit.of(scene);
      double[][] q = seed(fit.sim(), fit.res().cells());
      for (int p = 0; p < PAIRS.length; p++) {
        realised[p] += q[p][0];
        reported[p] += q[p][1];
      }
    }
    List<String> lines = new ArrayList<>();
    for (int p = 0; p < PAIRS.length; p++) lines.add(String.format("%s-%s %.3f", PAIRS[p][0], PAIRS[p][1], realised[p] / reported[p]));
    System.out.println("realised/reported error covariance over " + SEEDS + " null seeds: " + lines);
    for (int p = 0; p < PAIRS.length; p++) {
      double tolerance = 3 * SEED_SD[p] / Math.sqrt(SEEDS);
      assertThat(realised[p] / reported[p]).as("realised / reported %s-%s; all: %s", PAIRS[p][0], PAIRS[p][1], lines)
          .isBetween(1 - tolerance, 1 + tolerance);
    }
  }

  /** {realised, reported} error covariance of each of {@link #PAIRS} over the complete cells of one scene. */
  static double[][] seed(PerovskiteSimulator.Simulation sim, DescriptorTable cells) {
    PerovskiteSimulator.CellTruth t = sim.cells();
    double[] cx = cells.column("x_px");
    double[] cy = cells.column("y_px");
    double[] missing = cells.column("missing_sites");
    List<double[]> err = new ArrayList<>();
    List<double[]> rep = new ArrayList<>();
    for (int k = 0; k < cx.length; k++) {
      if (missing[k] != 0) continue;
      int[] ij = PerovskiteAtomsTest.nearestCell(t, cx[k], cy[k]);
      if (ij == null) continue;
      double[] e = new double[2 * PAIRS.length];
      double[] r = new double[PAIRS.length];
      boolean ok = true;
      for (int p = 0; p < PAIRS.length; p++) {
        e[2 * p] = cells.column(PAIRS[p][0])[k] - truth(t, PAIRS[p][0])[ij[0]][ij[1]];
        e[2 * p + 1] = cells.column(PAIRS[p][1])[k] - truth(t, PAIRS[p][1])[ij[0]][ij[1]];
        r[p] = cells.column(UnitCells.errCovColumn(PAIRS[p][0], PAIRS[p][1]))[k];
        ok &= Double.isFinite(e[2 * p]) && Double.isFinite(e[2 * p + 1]) && Double.isFinite(r[p]);
      }
      if (!ok) continue;
      err.add(e);
      rep.add(r);
    }
    double[][] out = new double[PAIRS.length][2];
    for (int p = 0; p < PAIRS.length; p++) {
      out[p][0] = ErrorCovarianceRun.cov(err, 2 * p, 2 * p + 1);
      for (double[] r : rep) out[p][1] += r[p] / rep.size();
    }
    return out;
  }

  private static double[][] truth(PerovskiteSimulator.CellTruth t, String d) {
    return switch (d) {
      case "a_px" -> t.aPx();
      case "b_px" -> t.bPx();
      case "gamma_deg" -> t.gammaDeg();
      case "polarization_x_px" -> t.polarizationXPx();
      case "polarization_y_px" -> t.polarizationYPx();
      default -> throw new IllegalArgumentException(d);
    };
  }
}
