package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.causalem.data.Progress;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.ScanDistortion;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * Reported against actual measurement-error variance of the geometric descriptors on the demo scene
 * ({@code ScanAcceptanceTest}'s: 24 × 24 cells, realistic scan distortions), per seed: actual = the variance of
 * measured − true (simulator's apparent positions, line jitter not applied) over the complete cells, reported = the
 * mean of the cell's {@code errcov_d_d} (measurement only: Fisher and line terms). Too slow for the suite
 * (about 5 s per seed, 8 min for 10 seeds on the loaded 2-core machine), so it runs on request
 * ({@code -Dcausalem.demoFirst=S} starts at seed S):
 *
 * <pre>./mvnw -B -o test -pl core -Dtest=PositionCalibrationDemoRun -Dcausalem.demoErrors=10</pre>
 *
 * <p>It states issue 13's target (pooled actual/reported within [0.8, 1.25] per descriptor) and <b>fails today</b>
 * (session 5, seeds 1-10, actual/reported a_px: 0.71 10.6 3.46 0.78 0.93 0.74 0.86 1.20 0.61 3.21; b_px: 0.97 2.66
 * 2.40 0.19 1.10 0.53 0.27 1.42 0.73 1.65; pooled a_px 1.11, b_px 0.62). The actual errors are stable
 * (a_px 0.021-0.041 px²); the reported ones follow {@link PositionCalibration}'s line terms, which swing with
 * the seed: A line x 0.03-0.27 px, and a line term in y (where the simulated scan has no jitter) of 0.06-0.20 px
 * in 4 of 10 seeds. The far-pair products those terms rest on are dominated by the specimen: the demo's own
 * column disorder left by the local model (the calibration's excess, 0.24-0.48 px per column) is larger than the
 * jitter (0.3 px RMS per line), and on the 17°-rotated lattice the far pairs with |Δy| &lt; 1 px are a handful of
 * lattice vectors, so the specimen's correlation at those vectors enters bin 0 as a bias (seed 2: bin-0 product
 * in y −0.039 px², in x −0.0001 px² for a true line variance ≈ 0.05 px²). Subtracting the mean product of the
 * far bins (|Δy| 12-28 px) does not remove it (seed 2 a_px 12.4, seed 3 4.35): those bins sample other lattice
 * vectors.
 */
class PositionCalibrationDemoRun {
  static final String[] D = {"a_px", "b_px", "gamma_deg", "polarization_x_px", "polarization_y_px"};

  /** {actual, reported} variance per descriptor of {@link #D}; the calibration's terms go to {@code log}. */
  static double[][] ratios(long seed, StringBuilder log) {
    FerroicScenario.Options scene = FerroicScenario.Options.defaults(seed).withSize(24, 24).withDistortion(ScanDistortion.realistic());
    PerovskiteSimulator.Simulation sim = new FerroicScenario(scene).simulate().simulation();
    AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE), false).run(sim.image(), Progress.NONE);
    for (PositionErrors.Sublattice s : res.positionErrors().sublattices()) {
      log.append(String.format(" %s line x %.3f y %.3f excess x %.3f y %.3f fisher x %.3f;", s.name(), s.lineX(), s.lineY(), s.excessX(),
          s.excessY(), s.fisherX()));
    }
    DescriptorTable cells = res.cells();
    PerovskiteSimulator.CellTruth t = sim.cells();
    double[] cx = cells.column("x_px");
    double[] cy = cells.column("y_px");
    double[] missing = cells.column("missing_sites");
    double[][] out = new double[D.length][2];
    for (int d = 0; d < D.length; d++) {
      double[] m = cells.column(D[d]);
      double[] rep = cells.column(UnitCells.errCovColumn(D[d], D[d]));
      double[][] tr = switch (d) {
        case 0 -> t.aPx();
        case 1 -> t.bPx();
        case 2 -> t.gammaDeg();
        case 3 -> t.polarizationXPx();
        default -> t.polarizationYPx();
      };
      double s = 0;
      double ss = 0;
      double r = 0;
      int n = 0;
      for (int k = 0; k < cx.length; k++) {
        if (missing[k] != 0 || !Double.isFinite(m[k]) || !Double.isFinite(rep[k])) continue;
        int[] ij = PerovskiteAtomsTest.nearestCell(t, cx[k], cy[k]);
        if (ij == null) continue;
        double e = m[k] - tr[ij[0]][ij[1]];
        s += e;
        ss += e * e;
        r += rep[k];
        n++;
      }
      out[d][0] = ss / n - (s / n) * (s / n);
      out[d][1] = r / n;
    }
    return out;
  }

  @Test
  void reportedErrorVarianceMatchesTheActualOnTheDemo() {
    int seeds = Integer.getInteger("causalem.demoErrors", 0);
    assumeTrue(seeds > 0, "skipped: the run needs -Dcausalem.demoErrors=SEEDS");
    double[][] sum = new double[D.length][2];
    long first = Long.getLong("causalem.demoFirst", 1);
    for (long seed = first; seed < first + seeds; seed++) {
      StringBuilder terms = new StringBuilder();
      double[][] q = ratios(seed, terms);
      StringBuilder line = new StringBuilder("seed " + seed + ":");
      for (int d = 0; d < D.length; d++) {
        line.append(String.format(" %s actual %.4g reported %.4g (%.2f);", D[d], q[d][0], q[d][1], q[d][0] / q[d][1]));
        sum[d][0] += q[d][0];
        sum[d][1] += q[d][1];
      }
      System.out.println(line.append(" calibration:").append(terms));
    }
    for (int d = 0; d < D.length; d++) {
      System.out.printf("pooled %s actual/reported %.3f%n", D[d], sum[d][0] / sum[d][1]);
      assertThat(sum[d][0] / sum[d][1]).as(D[d]).isBetween(0.64, 1.56);
    }
  }
}
