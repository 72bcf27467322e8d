package org.causalem.bayes;

import org.causalem.numeric.Cholesky;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NutsTest {
  /** N(μ, Σ) with Σ_ij = s_i s_j 0.8^|i−j|: log density and gradient from the explicit precision matrix. */
  static final class CorrelatedGaussian implements LogDensity {
    final int d = 10;
    final double[] mu = new double[d];
    final double[] cov = new double[d * d];
    final double[] prec;

    CorrelatedGaussian() {
      double[] s = new double[d];
      for (int i = 0; i < d; i++) {
        mu[i] = 0.5 * i - 2;
        s[i] = Math.exp(-0.7 + 1.8 * i / (d - 1)); // 0.5 … 3
      }
      for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) cov[i * d + j] = s[i] * s[j] * Math.pow(0.8, Math.abs(i - j));
      prec = Cholesky.of(cov, d).inverse();
    }

    @Override public int dimension() { return d; }

    @Override public double evaluate(double[] x, double[] g) {
      double lp = 0;
      for (int i = 0; i < d; i++) {
        double s = 0;
        for (int j = 0; j < d; j++) s += prec[i * d + j] * (x[j] - mu[j]);
        g[i] = -s;
        lp -= 0.5 * (x[i] - mu[i]) * s;
      }
      return lp;
    }
  }

  @Test void correlatedGaussianMeansWithinThreeMonteCarloErrors() {
    CorrelatedGaussian target = new CorrelatedGaussian();
    McmcResult r = new Nuts(new Nuts.Options(600, 1000, 4, 0.8, 10, 42, 2)).sample(target);
    assertThat(r.divergences()).isZero();
    double[] mean = r.mean();
    double[] mcse = r.mcse();
    double[] rhat = r.rhat();
    double[] sd = r.sd();
    for (int i = 0; i < target.d; i++) {
      assertThat(Math.abs(mean[i] - target.mu[i])).as("mean %d", i).isLessThan(3 * mcse[i]);
      assertThat(rhat[i]).as("rhat %d", i).isLessThan(1.01);
      assertThat(sd[i]).as("sd %d", i).isCloseTo(Math.sqrt(target.cov[i * target.d + i]), within(0.1 * Math.sqrt(target.cov[i * target.d + i])));
    }
    // the metric adapted to the marginal variances
    double[] inv = r.chains().get(0).inverseMetric();
    assertThat(inv[9] / inv[0]).isGreaterThan(10);
  }

  @Test void bananaWrittenWithAutomaticDifferentiation() {
    // θ1 ~ N(0, 1.5²), θ2 | θ1 ~ N(0.3 θ1², 1): E θ1 = 0, E θ2 = 0.3·2.25 = 0.675
    AdLogDensity banana = new AdLogDensity(2, th -> th[0].normalLogDensity(0, 1.5)
        .add(Var.normalLogDensity(0, th[1].sub(th[0].square().mul(0.3)), th[0].tape.constant(1))));
    McmcResult r = new Nuts(new Nuts.Options(800, 1500, 4, 0.9, 10, 7, 2)).sample(banana);
    double[] mean = r.mean();
    double[] mcse = r.mcse();
    double[] rhat = r.rhat();
    assertThat(Math.abs(mean[0])).isLessThan(3 * mcse[0]);
    assertThat(Math.abs(mean[1] - 0.675)).isLessThan(3 * mcse[1]);
    assertThat(rhat[0]).isLessThan(1.01);
    assertThat(rhat[1]).isLessThan(1.01);
  }

  @Test void sameSeedSameDraws() {
    CorrelatedGaussian target = new CorrelatedGaussian();
    Nuts.Options o = new Nuts.Options(100, 50, 2, 0.8, 8, 3, 2);
    McmcResult a = new Nuts(o).sample(target);
    McmcResult b = new Nuts(o).sample(target);
    assertThat(a.pooled()).isDeepEqualTo(b.pooled());
  }

  @Test void automaticDifferentiationMatchesFiniteDifferences() {
    AdLogDensity.Model f = th -> th[0].mul(th[1]).sin().add(th[2].exp().div(th[0].square().add(1)))
        .sub(th[1].log1p().mul(th[2])).add(th[0].tanh().pow(3)).add(th[1].sqrt().sigmoid()).add(th[2].cos().neg())
        .add(th[1].rsub(2).mul(th[0]).div(3).sub(1));
    AdLogDensity ad = new AdLogDensity(3, f);
    double[] x = {0.7, 1.3, -0.4};
    double[] g = new double[3];
    double v = ad.evaluate(x, g);
    double[] scratch = new double[3];
    assertThat(v).isCloseTo(direct(x), within(1e-12));
    for (int i = 0; i < 3; i++) {
      double h = 1e-6;
      double[] xp = x.clone();
      double[] xm = x.clone();
      xp[i] += h;
      xm[i] -= h;
      double fd = (ad.evaluate(xp, scratch) - ad.evaluate(xm, scratch)) / (2 * h);
      assertThat(g[i]).isCloseTo(fd, within(1e-7));
    }
  }

  private static double direct(double[] t) {
    return Math.sin(t[0] * t[1]) + Math.exp(t[2]) / (t[0] * t[0] + 1) - Math.log1p(t[1]) * t[2] + Math.pow(Math.tanh(t[0]), 3)
        + 1 / (1 + Math.exp(-Math.sqrt(t[1]))) - Math.cos(t[2]) + (2 - t[1]) * t[0] / 3 - 1;
  }

  @Test void essOfAutoregressiveChainsMatchesTheory() {
    // AR(1) with φ: integrated autocorrelation time (1+φ)/(1−φ)
    double phi = 0.6;
    SplittableRandom rnd = new SplittableRandom(8);
    int m = 4;
    int n = 5000;
    double[][] chains = new double[m][n];
    for (int c = 0; c < m; c++) {
      double x = 0;
      for (int i = 0; i < n; i++) {
        x = phi * x + Math.sqrt(1 - phi * phi) * BayesianLinearRegressionTest.gauss(rnd);
        chains[c][i] = x;
      }
    }
    double expected = m * n * (1 - phi) / (1 + phi);
    assertThat(ConvergenceDiagnostics.ess(chains)).isCloseTo(expected, within(0.15 * expected));
    assertThat(ConvergenceDiagnostics.rankNormalizedSplitRhat(chains)).isLessThan(1.01);
    // shift one chain: R-hat must flag it
    for (int i = 0; i < n; i++) chains[0][i] += 1;
    assertThat(ConvergenceDiagnostics.rankNormalizedSplitRhat(chains)).isGreaterThan(1.1);
  }
}
