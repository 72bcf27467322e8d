package org.causalem.bayes;

import java.util.List;
import java.util.stream.IntStream;
import org.causalem.numeric.Cholesky;
import org.causalem.numeric.SingularMatrixException;

/** A fitted Gaussian process: hyperparameters, its Cholesky factor, and predictions. */
public final class GpModel implements GpPredictor {
  private final GpLikelihood lik;
  private final GaussianProcess.Standardisation st;
  private final double[] theta;
  private final Kernel kernel;
  private final Cholesky chol;
  private final double[] alpha;
  private final double logPosterior;

  private GpModel(GpLikelihood lik, GaussianProcess.Standardisation st, double[] theta, Kernel kernel, Cholesky chol, double[] alpha, double logPosterior) {
    this.lik = lik;
    this.st = st;
    this.theta = theta;
    this.kernel = kernel;
    this.chol = chol;
    this.alpha = alpha;
    this.logPosterior = logPosterior;
  }

  static GpModel build(GpLikelihood lik, GaussianProcess.Standardisation st, double[] theta, Kernel kernel) {
    double[] r = lik.residual(theta, null);
    Cholesky c;
    try {
      c = Cholesky.of(lik.covariance(theta, true), lik.n);
    } catch (SingularMatrixException e) {
      throw new IllegalArgumentException("the GP covariance at the fitted hyperparameters is not positive definite "
          + "(duplicated inputs with almost no noise?)", e);
    }
    double[] alpha = c.solve(r);
    double lp = lik.logMarginalLikelihood(c, r, alpha) + lik.logPrior(theta, null);
    return new GpModel(lik, st, theta.clone(), kernel, c, alpha, lp);
  }

  public Kernel kernel() { return kernel; }

  /** Signal standard deviation σ_f in response units. */
  public double signalSd() { return Math.exp(theta[0]) * st.yScale(); }

  /** Noise standard deviation σ_n in response units. */
  public double noiseSd() { return Math.exp(theta[lik.lengths + 1]) * st.yScale(); }

  /** Length scale of each input in that input's units. */
  public double[] lengthScales() {
    double[] l = lik.lengthScales(theta);
    for (int k = 0; k < l.length; k++) l[k] *= st.xSd()[k];
    return l;
  }

  /** The mean function's fitted parameters (empty for a zero-mean GP). */
  public double[] meanParameters() {
    int p = lik.mean == null ? 0 : lik.mean.parameterNames().size();
    return java.util.Arrays.copyOfRange(theta, lik.lengths + 2, lik.lengths + 2 + p);
  }

  /** Names of the mean function's parameters. */
  public List<String> meanParameterNames() { return lik.mean == null ? List.of() : lik.mean.parameterNames(); }

  /**
   * Log marginal likelihood of the data in response units at the fitted hyperparameters, plus the
   * log priors (of the mean-function parameters, and of the hyperparameters if finite).
   */
  public double logMarginalLikelihood() { return logPosterior - lik.n * Math.log(st.yScale()); }

  /**
   * Laplace approximation of the log evidence {@code log ∫ p(y|θ) p(θ) dθ} over all parameters (needs
   * finite hyperpriors): {@code log p(y|θ*) + log p(θ*) + k/2 log 2π − ½ log det H}, with H the Hessian of
   * the negative log posterior by central differences of the analytic gradient. In response units.
   */
  public double laplaceLogEvidence() {
    if (!Double.isFinite(lik.hyperpriorSd)) throw new IllegalStateException("Laplace evidence needs finite hyperpriors (hyperpriorSd)");
    int k = theta.length;
    double[] h = new double[k * k];
    double[] gp = new double[k];
    double[] gm = new double[k];
    double eps = 1e-4;
    for (int j = 0; j < k; j++) {
      double[] tp = theta.clone();
      double[] tm = theta.clone();
      tp[j] += eps;
      tm[j] -= eps;
      lik.evaluate(tp, gp);
      lik.evaluate(tm, gm);
      for (int i = 0; i < k; i++) h[i * k + j] = -(gp[i] - gm[i]) / (2 * eps);
    }
    for (int i = 0; i < k; i++) for (int j = 0; j < i; j++) {
      double m = 0.5 * (h[i * k + j] + h[j * k + i]);
      h[i * k + j] = m;
      h[j * k + i] = m;
    }
    double logDet;
    try {
      logDet = Cholesky.of(h, k).logDeterminant();
    } catch (SingularMatrixException e) {
      logDet = flooredLogDeterminant(h, k);
      if (Double.isNaN(logDet)) return Double.NaN;
    }
    return logMarginalLikelihood() + 0.5 * k * Math.log(2 * Math.PI) - 0.5 * logDet;
  }

  /**
   * log det of a Hessian that is not positive definite (the optimiser stopped on a ridge where the likelihood is flat in
   * some direction, e.g. the width of a wall that falls between two measurements, and the finite differences see noise):
   * eigenvalues below the smallest prior precision are raised to it, since in a direction the data do not inform the
   * posterior curvature is the prior's. NaN when the priors are not all finite.
   */
  private double flooredLogDeterminant(double[] h, int k) {
    double floor = Double.POSITIVE_INFINITY;
    if (Double.isFinite(lik.hyperpriorSd)) floor = 1 / (lik.hyperpriorSd * lik.hyperpriorSd);
    if (lik.mean != null) for (double sd : lik.mean.priorSd()) floor = Math.min(floor, 1 / (sd * sd));
    if (!Double.isFinite(floor)) return Double.NaN;
    double[][] a = new double[k][k];
    for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) a[i][j] = h[i * k + j];
    double[] ev = new org.hipparchus.linear.EigenDecompositionSymmetric(new org.hipparchus.linear.Array2DRowRealMatrix(a, false)).getEigenvalues();
    double s = 0;
    for (double v : ev) s += Math.log(Math.max(v, floor));
    return s;
  }

  @Override public GpPrediction predict(double[][] x) {
    int m = x.length;
    double[] mean = new double[m];
    double[] lat = new double[m];
    double[] obs = new double[m];
    double sf2 = Math.exp(2 * theta[0]);
    double sn2 = Math.exp(2 * theta[lik.lengths + 1]);
    double[] invL = lik.lengthScales(theta);
    for (int k = 0; k < invL.length; k++) invL[k] = 1 / invL[k];
    double ys = st.yScale();
    double[] meanOffset = new double[m];
    if (lik.mean != null) {
      double[] phi = meanParameters();
      Tape tape = new Tape();
      for (int i = 0; i < m; i++) {
        tape.reset();
        meanOffset[i] = lik.mean.value(x[i], tape.variables(phi)).value();
      }
    }
    int n = lik.n;
    int block = 64;
    int blocks = (m + block - 1) / block;
    IntStream.range(0, blocks).parallel().forEach(bIdx -> {
      int start = bIdx * block;
      int cnt = Math.min(block, m - start);
      double[][] z = new double[cnt][];
      for (int q = 0; q < cnt; q++) z[q] = st.input(x[start + q]);
      // k*, n×cnt row-major, solved in one pass over L
      double[] ks = new double[n * cnt];
      double[] mu = new double[cnt];
      for (int j = 0; j < n; j++) {
        double[] b = lik.xs[j];
        for (int q = 0; q < cnt; q++) {
          double r2 = 0;
          for (int k = 0; k < b.length; k++) {
            double d = (z[q][k] - b[k]) * invL[k];
            r2 += d * d;
          }
          double kv = sf2 * kernel.correlation(r2);
          ks[j * cnt + q] = kv;
          mu[q] += kv * alpha[j];
        }
      }
      chol.forwardInPlace(ks, cnt);
      double[] vv = new double[cnt];
      for (int j = 0; j < n; j++) for (int q = 0; q < cnt; q++) vv[q] += ks[j * cnt + q] * ks[j * cnt + q];
      for (int q = 0; q < cnt; q++) {
        int i = start + q;
        double var = Math.max(sf2 - vv[q], 0);
        mean[i] = mu[q] * ys + st.yShift() + meanOffset[i];
        lat[i] = Math.sqrt(var) * ys;
        obs[i] = Math.sqrt(var + sn2) * ys;
      }
    });
    return new GpPrediction(mean, lat, obs);
  }
}
