package org.causalem.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.image.Columns;
import org.causalem.image.GaussianRefiner;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeKind;
import org.junit.jupiter.api.Test;

/**
 * Each instrument effect of {@link ScanDistortion}, rendered physically, against a known answer derived
 * from its documented definition (never from the renderer's own bookkeeping).
 */
class ScanDistortionTest {
  static final double SIGMA = 2.2;

  static HaadfRenderer.Options render(ScanDistortion d, long seed) {
    return new HaadfRenderer.Options(SIGMA, 150, 10, 1, d, true, seed);
  }

  static Columns refine(Image image, Structure start, double windowPx) {
    return new GaussianRefiner(GaussianRefiner.Options.defaults().withWindow(windowPx, SIGMA)).refine(image, start.x(), start.y());
  }

  @Test
  void noneRendersExactlyTheIdealImage() {
    Structure s = new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(4, 4, 16, 16, HaadfRenderer.Options.defaults(1))).structure();
    double[] ideal = new HaadfRenderer(new HaadfRenderer.Options(SIGMA, 150, 10, 1, 0, 0, 0, false, 5)).expected(s, 90, 90);
    double[] none = new HaadfRenderer(render(ScanDistortion.none(), 5).withNoise(false)).expected(s, 90, 90);
    assertThat(none).containsExactly(ideal);
    assertThat(ScanDistortion.none().isNone()).isTrue();
    assertThat(ScanDistortion.realistic().isNone()).isFalse();
  }

  @Test
  void lineJitterIsAnAutoregressiveSeriesOfTheDocumentedRmsAndCorrelation() {
    ScanMap map = new HaadfRenderer(render(ScanDistortion.none().withJitter(0.3, 3), 2)).scanMap(10, 40000);
    double[] j = map.lineJitterPx();
    double ss = 0;
    double lag = 0;
    for (int i = 0; i < j.length; i++) {
      ss += j[i] * j[i];
      if (i > 0) lag += j[i] * j[i - 1];
    }
    assertThat(Math.sqrt(ss / j.length)).isCloseTo(0.3, Offset.offset(0.015));
    assertThat(lag / ss).isCloseTo(Math.exp(-1 / 3.0), Offset.offset(0.02));
    // deterministic for a seed, different for another
    assertThat(new HaadfRenderer(render(ScanDistortion.none().withJitter(0.3, 3), 2)).scanMap(10, 50).lineJitterPx())
        .containsExactly(java.util.Arrays.copyOf(j, 50));
    assertThat(new HaadfRenderer(render(ScanDistortion.none().withJitter(0.3, 3), 3)).scanMap(10, 50).lineJitterPx()[7])
        .isNotEqualTo(j[7]);
  }

  @Test
  void apparentPositionInvertsTheScan() {
    ScanMap map = new HaadfRenderer(render(ScanDistortion.realistic(), 4)).scanMap(300, 200);
    for (int row : new int[] {0, 17, 199}) {
      for (double col : new double[] {0, 3.5, 120, 299}) {
        // the point a pixel sampled, jitter removed, appears at that pixel
        double x = map.specimenX(col, row) + map.lineJitterPx(row);
        double y = map.specimenY(row);
        assertThat(map.apparentX(x, y)).isCloseTo(col, Offset.offset(1e-8));
        assertThat(map.apparentY(x, y)).isCloseTo(row, Offset.offset(1e-8));
      }
    }
  }

  /** A column's fitted x moves with the line jitter of the rows it covers, weighted by its profile. */
  @Test
  void columnsFollowTheLineJitter() {
    ScanDistortion d = ScanDistortion.none().withJitter(0.4, 3);
    PerovskiteSimulator.Simulation sim = new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(14, 14, 16, 16, render(d, 7))).simulate();
    Structure truth = sim.structure();
    Columns fit = refine(sim.image(), truth, 5.5);
    double[] jitter = sim.scan().lineJitterPx();
    for (int sub = 0; sub < 2; sub++) {
      int n = 0;
      double[] measured = new double[truth.size()];
      double[] predicted = new double[truth.size()];
      for (int i = 0; i < truth.size(); i++) {
        if (truth.sublattice()[i] != sub || !fit.converged()[i]) continue;
        // profile-weighted mean of the line offsets over the rows the column covers
        double sw = 0;
        double sj = 0;
        for (int r = Math.max(0, (int) (truth.y()[i] - 8)); r <= Math.min(jitter.length - 1, (int) (truth.y()[i] + 8)); r++) {
          double dy = r - truth.y()[i];
          double w = Math.exp(-dy * dy / (2 * SIGMA * SIGMA));
          sw += w;
          sj += w * jitter[r];
        }
        measured[n] = fit.x()[i] - truth.x()[i];
        predicted[n++] = sj / sw;
      }
      assertThat(n).isGreaterThan(150);
      assertThat(correlation(measured, predicted, n)).as("sublattice %d", sub).isGreaterThan(0.9);
    }
  }

  /** The local x period of the lattice follows the documented local magnification 1/F'(x). */
  @Test
  void fastScanNonlinearityChangesTheLocalPeriod() {
    ScanDistortion d = ScanDistortion.realistic().withJitter(0, 0).withDrift(0, 0).withProbeTail(0, 3, 0, 0);
    int cols = 28;
    PerovskiteSimulator.Simulation sim = new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(4, cols, 16, 16, render(d, 8).withNoise(false))
        .withPlacement(4, 10, 0)).simulate();
    Structure truth = sim.structure();
    Columns fit = refine(sim.image(), truth, 5.5);
    int width = sim.image().width();
    double[] measured = new double[5 * cols];
    double[] predicted = new double[5 * cols];
    int n = 0;
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < cols; j++) {
        int k = i * (cols + 1) + j;
        double x0 = fit.x()[k];
        double x1 = fit.x()[k + 1];
        double mid = (x0 + x1) / 2;
        // documented: F'(j) = 1 − 0.05·exp(−j/48) + 0.02·(j/(W−1) − ½); the period is 16 px / F'
        double step = 1 - 0.05 * Math.exp(-mid / 48) + 0.02 * (mid / (width - 1) - 0.5);
        measured[n] = x1 - x0;
        predicted[n++] = 16 / step;
      }
    }
    double ss = 0;
    double spread = 0;
    double mean = 0;
    for (int k = 0; k < n; k++) mean += predicted[k] / n;
    for (int k = 0; k < n; k++) {
      ss += (measured[k] - predicted[k]) * (measured[k] - predicted[k]);
      spread += (predicted[k] - mean) * (predicted[k] - mean);
    }
    assertThat(Math.sqrt(spread / n)).as("spread of the true period").isGreaterThan(0.15);
    assertThat(Math.sqrt(ss / n)).as("RMS period error (noise-free image)").isLessThan(0.02);
    assertThat(correlation(measured, predicted, n)).isGreaterThan(0.95);
  }

  /**
   * An offset probe tail pulls a fitted Gaussian centre towards it: first order in the tail, the shift is the
   * odd (point-reflected) part of the column profile projected on the centre derivatives with the Poisson
   * weights of the fit, over the fit window. It grows with the window.
   */
  @Test
  void probeTailShiftsFittedCentresAsPredicted() {
    double ox = 1.2;
    double oy = -1.2;
    ScanDistortion d = ScanDistortion.none().withProbeTail(0.15, 3, ox, oy);
    HaadfRenderer.Options o = new HaadfRenderer.Options(SIGMA, 2000, 10, 0, d, false, 1);
    double x0 = 40.3;
    double y0 = 40.6;
    Structure one = new Structure(new double[] {x0}, new double[] {y0}, new double[] {1}, new int[1], new int[1], new int[1],
        new boolean[] {true}, new boolean[1], java.util.List.of("A"));
    int size = 81;
    double[] mu = new HaadfRenderer(o).expected(one, size, size);
    Image image = Image.of(toFloat(mu), size, size);
    double previous = 0;
    for (double window : new double[] {4, 6, 8}) {
      Columns fit = refine(image, one, window);
      double dx = fit.x()[0] - x0;
      double dy = fit.y()[0] - y0;
      // predicted: the column profile d, its odd part about the fitted centre, the fitted Gaussian's derivatives
      double cx = fit.x()[0];
      double cy = fit.y()[0];
      double a = fit.amplitude()[0];
      double p = fit.p()[0];
      double q = fit.q()[0];
      double r = fit.r()[0];
      double f00 = 0;
      double f01 = 0;
      double f11 = 0;
      double g0 = 0;
      double g1 = 0;
      for (int yy = 0; yy < size; yy++) {
        for (int xx = 0; xx < size; xx++) {
          double ex = xx - cx;
          double ey = yy - cy;
          if (ex * ex + ey * ey > window * window) continue;
          double here = profile(xx, yy, x0, y0, d);
          double mirror = profile(2 * cx - xx, 2 * cy - yy, x0, y0, d);
          double odd = 2000 * (here - mirror) / 2;
          double g = a * Math.exp(-0.5 * (p * ex * ex + 2 * q * ex * ey + r * ey * ey));
          double d0 = g * (p * ex + q * ey);
          double d1 = g * (q * ex + r * ey);
          double w = 1 / mu[yy * size + xx];
          f00 += d0 * d0 * w;
          f01 += d0 * d1 * w;
          f11 += d1 * d1 * w;
          g0 += odd * d0 * w;
          g1 += odd * d1 * w;
        }
      }
      double det = f00 * f11 - f01 * f01;
      // the odd part measured about the fitted centre is what remains unexplained; add back the fitted shift
      double px = (f11 * g0 - f01 * g1) / det + dx;
      double py = (f00 * g1 - f01 * g0) / det + dy;
      assertThat(Math.signum(dx)).as("x shift towards the tail, window %s", window).isEqualTo(Math.signum(ox));
      assertThat(Math.signum(dy)).as("y shift towards the tail, window %s", window).isEqualTo(Math.signum(oy));
      assertThat(dx / px).as("x shift / first-order prediction, window %s", window).isBetween(0.75, 1.33);
      assertThat(dy / py).as("y shift / first-order prediction, window %s", window).isBetween(0.75, 1.33);
      assertThat(Math.abs(dx)).as("shift grows with the window").isGreaterThan(previous);
      previous = Math.abs(dx);
    }
    assertThat(previous).as("a visible shift at window 8").isGreaterThan(0.05);
  }

  /** The column profile (peak 1, documented normalisation: the tail holds its fraction of the integral). */
  private static double profile(double x, double y, double x0, double y0, ScanDistortion d) {
    double s2 = SIGMA * SIGMA;
    double t2 = s2 + d.tailSigmaPx() * d.tailSigmaPx();
    double dx = x - x0;
    double dy = y - y0;
    double core = (1 - d.tailFraction()) * Math.exp(-(dx * dx + dy * dy) / (2 * s2));
    double tx = dx - d.tailOffsetXPx();
    double ty = dy - d.tailOffsetYPx();
    return core + d.tailFraction() * s2 / t2 * Math.exp(-(tx * tx + ty * ty) / (2 * t2));
  }

  /** Linear drift shears and stretches the lattice; the pipeline's linear scan correction removes it. */
  @Test
  void driftIsRemovedByTheLinearScanCorrection() {
    ScanDistortion d = ScanDistortion.none().withDrift(0.02, 0.01);
    PerovskiteSimulator.Simulation sim = new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(10, 10, 24, 24,
        new HaadfRenderer.Options(2.5, 150, 10, 1, d, true, 9)).withPlacement(12, 12, 0)).simulate();
    AtomsPipeline.Options o = AtomsPipeline.Options.of(LatticeKind.PEROVSKITE);
    AtomsResult raw = new AtomsPipeline(o).run(sim.image(), Progress.NONE);
    // documented: y = row·(1 − dy), x = col − dx·row: b appears as (24·dx, 24)/(1 − dy)
    double by = 24 / (1 - 0.01);
    double bx = by * 0.02;
    assertThat(raw.reference().gammaDeg()).isCloseTo(Math.toDegrees(Math.atan2(by, bx)), Offset.offset(0.05));
    AtomsResult fixed = new AtomsPipeline(o.withScanCorrection(true)).run(sim.image(), Progress.NONE);
    double[] gamma = fixed.cells().column("gamma_deg");
    double g = 0;
    int n = 0;
    for (double v : gamma) {
      if (Double.isNaN(v)) continue;
      g += v;
      n++;
    }
    assertThat(g / n).isCloseTo(90, Offset.offset(0.05));
  }

  @Test
  void nullSceneHasNoMechanism() {
    FerroicScenario.Options o = FerroicScenario.Options.nullScene(3).withDistortion(ScanDistortion.realistic());
    assertThat(o.trueEdges()).isEmpty();
    assertThat(FerroicScenario.Options.defaults(3).trueEdges()).hasSize(3);
    assertThat(o.render().scan()).isEqualTo(ScanDistortion.realistic());
    PerovskiteSimulator.Simulation sim = new FerroicScenario(new FerroicScenario.Options(6, 6, 16, 16, 0, 0, 0, 0, 0, 0,
        o.render(), 3)).simulate().simulation();
    // homogeneous: every A column of intensity 1, every B 0.7 at the centre of its cell, a perfect 16 px lattice
    Structure s = sim.specimen();
    for (int i = 0; i < s.size(); i++) {
      assertThat(s.intensity()[i]).isEqualTo(s.sublattice()[i] == 0 ? 1.0 : 0.7);
      double cx = s.sublattice()[i] == 0 ? s.col()[i] * 16.0 : (s.col()[i] + 0.5) * 16;
      double cy = s.sublattice()[i] == 0 ? s.row()[i] * 16.0 : (s.row()[i] + 0.5) * 16;
      assertThat(s.x()[i] - s.x()[0]).isCloseTo(cx, Offset.offset(1e-9));
      assertThat(s.y()[i] - s.y()[0]).isCloseTo(cy, Offset.offset(1e-9));
    }
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }

  static double correlation(double[] a, double[] b, int n) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i] / n;
      mb += b[i] / n;
    }
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
