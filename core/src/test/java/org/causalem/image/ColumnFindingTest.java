package org.causalem.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.causalem.data.Image;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.Structure;
import org.junit.jupiter.api.Test;

/** Detection and Gaussian refinement against simulated perovskite images with known column positions. */
class ColumnFindingTest {
  private static final double SIGMA = 2.5;
  private static final double BACKGROUND = 10;
  private static final double READ_NOISE = 1;

  private static PerovskiteSimulator.Simulation perovskite(long seed) {
    HaadfRenderer.Options render = new HaadfRenderer.Options(SIGMA, 150, BACKGROUND, READ_NOISE, 0, 0, 0, true, seed);
    int rows = 12;
    int cols = 12;
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    double[][] dx = new double[rows][cols];
    double[][] dy = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        dx[i][j] = 0.8 * (r.nextDouble() - 0.5);
        dy[i][j] = 0.8 * (r.nextDouble() - 0.5);
      }
    }
    PerovskiteSimulator.Options o = PerovskiteSimulator.Options.uniform(rows, cols, 24.3, 23.7, render)
        .withDisplacement(dx, dy).withPlacement(28.3, 11.8, 3.0);
    return new PerovskiteSimulator(o).simulate();
  }

  @Test
  void findsEveryColumnOnceAndReachesTheCramerRaoBound() {
    PerovskiteSimulator.Simulation sim = perovskite(7);
    Image image = sim.image();
    Structure truth = sim.structure();
    Detection det = new ColumnDetector(ColumnDetector.Options.defaults()).detect(image);
    double[] sx = Arrays.stream(det.x()).asDoubleStream().toArray();
    double[] sy = Arrays.stream(det.y()).asDoubleStream().toArray();
    Columns cols = new GaussianRefiner(GaussianRefiner.Options.defaults()).refine(image, sx, sy);

    int[] match = ColumnFindingTestSupport.matchOneToOne(truth.x(), truth.y(), cols.x(), cols.y(), 3.0);
    int missed = 0;
    for (int m : match) if (m < 0) missed++;
    assertThat(missed).as("true columns without a found column").isZero();
    assertThat(cols.size()).as("found columns (no extras)").isEqualTo(truth.size());
    assertThat(cols.convergedCount()).isEqualTo(cols.size());

    double[] mu = new HaadfRenderer(new HaadfRenderer.Options(SIGMA, 150, BACKGROUND, READ_NOISE, 0, 0, 0, false, 0))
        .expected(truth, image.width(), image.height());
    double se = 0;
    double bound = 0;
    double reportedVar = 0;
    for (int i = 0; i < truth.size(); i++) {
      int j = match[i];
      double ex = cols.x()[j] - truth.x()[i];
      double ey = cols.y()[j] - truth.y()[i];
      se += (ex * ex + ey * ey) / 2;
      double[] crlb = ColumnFindingTestSupport.cramerRao(mu, image.width(), image.height(), truth.x()[i], truth.y()[i], 150 * truth.intensity()[i], SIGMA, READ_NOISE);
      bound += (crlb[0] + crlb[1]) / 2;
      reportedVar += (cols.xErrPx()[j] * cols.xErrPx()[j] + cols.yErrPx()[j] * cols.yErrPx()[j]) / 2;
    }
    double rms = Math.sqrt(se / truth.size());
    double crlb = Math.sqrt(bound / truth.size());
    assertThat(crlb).isBetween(0.02, 0.06);
    assertThat(rms / crlb).as("RMS error / CRLB (rms %.4f px, crlb %.4f px)", rms, crlb).isLessThanOrEqualTo(1.2);
    // the reported Fisher uncertainty agrees with the bound
    assertThat(Math.sqrt(reportedVar / truth.size()) / crlb).isBetween(0.85, 1.2);
  }

  /**
   * The accuracy gate of the refinement, pooled over three noisy images with known columns (fits started at the true
   * positions): the RMS position error within 5 % of the Cramér–Rao bound, the reported position and integrated
   * intensity errors (delta method on the Fisher information) matching the actual errors; the true integral of a
   * rendered column is 2π·σ²·peak.
   */
  @Test
  void positionsReachTheCramerRaoBoundAndUncertaintiesMatchTheActualErrors() {
    double chi2 = 0;
    double rel = 0;
    double se = 0;
    double bound = 0;
    double z2 = 0;
    int m = 0;
    for (long seed = 11; seed <= 13; seed++) {
      PerovskiteSimulator.Simulation sim = perovskite(seed);
      Structure truth = sim.structure();
      Columns cols = new GaussianRefiner(GaussianRefiner.Options.defaults()).refine(sim.image(), truth.x(), truth.y());
      double[] mu = new HaadfRenderer(new HaadfRenderer.Options(SIGMA, 150, BACKGROUND, READ_NOISE, 0, 0, 0, false, 0))
          .expected(truth, sim.image().width(), sim.image().height());
      assertThat(cols.convergedCount()).isEqualTo(truth.size());
      for (int i = 0; i < truth.size(); i++) {
        double expected = 2 * Math.PI * SIGMA * SIGMA * 150 * truth.intensity()[i];
        double z = (cols.intensity()[i] - expected) / cols.intensityErr()[i];
        chi2 += z * z;
        rel += cols.intensityErr()[i] / expected;
        double ex = cols.x()[i] - truth.x()[i];
        double ey = cols.y()[i] - truth.y()[i];
        se += (ex * ex + ey * ey) / 2;
        double[] crlb = ColumnFindingTestSupport.cramerRao(mu, sim.image().width(), sim.image().height(), truth.x()[i], truth.y()[i],
            150 * truth.intensity()[i], SIGMA, READ_NOISE);
        bound += (crlb[0] + crlb[1]) / 2;
        z2 += (ex * ex / (cols.xErrPx()[i] * cols.xErrPx()[i]) + ey * ey / (cols.yErrPx()[i] * cols.yErrPx()[i])) / 2;
        m++;
      }
    }
    // 939 columns: the RMS over the bound has a sampling error of about 2 %
    assertThat(Math.sqrt(se / bound)).as("RMS position error / CRLB").isLessThanOrEqualTo(1.05);
    assertThat(Math.sqrt(z2 / m)).as("RMS of position error / reported error").isBetween(0.9, 1.1);
    // a few per cent at this dose, and the scatter of the errors is what the errors say
    assertThat(rel / m).isBetween(0.005, 0.1);
    assertThat(Math.sqrt(chi2 / m)).as("RMS of error / reported error").isBetween(0.8, 1.25);
  }
}
