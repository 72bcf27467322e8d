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
  /**
   * The way forward, as a known-answer check on request ({@code -Dcausalem.demoLines=SEEDS}): the line jitter is
   * visible inside each column, free of the specimen. A column is rigid over the ±3 scan lines it covers, so the
   * x centroid of each of its lines (9 px window, minimum of the window's end pixels as background) minus the
   * column's fitted centre moves only with that line's offset relative to the lines the column averages (plus
   * counting noise and the probe tail's fixed pattern, taken out as the mean deviation per line offset over all
   * columns; line deviations beyond 1 px, misfits, are left out). Averaged over the ≈ 20 columns crossing each line, it follows the simulator's true jitter, high-passed
   * by the column's own averaging (Gaussian over the lines, σ 2.2 px), in every seed: corr 0.917-0.942 on seeds
   * 1-10 (session 5; line-mean s.d. 0.167-0.186 px against the true 0.144-0.160 px, the rest counting noise), where
   * the far-pair line terms swing 9× (seed 2: A line x 0.03 px for 0.3 px true jitter).
   * Not yet used by {@link PositionCalibration}: it needs the image there, and the line variance it gives must be
   * turned into the column-level term and kernel (and checked on the real files).
   */
  @Test
  void lineJitterSeenInsideTheColumns() {
    int seeds = Integer.getInteger("causalem.demoLines", 0);
    assumeTrue(seeds > 0, "skipped: the run needs -Dcausalem.demoLines=SEEDS");
    for (long seed = 1; seed <= seeds; seed++) {
      FerroicScenario.Options scene = FerroicScenario.Options.defaults(seed).withSize(24, 24).withDistortion(ScanDistortion.realistic());
      PerovskiteSimulator.Simulation sim = new FerroicScenario(scene).simulate().simulation();
      AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE), false).run(sim.image(), Progress.NONE);
      org.causalem.data.Image img = sim.image();
      int h = img.height();
      int w = img.width();
      int half = 3;
      // deviation of the line centroid from the column centre, summed per line and per relative line offset
      double[] sum = new double[h];
      double[] cnt = new double[h];
      double[] rel = new double[2 * half + 1];
      double[] relN = new double[2 * half + 1];
      java.util.List<double[]> obs = new java.util.ArrayList<>();
      for (int i = 0; i < res.columns().size(); i++) {
        if (!res.columns().converged(i)) continue;
        double xi = res.columns().x()[i];
        double yi = res.columns().y()[i];
        int x0 = (int) Math.round(xi) - 4;
        int y0 = (int) Math.round(yi);
        if (x0 < 0 || x0 + 8 >= w || y0 - half < 0 || y0 + half >= h) continue;
        for (int l = y0 - half; l <= y0 + half; l++) {
          double bg = Math.min(img.at(x0, l), img.at(x0 + 8, l));
          double s = 0;
          double sx = 0;
          for (int x = x0; x <= x0 + 8; x++) {
            double v = img.at(x, l) - bg;
            s += v;
            sx += v * x;
          }
          if (!(s > 0)) continue;
          double d = sx / s - xi;
          if (Math.abs(d) > 1) continue;   // a line deviation beyond 1 px is not jitter (0.3 px): a misfit or a neighbour
          obs.add(new double[] {l, l - y0 + half, d});
          rel[l - y0 + half] += d;
          relN[l - y0 + half]++;
        }
      }
      for (double[] o : obs) {
        int l = (int) o[0];
        sum[l] += o[2] - rel[(int) o[1]] / relN[(int) o[1]];
        cnt[l]++;
      }
      double[] j = sim.scan().lineJitterPx();
      double sxy = 0, sxx = 0, syy = 0, mx = 0, my = 0;
      int n = 0;
      double[] est = new double[h];
      double[] tru = new double[h];
      for (int l = 3; l < h - 3; l++) {
        if (cnt[l] < 5) continue;
        double sm = 0, sw = 0;
        for (int k = -3; k <= 3; k++) {
          double wk = Math.exp(-k * k / (2 * 2.2 * 2.2));
          sm += wk * j[l + k];
          sw += wk;
        }
        est[n] = sum[l] / cnt[l];
        tru[n] = j[l] - sm / sw;
        n++;
      }
      for (int k = 0; k < n; k++) { mx += est[k]; my += tru[k]; }
      mx /= n; my /= n;
      for (int k = 0; k < n; k++) { sxy += (est[k] - mx) * (tru[k] - my); sxx += (est[k] - mx) * (est[k] - mx); syy += (tru[k] - my) * (tru[k] - my); }
      double rawVar = 0;
      for (int l = 0; l < h; l++) rawVar += j[l] * j[l];
      System.out.printf("lines seed %d: %d lines, corr(estimated, true high-passed jitter) %.3f, sd est %.3f true %.3f (raw jitter rms %.3f)%n", seed, n,
          sxy / Math.sqrt(sxx * syy), Math.sqrt(sxx / n), Math.sqrt(syy / n), Math.sqrt(rawVar / h));
      assertThat(sxy / Math.sqrt(sxx * syy)).as("seed %d: corr(line centroids, true high-passed jitter)", seed).isGreaterThan(0.8);
    }
  }
}
