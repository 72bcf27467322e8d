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

  @Test void noiseIntegratedEvidenceMatchesBruteForceIntegration() {
    // few noisy points: the posterior of the three hyperparameters is far from Gaussian; the exact log evidence is the
    // integral of the posterior density over a fine 3-D grid (±5 prior sds)
    for (long seed : new long[] {5, 6, 7}) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int n = 6;
      double[][] x = new double[n][1];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i][0] = rnd.nextDouble(-3, 3);
        y[i] = f(x[i][0]) + 0.3 * gauss(rnd);
      }
      GaussianProcess.Options o = GaussianProcess.Options.defaults(seed).withHyperpriorSd(1);
      GaussianProcess.Standardisation st = GaussianProcess.Standardisation.of(x, y, true);
      GpLikelihood lik = st.likelihood(x, y, null, o);
      double[] c = lik.priorCentre();
      double h = 0.25;
      int steps = 40;
      double[] th = new double[3];
      double max = Double.NEGATIVE_INFINITY;
      double[] values = new double[(steps + 1) * (steps + 1) * (steps + 1)];
      int q = 0;
      for (int a = 0; a <= steps; a++) for (int b = 0; b <= steps; b++) for (int d = 0; d <= steps; d++) {
        th[0] = c[0] - 5 + a * h;
        th[1] = c[1] - 5 + b * h;
        th[2] = c[2] - 5 + d * h;
        values[q] = lik.evaluate(th, null);
        max = Math.max(max, values[q++]);
      }
      double sum = 0;
      for (double v : values) sum += Math.exp(v - max);
      double exact = max + Math.log(sum * h * h * h) - n * Math.log(st.yScale());
      GpModel gp = GaussianProcess.fit(x, y, null, o);
      double integrated = gp.noiseIntegratedLogEvidence();
      System.out.printf("seed %d: exact %.3f, noise-integrated %.3f, joint Laplace %.3f%n", seed, exact, integrated, gp.laplaceLogEvidence());
      assertThat(integrated).as("seed %d", seed).isCloseTo(exact, within(0.15));
    }
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
  /**
   * The fixed-hyperparameter cross-validation from one factorisation equals, to rounding, the GP conditioned
   * on the other folds computed directly here (Gaussian conditioning written out with the fitted
   * hyperparameters in the inputs' units): both factorisation paths (below and above 200 rows).
   */
  @Test void fixedHyperparameterCrossValidationEqualsDirectConditioning() {
    for (int n : new int[] {80, 240}) {
      SplittableRandom rnd = new SplittableRandom(5 + n);
      double[][] x = new double[n][2];
      double[] y = new double[n];
      int[] fold = new int[n];
      for (int i = 0; i < n; i++) {
        x[i][0] = rnd.nextDouble(-2, 2);
        x[i][1] = rnd.nextDouble(0, 40);
        y[i] = 3 + f(x[i][0]) + 0.05 * x[i][1] + 0.2 * gauss(rnd);
        fold[i] = (x[i][0] < -0.7 ? 0 : x[i][0] < 0.7 ? 1 : 2) + (n > 100 && x[i][1] > 20 ? 3 : 0); // spatial blocks
      }
      Kernel kernel = n > 100 ? Kernel.RBF : Kernel.MATERN52;
      GpModel gp = GaussianProcess.fit(x, y, GaussianProcess.Options.defaults(2).withKernel(kernel));
      CrossValidation fast = gp.crossValidate(y, fold);
      double sf2 = gp.signalSd() * gp.signalSd();
      double sn2 = gp.noiseSd() * gp.noiseSd();
      double[] ell = gp.lengthScales();
      double ym = 0;
      for (double v : y) ym += v;
      ym /= n;
      double sse = 0;
      for (int label : java.util.Arrays.stream(fold).distinct().toArray()) {
        int[] tr = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] != label).toArray();
        int m = tr.length;
        double[] k = new double[m * m];
        for (int a = 0; a < m; a++) {
          for (int b = 0; b < m; b++) k[a * m + b] = sf2 * kernelValue(kernel, x[tr[a]], x[tr[b]], ell);
          k[a * m + a] += sn2 + 1e-8 * sf2;
        }
        Cholesky c = Cholesky.of(k, m);
        double[] resid = new double[m];
        for (int a = 0; a < m; a++) resid[a] = y[tr[a]] - ym;
        double[] w = c.solve(resid);
        for (int i = 0; i < n; i++) {
          if (fold[i] != label) continue;
          double[] ks = new double[m];
          double mean = ym;
          for (int a = 0; a < m; a++) {
            ks[a] = sf2 * kernelValue(kernel, x[i], x[tr[a]], ell);
            mean += ks[a] * w[a];
          }
          double var = sf2 - dot(ks, c.solve(ks)) + sn2;
          assertThat(fast.mean()[i]).as("n %d row %d mean", n, i).isCloseTo(mean, within(1e-8 * (1 + Math.abs(mean))));
          assertThat(fast.sd()[i]).as("n %d row %d sd", n, i).isCloseTo(Math.sqrt(var), within(1e-8));
          sse += (y[i] - mean) * (y[i] - mean);
        }
      }
      assertThat(fast.rmse()).isCloseTo(Math.sqrt(sse / n), within(1e-9));
    }
  }

  private static double kernelValue(Kernel kernel, double[] a, double[] b, double[] ell) {
    double r2 = 0;
    for (int k = 0; k < a.length; k++) {
      double d = (a[k] - b[k]) / ell[k];
      r2 += d * d;
    }
    if (kernel == Kernel.RBF) return Math.exp(-0.5 * r2);
    double s = Math.sqrt(5 * r2);
    return (1 + s + 5 * r2 / 3) * Math.exp(-s);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
