package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.bayes.GaussianProcess;
import org.causalem.bayes.HypothesisRanking;
import org.causalem.bayes.Kernel;
import org.causalem.bayes.MeanFunction;
import org.junit.jupiter.api.Test;

class SpatialHypothesesTest {
  /** Noise sd of the test data: large enough that the mixed cell's value pins the step only to ~1/8 of the cell, which 40 nodes resolve. */
  private static final double NOISE = 0.25;

  /**
   * The step's evidence (summed over a few configurations, a mixed cell's value by its plug-in density) against the
   * integral over the step's position by brute force: in the measured cells 40 positions (where the step is when
   * its value is between the plateaus) or 2 (the cell's value the area-weighted mean of the plateaus for each), and each unmeasured stretch at once (the likelihood is constant there);
   * every term a structured GP with the position fixed, its noise-integrated evidence weighted by the prior mass.
   */
  @Test void stepEvidenceMatchesTheIntegralOverTheStepsPosition() {
    double[][] cells = new double[30][];
    for (int i = 0; i < cells.length; i++) cells[i] = new double[] {i};
    int[] measured = {2, 8, 13, 15, 16, 22, 27};
    for (double c : new double[] {15.6, 19.2}) { // the step in a measured cell (16 reads 1.8) and in an unmeasured stretch
      SplittableRandom rng = new SplittableRandom(3);
      double[][] x = new double[measured.length][];
      double[] y = new double[measured.length];
      for (int j = 0; j < measured.length; j++) {
        x[j] = cells[measured[j]];
        y[j] = 2 * Math.min(1, Math.max(0, measured[j] + 0.5 - c)) + NOISE * rng.nextGaussian();
      }
      SpatialHypotheses.Scaling sc = SpatialHypotheses.Scaling.of(x, cells);
      MeanFunction step = SpatialHypotheses.of(List.of("step"), 1, sc, y).get(0);
      GaussianProcess.Options go = new GaussianProcess.Options(Kernel.MATERN52, true, 2, 150, 200, 2.0, 11);
      double summed = HypothesisRanking.fit(step, x, y, go).logEvidence();
      double h = 0.5 * sc.cell();
      double[] edges = new double[2 * measured.length];
      for (int j = 0; j < measured.length; j++) {
        edges[2 * j] = sc.u(x[j], 0) - h;
        edges[2 * j + 1] = sc.u(x[j], 0) + h;
      }
      java.util.List<double[]> terms = new java.util.ArrayList<>(); // {d, prior mass}
      for (int j = 0; j <= measured.length; j++) {
        double lo = j == 0 ? Double.NEGATIVE_INFINITY : edges[2 * j - 1];
        double hi = j == measured.length ? Double.POSITIVE_INFINITY : edges[2 * j];
        if (hi - lo > 1e-9) terms.add(new double[] {j == 0 ? hi - 0.5 : j == measured.length ? lo + 0.5 : 0.5 * (lo + hi), mass(lo, hi)});
        if (j < measured.length) {
          int nodes = measured[j] == 16 ? Integer.getInteger("nodes", 40) : 2; // the mixed cell finely (its value pins the step within 1/40 of it); elsewhere the integrand is ~0 but at the cell's edge
          for (int q = 0; q < nodes; q++) {
            double a = edges[2 * j] + q * 2 * h / nodes;
            terms.add(new double[] {a + h / nodes, mass(a, a + 2 * h / nodes)});
          }
        }
      }
      double max = Double.NEGATIVE_INFINITY;
      double[] logs = new double[terms.size()];
      for (int t = 0; t < logs.length; t++) {
        double d = terms.get(t)[0];
        MeanFunction fixed = MeanFunction.of("box", List.of("a", "b"), java.util.Arrays.copyOf(step.priorMean(), 2), java.util.Arrays.copyOf(step.priorSd(), 2),
            (p, th) -> th[0].add(th[1].mul(2 * Math.min(1, Math.max(0, (sc.u(p, 0) - d) / (2 * h) + 0.5)) - 1)));
        logs[t] = Math.log(terms.get(t)[1]) + HypothesisRanking.fit(fixed, x, y, go).logEvidence();
        max = Math.max(max, logs[t]);
      }
      double sum = 0;
      for (double v : logs) sum += Math.exp(v - max);
      double brute = max + Math.log(sum);
      System.out.printf("step at %.1f: summed over configurations %.3f, brute force %.3f%n", c, summed, brute);
      // measured: -13.24 against -13.15 (step in the measured cell 16), -11.01 against -10.72 (in a stretch); 120 nodes
      // instead of 40 change the brute force by 0.002
      assertThat(summed).as("step at " + c).isCloseTo(brute, within(0.5));
    }
  }

  private static double mass(double lo, double hi) {
    return cdf(hi / SpatialHypotheses.POSITION_SD) - cdf(lo / SpatialHypotheses.POSITION_SD);
  }

  private static double cdf(double z) { return 0.5 * org.hipparchus.special.Erf.erfc(-z / Math.sqrt(2)); }
}
