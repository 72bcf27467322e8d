package org.causalem.bayes;

import org.causalem.numeric.Cholesky;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {
  private static double gauss(SplittableRandom r) { return BayesianLinearRegressionTest.gauss(r); }

  private static double f(double x) { return Math.sin(3 * x) + 0.5 * x; }

  @Test void likelihoodGradientMatchesFiniteDifferences() {
    SplittableRandom rnd = new SplittableRandom(4);
    int n = 40;
    double[][] x = new double[n][2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = rnd.nextDouble(-2, 2);
      x[i][1] = rnd.nextDouble(0, 5);
      y[i] = f(x[i][0]) + 0.3 * x[i][1] + 0.1 * gauss(rnd);
    }
    MeanFunction linear = MeanFunction.of("linear", List.of("a", "b"), new double[] {0, 0}, new double[] {2, 2},
        (xi, th) -> th[0].add(th[1].mul(xi[1])));
    for (Kernel k : Kernel.values()) {
      GaussianProcess.Options o = GaussianProcess.Options.defaults(1).withKernel(k).withHyperpriorSd(2);
      GpLikelihood lik = GaussianProcess.Standardisation.of(x, y, false).likelihood(x, y, linear, o);
      double[] theta = {0.1, -0.3, 0.4, Math.log(0.2), 0.3, 0.2};
      double[] g = new double[theta.length];
      lik.evaluate(theta, g);
      double[] scratch = new double[theta.length];
      for (int j = 0; j < theta.length; j++) {
        double h = 1e-5;
        double[] tp = theta.clone();
        double[] tm = theta.clone();
        tp[j] += h;
        tm[j] -= h;
        double fd = (lik.evaluate(tp, scratch) - lik.evaluate(tm, scratch)) / (2 * h);
        assertThat(g[j]).as("%s parameter %d", k, j).isCloseTo(fd, within(1e-5 * Math.max(1, Math.abs(fd))));
      }
    }
  }

  @Test void predictiveIntervalsCoverHeldOutPoints() {
    SplittableRandom rnd = new SplittableRandom(17);
    int n = 300;
    double[][] x = new double[n][1];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = rnd.nextDouble(-3, 3);
      y[i] = f(x[i][0]) + 0.2 * gauss(rnd);
    }
    GpModel gp = GaussianProcess.fit(x, y, GaussianProcess.Options.defaults(3).withKernel(Kernel.RBF));
    int m = 4000;
    double[][] xt = new double[m][1];
    double[] yt = new double[m];
    for (int i = 0; i < m; i++) {
      xt[i][0] = rnd.nextDouble(-3, 3);
      yt[i] = f(xt[i][0]) + 0.2 * gauss(rnd);
    }
    GpPrediction p = gp.predict(xt);
    int inside = 0;
    for (int i = 0; i < m; i++) if (Math.abs(yt[i] - p.mean()[i]) <= 1.959964 * p.observationSd()[i]) inside++;
    double coverage = inside / (double) m;
    assertThat(coverage).isBetween(0.93, 0.97);
    assertThat(gp.noiseSd()).isCloseTo(0.2, within(0.03));
  }

  @Test void maximumLikelihoodRecoversKnownHyperparameters() {
    // sample a GP with RBF, σ_f = 1.5, ℓ = 0.7, σ_n = 0.3 on [0, 15] by Cholesky of the covariance
    SplittableRandom rnd = new SplittableRandom(99);
    int n = 300;
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) xs[i] = rnd.nextDouble(0, 15);
    double sf = 1.5;
    double ell = 0.7;
    double sn = 0.3;
    double[] k = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double d = (xs[i] - xs[j]) / ell;
        k[i * n + j] = sf * sf * Math.exp(-0.5 * d * d) + (i == j ? 1e-9 : 0);
      }
    }
    Cholesky c = Cholesky.of(k, n);
    double[] z = new double[n];
    for (int i = 0; i < n; i++) z[i] = gauss(rnd);
    double[][] x = new double[n][1];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j <= i; j++) s += c.lowerAt(i, j) * z[j];
      x[i][0] = xs[i];
      y[i] = s + sn * gauss(rnd);
    }
    GpModel gp = GaussianProcess.fit(x, y, new GaussianProcess.Options(Kernel.RBF, true, 1, 200, 600, Double.POSITIVE_INFINITY, 5));
    assertThat(gp.lengthScales()[0]).isCloseTo(ell, within(0.15 * ell));
    assertThat(gp.signalSd()).isCloseTo(sf, within(0.3 * sf));
    assertThat(gp.noiseSd()).isCloseTo(sn, within(0.15 * sn));
  }

  @Test void structuredGpRecoversThePhysicalParametersAndHypothesisRankingPrefersTheTrueModel() {
    // y = A exp(−x/τ) + small smooth residual + noise; A = 3, τ = 2
    SplittableRandom rnd = new SplittableRandom(12);
    int n = 120;
    double[][] x = new double[n][1];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = rnd.nextDouble(0, 8);
      y[i] = 3 * Math.exp(-x[i][0] / 2) + 0.1 * Math.sin(2 * x[i][0]) + 0.05 * gauss(rnd);
    }
    MeanFunction decay = MeanFunction.of("exponential", List.of("A", "tau"), new double[] {1, 1}, new double[] {5, 5},
        (xi, th) -> th[0].mul(th[1].rsub(0).pow(-1).mul(xi[0]).exp()));
    MeanFunction line = MeanFunction.of("linear", List.of("a", "b"), new double[] {0, 0}, new double[] {5, 5},
        (xi, th) -> th[0].add(th[1].mul(xi[0])));
    GaussianProcess.Options o = GaussianProcess.Options.defaults(2).withKernel(Kernel.RBF).withHyperpriorSd(2);
    GpModel gp = GaussianProcess.fit(x, y, decay, o);
    assertThat(gp.meanParameters()[0]).isCloseTo(3, within(0.3));
    assertThat(gp.meanParameters()[1]).isCloseTo(2, within(0.3));
    List<HypothesisRanking.Hypothesis> ranked = HypothesisRanking.rank(List.of(line, decay), x, y, o, GaussianProcess.randomFolds(n, 4, 3));
    assertThat(ranked.get(0).name()).isEqualTo("exponential");
    assertThat(ranked.get(0).logEvidence()).isGreaterThan(ranked.get(1).logEvidence());
    assertThat(ranked.get(0).crossValidation().rmse()).isLessThan(ranked.get(1).crossValidation().rmse());
  }

  @Test void nutsOverHyperparametersGivesCalibratedMixture() {
    SplittableRandom rnd = new SplittableRandom(21);
    int n = 60;
    double[][] x = new double[n][1];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = rnd.nextDouble(-3, 3);
      y[i] = f(x[i][0]) + 0.2 * gauss(rnd);
    }
    GaussianProcess.Options o = GaussianProcess.Options.defaults(1).withKernel(Kernel.RBF).withHyperpriorSd(2);
    GpEnsemble ens = GaussianProcess.sample(x, y, null, o, new Nuts.Options(150, 150, 2, 0.8, 6, 5, 2), 20);
    for (double r : ens.draws().rhat()) assertThat(r).isLessThan(1.1);
    int m = 1000;
    double[][] xt = new double[m][1];
    double[] yt = new double[m];
    for (int i = 0; i < m; i++) {
      xt[i][0] = rnd.nextDouble(-3, 3);
      yt[i] = f(xt[i][0]) + 0.2 * gauss(rnd);
    }
    GpPrediction p = ens.predict(xt);
    int inside = 0;
    for (int i = 0; i < m; i++) if (Math.abs(yt[i] - p.mean()[i]) <= 1.959964 * p.observationSd()[i]) inside++;
    assertThat(inside / (double) m).isBetween(0.9, 0.99);
  }
}
