package org.causalem.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.numeric.Stats;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

class BayesianLinearRegressionTest {
  private static double[][] randomDesign(SplittableRandom rnd, int n, int p) {
    double[][] x = new double[n][p];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      for (int j = 1; j < p; j++) x[i][j] = gauss(rnd) * (1 + j);
    }
    return x;
  }

  static double gauss(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  private static NormalInverseGamma somePrior(int p) {
    double[] m0 = new double[p];
    double[] lambda = new double[p * p];
    for (int i = 0; i < p; i++) {
      m0[i] = 0.3 * i - 0.2;
      lambda[i * p + i] = 0.5 + i;
      if (i > 0) {
        lambda[i * p + i - 1] = 0.1;
        lambda[(i - 1) * p + i] = 0.1;
      }
    }
    return new NormalInverseGamma(m0, lambda, 2.5, 1.7);
  }

  @Test void posteriorAndEvidenceMatchClosedFormComputedIndependently() {
    SplittableRandom rnd = new SplittableRandom(11);
    int n = 40;
    int p = 4;
    double[][] x = randomDesign(rnd, n, p);
    double[] beta = {1.0, -0.5, 0.25, 2.0};
    double[] y = new double[n];
    for (int i = 0; i < n; i++) y[i] = Stats.dot(x[i], beta) + 0.7 * gauss(rnd);
    NormalInverseGamma prior = somePrior(p);
    RegressionPosterior post = BayesianLinearRegression.fit(prior, x, y);

    // closed form with EJML: V_N = (Λ0 + XᵀX)⁻¹, m_N = V_N(Λ0 m0 + Xᵀy)
    DMatrixRMaj X = new DMatrixRMaj(x);
    DMatrixRMaj Y = new DMatrixRMaj(n, 1, true, y);
    DMatrixRMaj L0 = new DMatrixRMaj(p, p, true, prior.precision());
    DMatrixRMaj M0 = new DMatrixRMaj(p, 1, true, prior.mean());
    DMatrixRMaj xtx = new DMatrixRMaj(p, p);
    CommonOps_DDRM.multTransA(X, X, xtx);
    DMatrixRMaj ln = new DMatrixRMaj(p, p);
    CommonOps_DDRM.add(L0, xtx, ln);
    DMatrixRMaj vn = ln.copy();
    CommonOps_DDRM.invert(vn);
    DMatrixRMaj rhs = new DMatrixRMaj(p, 1);
    CommonOps_DDRM.mult(L0, M0, rhs);
    CommonOps_DDRM.multAddTransA(X, Y, rhs);
    DMatrixRMaj mn = new DMatrixRMaj(p, 1);
    CommonOps_DDRM.mult(vn, rhs, mn);
    double yty = CommonOps_DDRM.dot(Y, Y);
    DMatrixRMaj t = new DMatrixRMaj(p, 1);
    CommonOps_DDRM.mult(L0, M0, t);
    double m0l0m0 = CommonOps_DDRM.dot(M0, t);
    CommonOps_DDRM.mult(ln, mn, t);
    double mnlnmn = CommonOps_DDRM.dot(mn, t);
    double aN = prior.shape() + n / 2.0;
    double bN = prior.rate() + 0.5 * (yty + m0l0m0 - mnlnmn);

    for (int i = 0; i < p; i++) assertThat(post.coefficientMean()[i]).isCloseTo(mn.get(i), within(1e-9));
    double[] cov = post.coefficientCovariance();
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) assertThat(cov[i * p + j]).isCloseTo(vn.get(i, j) * bN / (aN - 1), within(1e-9));
    }
    assertThat(post.posterior().shape()).isCloseTo(aN, within(1e-12));
    assertThat(post.posterior().rate()).isCloseTo(bN, within(1e-9));

    // evidence: y ~ multivariate Student-t(ν = 2a0, μ = X m0, Σ = (b0/a0)(I + X Λ0⁻¹ Xᵀ))
    DMatrixRMaj v0 = L0.copy();
    CommonOps_DDRM.invert(v0);
    DMatrixRMaj xv0 = new DMatrixRMaj(n, p);
    CommonOps_DDRM.mult(X, v0, xv0);
    DMatrixRMaj sigma = new DMatrixRMaj(n, n);
    CommonOps_DDRM.multTransB(xv0, X, sigma);
    for (int i = 0; i < n; i++) sigma.add(i, i, 1.0);
    CommonOps_DDRM.scale(prior.rate() / prior.shape(), sigma);
    DMatrixRMaj mu = new DMatrixRMaj(n, 1);
    CommonOps_DDRM.mult(X, M0, mu);
    DMatrixRMaj r = new DMatrixRMaj(n, 1);
    CommonOps_DDRM.subtract(Y, mu, r);
    double logDet = Math.log(CommonOps_DDRM.det(sigma));
    DMatrixRMaj si = sigma.copy();
    CommonOps_DDRM.invert(si);
    DMatrixRMaj sr = new DMatrixRMaj(n, 1);
    CommonOps_DDRM.mult(si, r, sr);
    double q = CommonOps_DDRM.dot(r, sr);
    double nu = 2 * prior.shape();
    double logT = Gamma.logGamma((nu + n) / 2) - Gamma.logGamma(nu / 2) - n / 2.0 * Math.log(nu * Math.PI)
        - 0.5 * logDet - (nu + n) / 2 * Math.log1p(q / nu);
    assertThat(post.logEvidence()).isCloseTo(logT, within(1e-9));
  }

  @Test void sequentialUpdatingEqualsBatch() {
    SplittableRandom rnd = new SplittableRandom(5);
    int p = 3;
    double[][] x = randomDesign(rnd, 60, p);
    double[] y = new double[60];
    for (int i = 0; i < 60; i++) y[i] = 2 * x[i][1] - x[i][2] + gauss(rnd);
    NormalInverseGamma prior = somePrior(p);
    RegressionPosterior batch = BayesianLinearRegression.fit(prior, x, y);
    RegressionPosterior seq = BayesianLinearRegression.fit(prior, java.util.Arrays.copyOfRange(x, 0, 7), java.util.Arrays.copyOfRange(y, 0, 7))
        .update(java.util.Arrays.copyOfRange(x, 7, 30), java.util.Arrays.copyOfRange(y, 7, 30))
        .update(java.util.Arrays.copyOfRange(x, 30, 60), java.util.Arrays.copyOfRange(y, 30, 60));
    assertThat(seq.observations()).isEqualTo(60);
    assertThat(seq.logEvidence()).isCloseTo(batch.logEvidence(), within(1e-9));
    assertThat(seq.posterior().rate()).isCloseTo(batch.posterior().rate(), within(1e-9));
    assertThat(seq.posterior().shape()).isCloseTo(batch.posterior().shape(), within(1e-12));
    for (int i = 0; i < p; i++) assertThat(seq.coefficientMean()[i]).isCloseTo(batch.coefficientMean()[i], within(1e-9));
    for (int i = 0; i < p * p; i++) assertThat(seq.posterior().precision()[i]).isCloseTo(batch.posterior().precision()[i], within(1e-9));
    assertThat(seq.informationGainNats()).isCloseTo(batch.informationGainNats(), within(1e-9));
  }

  @Test void klDivergenceMatchesNumericalIntegrationInOneDimension() {
    NormalInverseGamma q = new NormalInverseGamma(new double[] {0.5}, new double[] {4}, 3, 2);
    NormalInverseGamma p = new NormalInverseGamma(new double[] {0}, new double[] {1}, 2, 1);
    // ∫∫ q log(q/p) over β and s = log σ² (the Jacobian cancels in the ratio)
    int nb = 1500;
    int ns = 1500;
    double b0 = -8;
    double b1 = 9;
    double s0 = -7;
    double s1 = 6;
    double db = (b1 - b0) / nb;
    double ds = (s1 - s0) / ns;
    double kl = 0;
    for (int i = 0; i < ns; i++) {
      double s = s0 + (i + 0.5) * ds;
      double var = Math.exp(s);
      double lq1 = logInvGamma(var, 3, 2) + s;
      double lp1 = logInvGamma(var, 2, 1) + s;
      for (int j = 0; j < nb; j++) {
        double b = b0 + (j + 0.5) * db;
        double lq = lq1 + logNormal(b, 0.5, var / 4);
        double lp = lp1 + logNormal(b, 0, var);
        kl += Math.exp(lq) * (lq - lp);
      }
    }
    kl *= db * ds;
    assertThat(BayesianLinearRegression.klDivergence(q, p)).isCloseTo(kl, within(1e-5));
    assertThat(BayesianLinearRegression.klDivergence(p, p)).isCloseTo(0, within(1e-12));
  }

  private static double logInvGamma(double x, double a, double b) {
    return a * Math.log(b) - Gamma.logGamma(a) - (a + 1) * Math.log(x) - b / x;
  }

  private static double logNormal(double x, double m, double var) {
    return -0.5 * Math.log(2 * Math.PI * var) - 0.5 * (x - m) * (x - m) / var;
  }

  @Test void bayesFactorSelectsTheTrueModelAmongThree() {
    SplittableRandom rnd = new SplittableRandom(2024);
    int correct = 0;
    for (int sim = 0; sim < 100; sim++) {
      int n = 80;
      double[] x1 = new double[n];
      double[] x2 = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x1[i] = gauss(rnd);
        x2[i] = gauss(rnd);
        y[i] = 1 + 0.8 * x1[i] + 0.5 * x2[i] * x2[i] + gauss(rnd);
      }
      List<RegressionFormula> forms = List.of(
          RegressionFormula.parse("linear: y ~ x1 + x2"),
          RegressionFormula.parse("true: y ~ x1 + x2^2"),
          RegressionFormula.parse("big: y ~ x1 + x2 + x2^2 + x1*x2"));
      java.util.Map<String, double[]> cols = java.util.Map.of("x1", x1, "x2", x2);
      List<ModelComparison.Candidate> cands = forms.stream().map(f -> {
        double[][] d = f.design(cols::get, n);
        return new ModelComparison.Candidate(f.name(), d, ModelComparison.defaultPrior(d, y));
      }).toList();
      List<ModelComparison.Ranked> ranked = ModelComparison.compare(cands, y);
      ModelComparison.Ranked best = ranked.stream().max(java.util.Comparator.comparingDouble(ModelComparison.Ranked::posteriorProbability)).orElseThrow();
      double total = ranked.stream().mapToDouble(ModelComparison.Ranked::posteriorProbability).sum();
      assertThat(total).isCloseTo(1.0, within(1e-12));
      if (best.name().equals("true")) correct++;
    }
    assertThat(correct).isGreaterThanOrEqualTo(95);
  }

  @Test void predictiveIsStudentTWithTheRightScale() {
    // with a single observation and known closed form in 1-D
    NormalInverseGamma prior = new NormalInverseGamma(new double[] {0}, new double[] {1}, 2, 2);
    RegressionPosterior post = BayesianLinearRegression.fit(prior, new double[][] {{1}}, new double[] {2});
    // Λ_N = 2, m_N = 1, a_N = 2.5, b_N = 2 + ½[(2−1)² + 1·1²] = 3
    StudentT pred = post.predict(new double[] {1});
    assertThat(pred.location()).isCloseTo(1, within(1e-12));
    assertThat(pred.degreesOfFreedom()).isCloseTo(5, within(1e-12));
    assertThat(pred.scale()).isCloseTo(Math.sqrt(3 / 2.5 * 1.5), within(1e-12));
  }

  @Test void formulaParsingAndErrors() {
    RegressionFormula f = RegressionFormula.parse("m1: y ~ x1 + x2^2 + x1*x2 - 1");
    assertThat(f.intercept()).isFalse();
    assertThat(f.columnLabels()).containsExactly("x1", "x2^2", "x1*x2");
    assertThat(RegressionFormula.parse("a: y ~ x").columnLabels()).containsExactly("1", "x");
    assertThatThrownBy(() -> RegressionFormula.parse("a: y ~ x + + z")).hasMessageContaining("column 12").hasMessageContaining("'+'");
    assertThatThrownBy(() -> RegressionFormula.parse("a y ~ x")).hasMessageContaining("expected ':'");
    assertThatThrownBy(() -> RegressionFormula.parse("a: y ~ x $ z")).hasMessageContaining("'$'");
  }
}
