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
 * <p>It states issue 13's target (pooled actual/reported within [0.8, 1.25] per descriptor; asserted within
 * [0.64, 1.56]). Session 5, with the line term from far column pairs, it failed: actual/reported a_px over seeds 1-10
 * 0.71 10.6 3.46 0.78 0.93 0.74 0.86 1.20 0.61 3.21, b_px 0.19-2.66 (the far-pair products were dominated by the
 * specimen's own column disorder on the few lattice vectors of the rotated lattice, and gave a y line term where the
 * scan has none). Session 6, with the line term measured inside the columns ({@link LineJitter}): a_px 1.35 1.44
 * 1.26 0.97 1.61 1.12 1.12 1.59 1.14 1.09 (pooled 1.27), b_px 1.17 0.75 1.26 1.19 1.46 1.31 1.19 1.46 1.18 0.84 (pooled
 * 1.16), γ pooled 1.23, polarization_x 1.23, polarization_y 0.98. {@code -Dcausalem.demoNull=true} runs the null scene
 * (16 × 16 cells) instead: seeds 13-16 a_px 1.17 0.96 1.35 1.42.
 * Session 7, the line weights inside the fit window and the sill calibrated on shared scan lines
 * ({@link LineJitter#sharedLineScale}): a_px 1.06 1.36 1.13 0.84 1.12 0.88 0.86 1.14 0.97 0.95 (pooled 1.03), b_px 1.01
 * 0.73 1.20 1.10 1.19 1.13 1.02 1.20 1.07 0.79 (1.04), polarization_x pooled 1.02, polarization_y 0.98; null seeds
 * 13-16 a_px 1.14 0.80 1.15 1.39; with the line variance no longer capped by the columns' scatter (it bound on null
 * seeds 13 and 16 only) null a_px 0.86 0.80 1.15 1.12, b_px 0.79 1.34 1.48 1.09, polarization_x 1.01 0.91 1.10 1.06,
 * demo unchanged. The rest is not a per-column excess ({@link ErrorDecompositionRun}: fitted − true
 * position less the true jitter is 0.86-1.05 of the Fisher variance).
 * Session 8, the AR(1) fitted to the variogram chained over 12 lines ({@link LineJitter#chainedVariogram}; the fitted
 * lag-one correlation, seeds 1-20, mean bias −0.004 against the simulated 0.72 and r.m.s. 0.041 about each seed's
 * realised one, against −0.026 and 0.063 before): demo a_px 1.06 1.34 1.13 0.84 1.13 0.89 0.86 1.17 0.97 0.94 (pooled
 * 1.04), b_px 0.97 0.81 1.20 1.08 1.03 1.03 0.91 0.97 1.03 0.82 (0.99), polarization_x pooled 1.00, polarization_y
 * 0.98; null seeds 11-20 a_px pooled 0.94, b_px 0.89 1.11 0.77 1.34 1.40 1.00 1.34 1.24 0.97 0.88 (1.07),
 * polarization_x 1.02, polarization_y 0.95. Seed 2's a_px is not its lag-one correlation (now 0.73, realised 0.74),
 * nor the null b_px a missing term: both are within the scatter one image's shared scan lines give a seed's ratio
 * ({@link JitterDecompositionRun}: s.d. 0.16-0.19 on the demo, 0.21-0.25 on the null scene).
 * Session 9, over many seeds ({@link ErrorCovarianceRun}): demo seeds 1-100 a_px pooled 1.001 ± 0.012, per-seed s.d.
 * 0.12, seed 2 the largest of the 100 (1.345; next 1.336, 1.272), its excess all in the line-jitter part; null seeds
 * 1-200 a_px 0.995, b_px 0.995, polarization_x 1.002, polarization_y 0.929 ± 0.006 (the noise gain, see BENCHMARKS).
 */
class PositionCalibrationDemoRun {
  /** Cells per side of the demo scene ({@code -Dcausalem.demoCells}; 36 is {@code causalem demo}'s own size). */
  static final int CELLS = Integer.getInteger("causalem.demoCells", 24);
  static final String[] D = {"a_px", "b_px", "gamma_deg", "polarization_x_px", "polarization_y_px"};

  /** The last seed's fitted, realised and simulated (process) lag-one correlation of the line jitter. */
  static final double[] LAG_ONE = new double[3];

  static double realisedLagOne(double[] j) {
    double m = 0;
    for (double v : j) m += v / j.length;
    double c0 = 0;
    double c1 = 0;
    for (int l = 0; l < j.length; l++) {
      c0 += (j[l] - m) * (j[l] - m);
      if (l + 1 < j.length) c1 += (j[l] - m) * (j[l + 1] - m);
    }
    return c1 / c0;
  }

  /**
   * The scene these drivers measure: the demo's (CELLS × CELLS cells) or, with {@code -Dcausalem.demoNull=true}, the
   * null scene (16 × 16), both with the realistic scan distortions.
   */
  static FerroicScenario.Options scene(long seed) {
    return (Boolean.getBoolean("causalem.demoNull") ? FerroicScenario.Options.nullScene(seed).withSize(16, 16)
        : FerroicScenario.Options.defaults(seed).withSize(CELLS, CELLS)).withDistortion(ScanDistortion.realistic());
  }

  /** A simulated scene and the atoms pipeline's result on its image (without the fit-window scan). */
  record Fit(PerovskiteSimulator.Simulation sim, AtomsResult res) {
    static Fit of(FerroicScenario.Options scene) {
      PerovskiteSimulator.Simulation sim = new FerroicScenario(scene).simulate().simulation();
      return new Fit(sim, new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE), false).run(sim.image(), Progress.NONE));
    }
  }

  /** {actual, reported} variance per descriptor of {@link #D}; the calibration's terms go to {@code log}. */
  static double[][] ratios(long seed, StringBuilder log) {
    Fit fit = Fit.of(scene(seed));
    PerovskiteSimulator.Simulation sim = fit.sim();
    AtomsResult res = fit.res();
    double[] am = res.cells().column("a_px");
    double mean = 0;
    double sq = 0;
    int cnt = 0;
    for (double v : am) if (Double.isFinite(v)) { mean += v; sq += v * v; cnt++; }
    log.append(String.format(" var(a_px) %.4g;", sq / cnt - (mean / cnt) * (mean / cnt)));
    LineJitter j = LineJitter.measure(sim.image(), res.columns(), res.lattice().site(), res.lattice().sites(), res.siteTest().radiusPx());
    double[] jit = sim.scan().lineJitterPx();
    LAG_ONE[0] = j.lagOne();
    LAG_ONE[1] = realisedLagOne(jit);
    LAG_ONE[2] = sim.scan().distortion().jitterLagOneCorrelation();
    log.append(String.format(" realised lag-one %.3f;", LAG_ONE[1]));
    log.append(String.format(" jitter var %.4f lag-one %.2f column var %.4f row weights %s variogram %s;", j.variancePx2(), j.lagOne(), j.columnVariance(0),
        java.util.Arrays.toString(j.rowWeights()[0]), java.util.Arrays.toString(j.variogram())));
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
    double bias = 0;
    double dev2 = 0;
    for (long seed = first; seed < first + seeds; seed++) {
      StringBuilder terms = new StringBuilder();
      double[][] q = ratios(seed, terms);
      bias += (LAG_ONE[0] - LAG_ONE[2]) / seeds;
      dev2 += (LAG_ONE[0] - LAG_ONE[1]) * (LAG_ONE[0] - LAG_ONE[1]) / seeds;
      StringBuilder line = new StringBuilder("seed " + seed + ":");
      for (int d = 0; d < D.length; d++) {
        line.append(String.format(" %s actual %.4g reported %.4g (%.2f);", D[d], q[d][0], q[d][1], q[d][0] / q[d][1]));
        sum[d][0] += q[d][0];
        sum[d][1] += q[d][1];
      }
      System.out.println(line.append(" calibration:").append(terms));
    }
    System.out.printf("fitted lag-one correlation: mean bias %+.3f against the simulated, r.m.s. %.3f about each seed's realised%n", bias,
        Math.sqrt(dev2));
    // one image's realised correlation scatters about 0.03 about the simulated one (300-600 lines)
    assertThat(Math.abs(bias)).as("mean bias of the fitted lag-one correlation").isLessThan(0.01 + 0.1 / Math.sqrt(seeds));
    assertThat(Math.sqrt(dev2)).as("r.m.s. of the fitted lag-one correlation about the realised").isLessThan(0.06);
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
   * {@link LineJitter} measures the same thing by line differences within each column (which cancel the column's own
   * position) against its sublattice's mean row profile, and feeds it to {@link PositionCalibration}.
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

  /**
   * Known-answer check of {@link LineJitter}'s line shifts on request ({@code -Dcausalem.demoGain=SEEDS}): per lag τ,
   * the regression slope (gain) of the measured within-column differences on the simulator's true jitter differences,
   * and the true variogram. Session 6, seed 1: gain 0.98 0.98 0.97 0.96 0.94 0.92 for τ = 1-6 (0.87-0.06 when the
   * model was the column's own fitted Gaussian, whose tilt follows the jitter's local slope).
   */
  @Test
  void lineShiftGain() {
    int seeds = Integer.getInteger("causalem.demoGain", 0);
    assumeTrue(seeds > 0, "skipped");
    for (long seed = 1; seed <= seeds; seed++) {
      FerroicScenario.Options scene = FerroicScenario.Options.defaults(seed).withSize(24, 24).withDistortion(ScanDistortion.realistic());
      PerovskiteSimulator.Simulation sim = new FerroicScenario(scene).simulate().simulation();
      AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE), false).run(sim.image(), Progress.NONE);
      double[] j = sim.scan().lineJitterPx();
      var cols = res.columns();
      int half = 3;
      double[][] sh = LineJitter.lineShifts(sim.image(), cols, res.lattice().site(), res.lattice().sites(), half, 5);
      LineJitter.removeCommonPattern(sh, res.lattice().site(), res.lattice().sites(), half);
      StringBuilder b = new StringBuilder("seed " + seed);
      for (int tau = 1; tau <= 6; tau++) {
        double sxy = 0, sxx = 0, syy = 0, tv = 0;
        int n = 0;
        for (int i = 0; i < cols.size(); i++) {
          int y0 = (int) Math.round(cols.y()[i]);
          for (int r = 0; r + tau < 7; r++) {
            double d = sh[i][r + tau] - sh[i][r];
            int l = y0 - half + r;
            if (Double.isNaN(d) || l < 0 || l + tau >= j.length) continue;
            double t = j[l + tau] - j[l];
            sxy += d * t; sxx += t * t; syy += d * d; n++;
          }
        }
        double tg = 0; int m = 0;
        for (int l = 0; l + tau < j.length; l++) { tg += (j[l + tau] - j[l]) * (j[l + tau] - j[l]); m++; }
        b.append(String.format(" | tau %d gain %.3f true gamma %.4f meas var/2 %.4f resid var %.4f", tau, sxy / sxx, tg / m / 2, syy / n / 2,
            (syy - sxy * sxy / sxx) / n));
      }
      System.out.println(b);
    }
  }

  /**
   * On request ({@code -Dcausalem.demoWeights=SEEDS}): which average of the line offsets a fitted A column carries,
   * as the regression of (fitted − true x) on Gaussian-weighted means of the true jitter over its lines (weights'
   * s.d. f·σy). Session 6, seeds 1-2: best f ≈ 0.85 (slope 1.03, corr 0.97), the width of {@link LineJitter}'s
   * Poisson Fisher weights (s.d. ≈ 1.9 px for σy 2.2 px).
   */
  @Test
  void columnWeights() {
    int seeds = Integer.getInteger("causalem.demoWeights", 0);
    assumeTrue(seeds > 0, "skipped");
    for (long seed = 1; seed <= seeds; seed++) {
      FerroicScenario.Options scene = FerroicScenario.Options.defaults(seed).withSize(24, 24).withDistortion(ScanDistortion.realistic());
      PerovskiteSimulator.Simulation sim = new FerroicScenario(scene).simulate().simulation();
      AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE), false).run(sim.image(), Progress.NONE);
      double[] j = sim.scan().lineJitterPx();
      var cols = res.columns();
      var truth = sim.structure();
      int[] match = org.causalem.image.ColumnFindingTestSupport.matchOneToOne(truth.x(), truth.y(), cols.x(), cols.y(), 3.0);
      double sy = 0; int ns = 0;
      for (int i = 0; i < cols.size(); i++) if (cols.converged(i)) { sy += cols.sigmaYPx(i); ns++; }
      sy /= ns;
      StringBuilder b = new StringBuilder(String.format("seed %d sigmaY %.2f", seed, sy));
      for (double f : new double[] {0.5, 0.71, 0.85, 1.0, 1.3}) {
        double sxy = 0, sxx = 0, syy = 0, se = 0, st = 0; int n = 0;
        for (int t = 0; t < truth.size(); t++) {
          int i = match[t];
          if (i < 0 || !cols.converged(i) || truth.sublattice()[t] != 0) continue;
          double ty = truth.y()[t];
          if (ty < 12 || ty > j.length - 13) continue;
          double sw = 0, sj = 0;
          for (int l = (int) ty - 10; l <= (int) ty + 11; l++) { double w = Math.exp(-(l - ty) * (l - ty) / (2 * f * f * sy * sy)); sw += w; sj += w * j[l]; }
          double e = cols.x()[i] - truth.x()[t];
          double m = sj / sw;
          sxy += e * m; sxx += m * m; syy += e * e; se += e; st += m; n++;
        }
        double cxy = sxy / n - se / n * st / n, cxx = sxx / n - st / n * st / n, cyy = syy / n - se / n * se / n;
        b.append(String.format(" | f %.2f slope %.3f corr %.3f var model %.4f resid %.4f", f, cxy / cxx, cxy / Math.sqrt(cxx * cyy), cxx, cyy - cxy * cxy / cxx));
      }
      LineJitter lj = LineJitter.measure(sim.image(), cols, res.lattice().site(), res.lattice().sites());
      b.append(String.format(" | LineJitter column var A %.4f", lj.columnVariance(0)));
      System.out.println(b);
    }
  }
}
