package org.causalem.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LawDiscoveryTest {
  static double gauss(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lorenz trajectory by RK4 with a fine inner step, independent of SparseLaw. */
  static double[][] lorenz(double[] t, double[] x0) {
    double s = 10;
    double r = 28;
    double b = 8.0 / 3;
    double[][] out = new double[3][t.length];
    double[] x = x0.clone();
    int sub = 10;
    for (int i = 0; i < t.length; i++) {
      if (i > 0) {
        double h = (t[i] - t[i - 1]) / sub;
        for (int k = 0; k < sub; k++) {
          double[] k1 = f(x, s, r, b);
          double[] k2 = f(add(x, k1, h / 2), s, r, b);
          double[] k3 = f(add(x, k2, h / 2), s, r, b);
          double[] k4 = f(add(x, k3, h), s, r, b);
          for (int v = 0; v < 3; v++) x[v] += h / 6 * (k1[v] + 2 * k2[v] + 2 * k3[v] + k4[v]);
        }
      }
      for (int v = 0; v < 3; v++) out[v][i] = x[v];
    }
    return out;
  }

  private static double[] f(double[] x, double s, double r, double b) {
    return new double[] {s * (x[1] - x[0]), x[0] * (r - x[2]) - x[1], x[0] * x[1] - b * x[2]};
  }

  private static double[] add(double[] x, double[] k, double h) {
    return new double[] {x[0] + h * k[0], x[1] + h * k[1], x[2] + h * k[2]};
  }

  static void addNoise(double[][] x, double fraction, SplittableRandom rnd) {
    for (double[] col : x) {
      double m = 0;
      for (double v : col) m += v;
      m /= col.length;
      double var = 0;
      for (double v : col) var += (v - m) * (v - m);
      double sd = Math.sqrt(var / col.length);
      for (int i = 0; i < col.length; i++) col[i] += fraction * sd * gauss(rnd);
    }
  }

  @Test void recoversLorenzFromNoisyData() {
    int n = 10000;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) t[i] = i * 0.002;
    double[][] x = lorenz(t, new double[] {-8, 7, 27});
    addNoise(x, 0.01, new SplittableRandom(3));
    LawDiscovery.Options o = new LawDiscovery.Options(2, 0.5, SparsityPath.Criterion.BIC, new SavitzkyGolay.Options(12, 3), 20, 30, 1e-3, 7);
    LawDiscovery.Result res = new LawDiscovery(o).discover(t, x, List.of("x", "y", "z"));
    List<String> names = res.law().library().names();
    double[][] truth = new double[3][names.size()];
    truth[0][names.indexOf("x")] = -10;
    truth[0][names.indexOf("y")] = 10;
    truth[1][names.indexOf("x")] = 28;
    truth[1][names.indexOf("y")] = -1;
    truth[1][names.indexOf("x*z")] = -1;
    truth[2][names.indexOf("z")] = -8.0 / 3;
    truth[2][names.indexOf("x*y")] = 1;
    for (int j = 0; j < 3; j++) {
      for (int f = 0; f < names.size(); f++) {
        double c = res.law().coefficients()[j][f];
        if (truth[j][f] == 0) {
          assertThat(c).as("eq %d term %s", j, names.get(f)).isEqualTo(0.0);
        } else {
          assertThat(c).as("eq %d term %s", j, names.get(f)).isCloseTo(truth[j][f], within(0.02 * Math.abs(truth[j][f])));
          assertThat(res.inclusionProbability()[j][f]).isGreaterThan(0.9);
        }
      }
    }
    // the threshold-free choice by BIC finds the same support
    LawDiscovery.Options bic = new LawDiscovery.Options(2, Double.NaN, SparsityPath.Criterion.BIC, new SavitzkyGolay.Options(12, 3), 5, 30, 1e-3, 7);
    LawDiscovery.Result r2 = new LawDiscovery(bic).discover(t, x, List.of("x", "y", "z"));
    for (int j = 0; j < 3; j++) {
      for (int f = 0; f < names.size(); f++) {
        assertThat(r2.law().coefficients()[j][f] != 0).as("BIC eq %d term %s", j, names.get(f)).isEqualTo(truth[j][f] != 0);
      }
    }
  }

  @Test void recoversLogisticGrowth() {
    double r = 0.8;
    double k = 5;
    int n = 1500;
    double[] t = new double[n];
    double[][] x = new double[1][n];
    for (int i = 0; i < n; i++) {
      t[i] = i * 0.01;
      double x0 = 0.1;
      x[0][i] = k / (1 + (k / x0 - 1) * Math.exp(-r * t[i])); // exact solution
    }
    addNoise(x, 0.001, new SplittableRandom(9));
    LawDiscovery.Options o = new LawDiscovery.Options(3, Double.NaN, SparsityPath.Criterion.BIC, new SavitzkyGolay.Options(10, 3), 20, 40, 1e-3, 1);
    LawDiscovery.Result res = new LawDiscovery(o).discover(t, x, List.of("x"));
    List<String> names = res.law().library().names();
    assertThat(names).containsExactly("1", "x", "x^2", "x^3");
    double[] c = res.law().coefficients()[0];
    assertThat(c[0]).isEqualTo(0.0);
    assertThat(c[3]).isEqualTo(0.0);
    assertThat(c[1]).isCloseTo(r, within(0.02 * r));
    assertThat(c[2]).isCloseTo(-r / k, within(0.02 * r / k));
  }

  @Test void paretoFrontIsMonotoneAndSimulationFollowsTheLaw() {
    FeatureLibrary lib = FeatureLibrary.polynomial(List.of("x"), 2);
    SparseLaw law = new SparseLaw(lib, new double[][] {{0, -0.5, 0}});
    double[] t = {0, 1, 2};
    double[][] sim = law.simulate(new double[] {2}, t, 0.01);
    assertThat(sim[0][2]).isCloseTo(2 * Math.exp(-1), within(1e-8));
    assertThat(law.describe("t")).containsExactly("dx/dt = -0.500000 x");

    SplittableRandom rnd = new SplittableRandom(1);
    int n = 200;
    double[][] theta = new double[4][n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < 4; f++) theta[f][i] = gauss(rnd);
      y[i] = 3 * theta[0][i] - 0.3 * theta[2][i] + 0.05 * gauss(rnd);
    }
    SparsityPath path = SparsityPath.compute(NormalEquations.of(theta, new double[][] {y}, null), 0, 30, 0, 0);
    List<SparsityPath.Point> front = path.pareto();
    for (int i = 1; i < front.size(); i++) {
      assertThat(front.get(i).terms()).isGreaterThan(front.get(i - 1).terms());
      assertThat(front.get(i).rss()).isLessThan(front.get(i - 1).rss());
    }
    SparsityPath.Point best = path.best(SparsityPath.Criterion.BIC);
    assertThat(best.terms()).isEqualTo(2);
    assertThat(best.coefficients()[0]).isCloseTo(3, within(0.05));
    assertThat(best.coefficients()[2]).isCloseTo(-0.3, within(0.05));
  }

  @Test void savitzkyGolayDifferentiatesPolynomialsExactly() {
    double[] t = new double[50];
    double[] x = new double[50];
    for (int i = 0; i < 50; i++) {
      t[i] = 0.1 * i + 0.01 * (i % 3); // non-uniform
      x[i] = 2 - t[i] + 0.5 * t[i] * t[i] * t[i];
    }
    double[] d = new SavitzkyGolay(new SavitzkyGolay.Options(4, 3)).derivative(t, x);
    for (int i = 0; i < 50; i++) assertThat(d[i]).isCloseTo(-1 + 1.5 * t[i] * t[i], within(1e-8));
  }
}
