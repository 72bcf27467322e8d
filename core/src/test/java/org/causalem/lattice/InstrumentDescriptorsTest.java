package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.ScanDistortion;
import org.causalem.simulate.ScanMap;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * Instrument descriptors against scan distortions with known truth, rendered in {@link DistortedScene}
 * independently of the code under test.
 */
class InstrumentDescriptorsTest {
  static AtomsResult atoms(Image image, boolean windowScan) {
    return new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE), windowScan).run(image, Progress.NONE);
  }

  static double corr(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) continue;
      ma += a[i];
      mb += b[i];
      n++;
    }
    ma /= n;
    mb /= n;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) continue;
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  @Test
  void everyNuisanceColumnIsInTheCellTableWithKnownValues() {
    DistortedScene s = new DistortedScene(8, 16, 4, 1);
    DescriptorTable cells = atoms(s.render(), false).cells();
    for (String c : InstrumentDescriptors.NUISANCE) assertThat(cells.names()).contains(c);
    for (String c : InstrumentDescriptors.COLUMNS) assertThat(cells.names()).contains(c);
    double[] e = cells.column("edge_distance_px");
    double[] x = cells.column("x_px");
    double[] y = cells.column("y_px");
    double[] fr = cells.column("fit_residual");
    for (int i = 0; i < e.length; i++) {
      assertThat(e[i]).isCloseTo(Math.min(Math.min(x[i], y[i]), Math.min(s.width - 1 - x[i], s.height - 1 - y[i])),
          org.assertj.core.data.Offset.offset(1e-9));
      if (cells.column("missing_sites")[i] > 0) continue;
      // the true columns are round Gaussians of σ = 2.5 px over a background of 10 counts
      assertThat(cells.column("width_A_px")[i]).isCloseTo(s.sigmaPx, org.assertj.core.data.Offset.offset(0.3));
      assertThat(cells.column("width_B_px")[i]).isCloseTo(s.sigmaPx, org.assertj.core.data.Offset.offset(0.5));
      assertThat(cells.column("sampling_x")[i]).isCloseTo(1, org.assertj.core.data.Offset.offset(0.02));
      assertThat(cells.column("sampling_y")[i]).isCloseTo(1, org.assertj.core.data.Offset.offset(0.02));
      assertThat(fr[i]).as("a clean fit is a typical fit").isBetween(0.7, 1.4);
    }
    for (String w : new String[] {"width_A_px", "width_B_px"}) {
      double[] v = java.util.Arrays.stream(cells.column(w)).filter(Double::isFinite).sorted().toArray();
      assertThat(v[v.length / 2]).as(w).isCloseTo(s.sigmaPx, org.assertj.core.data.Offset.offset(0.1));
    }
    // the fits' local background scatters by cell (8.5-15.4 counts here: a constant background over a small
    // window is poorly determined) about the true 10: only its median is asserted
    double[] bg = java.util.Arrays.stream(cells.column("background")).filter(Double::isFinite).sorted().toArray();
    assertThat(bg[bg.length / 2]).isBetween(s.background - 2, s.background + 5);
  }

  /** Fast-scan nonlinearity on a homogeneous scene: the raw intensity follows a_px, the normalised one does not. */
  @Test
  void normalisedIntensityDoesNotMoveWithTheFastScan() {
    DistortedScene s = new DistortedScene(20, 16, 4, 7).fastScan(0.08, 48, 0.04);
    Image img = s.render();
    DescriptorTable cells = atoms(img, false).cells();
    double[] a = cells.column("a_px");
    double raw = corr(cells.column("intensity_A"), a);
    double norm = corr(cells.column("intensity_A_norm"), a);
    double[] sx = cells.column("sampling_x");
    double[] x = cells.column("x_px");
    double ss = 0;
    int n = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    for (int i = 0; i < sx.length; i++) {
      double t = s.trueSamplingX(x[i], lo, hi);
      ss += (sx[i] - t) * (sx[i] - t);
      n++;
    }
    double rms = Math.sqrt(ss / n);
    System.out.printf("fast scan: corr(intensity_A, a_px) %.3f, corr(intensity_A_norm, a_px) %.3f, sampling_x RMS error %.4f%n", raw, norm, rms);
    assertThat(Math.abs(raw)).as("the raw intensity moves with the scan").isGreaterThan(0.25);
    assertThat(Math.abs(norm)).as("the normalised intensity does not").isLessThan(0.1);
    assertThat(rms).as("sampling_x follows the true fast-scan magnification").isLessThan(0.01);
  }

  @Test
  void lineOffsetFollowsTheTrueJitter() {
    DistortedScene s = new DistortedScene(20, 16, 4, 5).jitter(0.3, 3);
    Image img = s.render();
    DescriptorTable cells = atoms(img, false).cells();
    double[] off = cells.column("scan_line_offset_px");
    double[] y = cells.column("y_px");
    double[] truth = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      int r = (int) Math.floor(y[i]);
      double f = y[i] - r;
      truth[i] = s.jitter[r] * (1 - f) + s.jitter[Math.min(s.height - 1, r + 1)] * f;
    }
    double c = corr(off, truth);
    System.out.printf("jitter: corr(scan_line_offset_px, true jitter) %.3f%n", c);
    assertThat(c).isGreaterThan(0.8);
  }

  /** A paraelectric homogeneous perovskite (B exactly centred) from the project's simulator, through {@code d}. */
  static PerovskiteSimulator.Simulation paraelectric(int cells, ScanDistortion d, long seed) {
    HaadfRenderer.Options render = HaadfRenderer.Options.defaults(seed).withColumnSigmaPx(2.2).withDistortion(d);
    return new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(cells, cells, 16, 16, render).withPlacement(20, 14, 3))
        .simulate();
  }

  /** The simulator's realistic instrument: jitter, fast-scan nonlinearity and sampling against its own truth. */
  @Test
  void scanModelMatchesTheSimulatorsTruth() {
    PerovskiteSimulator.Simulation sim = paraelectric(24, ScanDistortion.realistic(), 21);
    DescriptorTable cells = atoms(sim.image(), false).cells();
    ScanMap truth = sim.scan();
    double[] y = cells.column("y_px");
    double[] x = cells.column("x_px");
    double[] jit = new double[y.length];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double meanMag = 0;
    int nm = 0;
    for (double t = lo; t <= hi; t += 0.5) {
      meanMag += truth.localMagnificationX(t);
      nm++;
    }
    meanMag /= nm;
    double ss = 0;
    double[] sx = cells.column("sampling_x");
    for (int i = 0; i < y.length; i++) {
      int r = (int) Math.floor(y[i]);
      double f = y[i] - r;
      jit[i] = truth.lineJitterPx(r) * (1 - f) + truth.lineJitterPx(Math.min(truth.height() - 1, r + 1)) * f;
      double e = sx[i] - truth.localMagnificationX(x[i]) / meanMag;
      ss += e * e;
    }
    double c = corr(cells.column("scan_line_offset_px"), jit);
    double rms = Math.sqrt(ss / y.length);
    double raw = corr(cells.column("intensity_A"), cells.column("a_px"));
    double norm = corr(cells.column("intensity_A_norm"), cells.column("a_px"));
    System.out.printf("simulator realistic: corr(scan_line_offset_px, jitter) %.3f, sampling_x RMS error %.4f,"
        + " corr(intensity_A, a_px) %.3f, corr(intensity_A_norm, a_px) %.3f%n", c, rms, raw, norm);
    // with the probe tail on, a fit window fixed in pixels catches a sampling-dependent share of the broad
    // tail, so some dependence remains (0.05-0.15 over seeds 21-24, raw 0.34-0.41): at least 2.5x smaller
    assertThat(Math.abs(norm)).isLessThan(Math.abs(raw) / 2.5);
    assertThat(c).isGreaterThan(0.8);
    assertThat(rms).isLessThan(0.01);
  }

  /**
   * Issue 13's acceptance, fast-scan nonlinearity with the probe tail on a homogeneous scene (24 × 24 cells),
   * eight seeds, without and with line jitter: the raw intensity follows a_px in every seed, the aperture proxy
   * does not. A proxy with independent counting noise per column, even one with no scan dependence at all,
   * correlates with a_px (here ≈ 0.95 a function of the scan column) by chance with a standard deviation of
   * about {@code 2/√cells} ≈ 0.08 (the factor 2: a cell averages four corners, each shared by four cells). So
   * per seed the test compares |corr| with that chance level, drawn for this very image (scan-free proxies with
   * the columns' reported noise, averaged over the cells' corners exactly as the table does), and asserts
   * |corr| < 0.1 for the mean over the seeds (standard error ≈ 0.03). Measured: see the printed line and
   * BENCHMARKS.md. Also the reported standard error matches the proxies' scatter (0.8-1.25) in every seed.
   * The first six seeds of the first scan also guard the fitted proxy {@code intensity_A_norm}.
   */
  @Test
  void apertureProxyIsScanFreeWithTheProbeTailOverSeeds() {
    ScanDistortion tail = ScanDistortion.realistic().withJitter(0, 0).withDrift(0, 0);
    String[] name = {"fast scan + probe tail", "fast scan + probe tail + line jitter"};
    ScanDistortion[] scans = {tail, ScanDistortion.realistic().withDrift(0, 0)};
    StringBuilder fittedLog = new StringBuilder();
    double fittedWorst = 0;
    int fittedBelow = 0;
    for (int k = 0; k < scans.length; k++) {
      StringBuilder log = new StringBuilder();
      double sum = 0;
      int seeds = 0;
      for (long seed = 21; seed < 29; seed++) {
        Image img = paraelectric(24, scans[k], seed).image();
        // independent pixel noise: the correlation estimate reads (near) zero and changes nothing
        InstrumentDescriptors.NoiseCorrelation noise = InstrumentDescriptors.noiseCorrelation(img);
        log.append(String.format(" seed %d: noise lag-1 x %.3f y %.3f;", seed, noise.x()[0], noise.y()[0]));
        assertThat(noise.significant()).as("seed %d noise correlation%s", seed, log).isFalse();
        assertThat(Math.abs(noise.y()[0])).as("seed %d noise correlation along y", seed).isLessThan(0.03);
        assertThat(Math.abs(noise.x()[0])).as("seed %d noise correlation along x", seed).isLessThan(k == 0 ? 0.03 : 0.08);
        AtomsResult r = atoms(img, false);
        DescriptorTable c = r.cells();
        double[] a = c.column("a_px");
        double raw = corr(c.column("intensity_A"), a);
        double norm = corr(c.column("intensity_A_ap"), a);
        double chance = chanceCorrelationSd(r, img, a, seed);
        double ratioA = sd(c.column("intensity_A_ap")) / rms(c.column("intensity_A_ap_sigma"));
        double ratioB = sd(c.column("intensity_B_ap")) / rms(c.column("intensity_B_ap_sigma"));
        log.append(String.format(" seed %d: raw %.3f, proxy %.3f (chance sd %.3f), observed/reported A %.2f B %.2f;", seed, raw, norm,
            chance, ratioA, ratioB));
        assertThat(Math.abs(raw)).as("seed %d: the raw intensity moves with the scan", seed).isGreaterThan(0.2);
        assertThat(Math.abs(norm)).as("seed %d: the proxy within chance (3 sd):%s", seed, log).isLessThan(3 * chance);
        assertThat(ratioA).as("seed %d intensity_A_ap_sigma honest", seed).isBetween(0.8, 1.25);
        assertThat(ratioB).as("seed %d intensity_B_ap_sigma honest", seed).isBetween(0.8, 1.25);
        sum += norm;
        seeds++;
        if (k == 0 && seed < 27) {
          // the fitted proxy intensity_A_norm (what the causal search uses, see FerroicAnalysis) on the first six
          double fitted = corr(c.column("intensity_A_norm"), a);
          fittedLog.append(String.format(" seed %d: %.3f;", seed, fitted));
          fittedWorst = Math.max(fittedWorst, Math.abs(fitted));
          if (Math.abs(fitted) < 0.1) fittedBelow++;
        }
      }
      System.out.printf("%s: mean corr(intensity_A_ap, a_px) %.3f;%s%n", name[k], sum / seeds, log);
      assertThat(Math.abs(sum / seeds)).as(name[k] + log).isLessThan(0.1);
    }
    // intensity_A_norm: 5 of 6 seeds below 0.1 (seed 22: -0.112), its fit's width/background trade-off follows
    // the scan when the probe has a tail (corr with width_A_px 0.91 on the null scene); the test guards that rate
    System.out.println("fast scan + probe tail, corr(intensity_A_norm, a_px):" + fittedLog);
    assertThat(fittedBelow).as("seeds with |corr(intensity_A_norm, a_px)| < 0.1:" + fittedLog).isGreaterThanOrEqualTo(5);
    assertThat(fittedWorst).as(fittedLog.toString()).isLessThan(0.15);
  }

  /**
   * The same scan without counting noise, so that only systematic effects remain: per column, the relative
   * change of the aperture intensity per unit of the true local magnification is a small fraction of the raw
   * integrated intensity's (which is ≈ 1: counts grow with the pixels a column covers).
   */
  @Test
  void apertureProxyDoesNotMoveWithTheTrueMagnificationWithoutNoise() {
    HaadfRenderer.Options render = HaadfRenderer.Options.defaults(21).withColumnSigmaPx(2.2)
        .withDistortion(ScanDistortion.realistic().withDrift(0, 0)).withNoise(false);
    PerovskiteSimulator.Simulation sim = new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(24, 24, 16, 16, render)
        .withPlacement(20, 14, 3)).simulate();
    AtomsResult r = atoms(sim.image(), false);
    InstrumentDescriptors.Aperture ap = InstrumentDescriptors.aperture(sim.image(), r.columns(), r.scan());
    ScanMap truth = sim.scan();
    StringBuilder log = new StringBuilder();
    for (int site = 0; site < 2; site++) {
      int n = r.columns().size();
      double[] mag = new double[n];
      double[] proxy = new double[n];
      double[] raw = new double[n];
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (r.lattice().site()[i] != site || !Double.isFinite(ap.value()[i])) continue;
        mag[m] = truth.localMagnificationX(r.columns().x()[i]);
        proxy[m] = ap.value()[i];
        raw[m] = r.columns().intensity()[i];
        m++;
      }
      double sp = relativeSlope(mag, proxy, m);
      double sr = relativeSlope(mag, raw, m);
      log.append(String.format(" site %d: raw %.3f, proxy %.3f;", site, sr, sp));
      assertThat(sr).as("site %d raw", site).isGreaterThan(0.8);
      assertThat(Math.abs(sp)).as("site %d:%s", site, log).isLessThan(0.1 * sr);
    }
    System.out.println("noise-free, relative change per unit magnification:" + log);
  }

  /**
   * The standard deviation of corr(proxy, a) for proxies without any scan dependence: every column gets an
   * independent normal error of its reported standard error, a cell averages its four A corners as
   * {@link InstrumentDescriptors#append} does; 200 draws.
   */
  private static double chanceCorrelationSd(AtomsResult r, Image img, double[] a, long seed) {
    InstrumentDescriptors.Aperture ap = InstrumentDescriptors.aperture(img, r.columns(), r.scan());
    java.util.Map<Long, Integer> at = new java.util.HashMap<>();
    Lattice lat = r.lattice();
    for (int i = 0; i < lat.site().length; i++) if (lat.site()[i] == 0) at.put(((long) lat.row()[i] << 32) ^ (lat.col()[i] & 0xffffffffL), i);
    DescriptorTable c = r.cells();
    double[] row = c.column("row");
    double[] col = c.column("col");
    double[] norm = c.column("intensity_A_ap");
    int[][] corners = new int[c.rows()][];
    for (int k = 0; k < c.rows(); k++) {
      if (!Double.isFinite(norm[k])) continue;
      int[] q = new int[4];
      for (int j = 0; j < 4; j++) {
        Integer i = at.get(((long) ((int) row[k] + j / 2) << 32) ^ (((int) col[k] + j % 2) & 0xffffffffL));
        if (i == null) throw new AssertionError("cell " + k + " without its corner");
        q[j] = i;
      }
      corners[k] = q;
    }
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    double[] z = new double[ap.value().length];
    double[] cell = new double[c.rows()];
    double ss = 0;
    int draws = 200;
    for (int d = 0; d < draws; d++) {
      for (int i = 0; i < z.length; i++) z[i] = Double.isFinite(ap.sigma()[i]) ? ap.sigma()[i] * normal(rng) : Double.NaN;
      for (int k = 0; k < cell.length; k++) {
        cell[k] = Double.NaN;
        if (corners[k] != null) cell[k] = (z[corners[k][0]] + z[corners[k][1]] + z[corners[k][2]] + z[corners[k][3]]) / 4;
      }
      double cc = corr(cell, a);
      ss += cc * cc;
    }
    return Math.sqrt(ss / draws);
  }

  private static double normal(java.util.SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** Least-squares slope of y on x over the first m entries, divided by the mean of y. */
  private static double relativeSlope(double[] x, double[] y, int m) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < m; i++) {
      mx += x[i] / m;
      my += y[i] / m;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < m; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    return sxy / sxx / my;
  }

  static double sd(double[] v) {
    double m = 0;
    int n = 0;
    for (double x : v) if (Double.isFinite(x)) {
      m += x;
      n++;
    }
    m /= n;
    double s = 0;
    for (double x : v) if (Double.isFinite(x)) s += (x - m) * (x - m);
    return Math.sqrt(s / (n - 1));
  }

  static double rms(double[] v) {
    double s = 0;
    int n = 0;
    for (double x : v) if (Double.isFinite(x)) {
      s += x * x;
      n++;
    }
    return Math.sqrt(s / n);
  }

  /**
   * The simulator's realistic scan without the probe tail (fast-scan nonlinearity, jitter, drift), four seeds:
   * the normalised intensity is independent of a_px in every one, the raw one is not.
   */
  @Test
  void normalisedIntensityIsScanFreeOverSeeds() {
    ScanDistortion d = ScanDistortion.realistic().withProbeTail(0, 4, 0, 0);
    StringBuilder log = new StringBuilder();
    for (long seed = 21; seed < 25; seed++) {
      DescriptorTable c = atoms(paraelectric(24, d, seed).image(), false).cells();
      double raw = corr(c.column("intensity_A"), c.column("a_px"));
      double norm = corr(c.column("intensity_A_norm"), c.column("a_px"));
      log.append(String.format(" seed %d: raw %.3f, normalised %.3f;", seed, raw, norm));
      assertThat(Math.abs(raw)).as("seed %d raw", seed).isGreaterThan(0.25);
      assertThat(Math.abs(norm)).as("seed %d normalised", seed).isLessThan(0.1);
    }
    System.out.println("realistic scan without tail:" + log);
  }

  /**
   * An offset probe tail that heavy (A) columns spread more of their counts into than light (B) ones makes a
   * significant uniform off-centring that grows with the fit window. (The simulator's tail is the same share of
   * every column's counts, so it shifts A and B alike and cancels in the B-minus-cage difference: measured
   * below 0.04 px and window-independent for tails of 10-30 % and 4-8 px; hence this test's own renderer.)
   */
  @Test
  void probeTailOffCentringIsSignificantAndGrowsWithTheWindow() {
    DistortedScene s = new DistortedScene(16, 16, 4, 3).fastScan(0.05, 48, 0.02).jitter(0.3, 3).tail(0.2, 0.05, 5, 1.5, 0.8);
    Image img = s.render();
    AtomsResult r = atoms(img, true);
    OffCentring off = r.offCentring();
    System.out.println("probe tail: " + off.sentence());
    assertThat(off.significant()).isTrue();
    assertThat(off.windows()).hasSize(3);
    assertThat(off.windowDependent()).isTrue();
    assertThat(off.windows().get(2).magnitudePx()).isGreaterThan(off.windows().get(0).magnitudePx());
    assertThat(off.sentence()).contains(OffCentring.CAVEAT);
    // polarization relative to a reference region: the region's mean is the zero
    AtomsResult rel = r.withReferenceRegion(0, 0, img.width() / 2.0, img.height() / 2.0);
    double[] px = rel.cells().column("polarization_rel_x_px");
    double[] x = rel.cells().column("x_px");
    double[] y = rel.cells().column("y_px");
    double sum = 0;
    int n = 0;
    for (int i = 0; i < px.length; i++) {
      if (!Double.isFinite(px[i]) || x[i] > img.width() / 2.0 || y[i] > img.height() / 2.0) continue;
      sum += px[i];
      n++;
    }
    assertThat(n).isEqualTo(rel.offCentring().reference().cells());
    assertThat(Math.abs(sum / n)).isLessThan(1e-9);
    assertThat(rel.offCentring().toMap()).containsKeys("reference_region", "by_fit_window", "caveat", "mean_px", "standard_error_px");
  }

  /**
   * Without the tail (jitter, fast-scan nonlinearity and drift still on), the mean off-centring is not
   * significant: 20 seeds, at least 18 must pass (the standard error must be honest about the scan).
   */
  @Test
  void withoutTheTailTheOffCentringIsNotSignificant() {
    ScanDistortion d = ScanDistortion.realistic().withProbeTail(0, 4, 0, 0);
    int quiet = 0;
    StringBuilder log = new StringBuilder();
    for (long seed = 100; seed < 120; seed++) {
      OffCentring off = atoms(paraelectric(12, d, seed).image(), false).offCentring();
      if (!off.significant()) quiet++;
      log.append(String.format(" %.1f", Math.sqrt(off.chiSquare())));
    }
    System.out.println("no tail: not significant in " + quiet + "/20; standard errors:" + log);
    assertThat(quiet).isGreaterThanOrEqualTo(18);
  }
}
