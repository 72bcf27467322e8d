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
    double[] h = hessian(theta);
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
   * Log evidence with the noise integrated numerically and the other parameters by Laplace at each noise level (a
   * nested Laplace approximation, as INLA does for hyperparameters): {@code log ∫ p(y, φ̂(t), t) (2π)^{(k−1)/2}
   * |H_φφ(t)|^{−1/2} dt} over t = log σ_n, φ̂(t) the other parameters maximised at that t. The joint Laplace
   * ({@link #laplaceLogEvidence}) fails when a mean function can (nearly) interpolate the data: the joint mode then
   * sits at a noise far below anything the prior expects (a funnel), where the prior density is tiny, and the evidence
   * comes out tens of nats too low; integrating over the noise instead counts every noise level the data allow. The
   * integrand is evaluated outward from the joint mode in steps of min(1.5, 1.5 s), s the Laplace sd of t (the
   * trapezoid rule on a Gaussian with that step errs by about 1 %), until it is 8 nats below its maximum or 4 prior sds
   * from the prior centre, and summed by the trapezoid rule. Equal to {@link #laplaceLogEvidence} (to the quadrature
   * error) when the posterior is Gaussian. In response units; needs finite hyperpriors.
   */
  public double noiseIntegratedLogEvidence() {
    if (!Double.isFinite(lik.hyperpriorSd)) throw new IllegalStateException("the evidence needs finite hyperpriors (hyperpriorSd)");
    int k = theta.length;
    int c = lik.lengths + 1;
    double[] full = hessian(theta);
    double sdT;
    try {
      double[] inv = Cholesky.of(full, k).inverse();
      sdT = Math.sqrt(inv[c * k + c]);
    } catch (SingularMatrixException e) {
      sdT = lik.hyperpriorSd;
    }
    double h = Math.min(1.5, 1.5 * sdT);
    double centre = lik.priorCentre()[c];
    double lo = centre - 4 * lik.hyperpriorSd;
    double hi = centre + 4 * lik.hyperpriorSd;
    double t0 = Math.max(lo, Math.min(hi, theta[c]));
    double shift = lik.n * Math.log(st.yScale());
    java.util.List<Double> values = new java.util.ArrayList<>();
    double first = conditional(theta, t0, null);
    if (Double.isNaN(first)) return Double.NaN;
    values.add(first);
    double best = first;
    for (int dir = -1; dir <= 1; dir += 2) {
      double[] start = theta.clone();
      start[c] = t0;
      double max = first;
      for (int j = 1; ; j++) {
        double t = t0 + dir * j * h;
        if (t < lo || t > hi) break;
        double[] out = new double[k];
        double g = conditional(start, t, out);
        if (Double.isNaN(g)) break;
        values.add(g);
        start = out;
        max = Math.max(max, g);
        best = Math.max(best, g);
        if (g < max - 8) break;
      }
    }
    double sum = 0;
    for (double v : values) sum += Math.exp(v - best);
    // trapezoid rule: the end points' half weights are negligible (12 nats down) or at the ±4 sd cut-off
    return best + Math.log(sum * h) - shift;
  }

  /**
   * log p(y, φ̂, t) + (k−1)/2 log 2π − ½ log det H_φφ at log σ_n = t, φ̂ maximised from {@code start} (the optimum is
   * written into {@code out} when not null); NaN when it fails. Scaled-response units.
   */
  private double conditional(double[] start, double t, double[] out) {
    int k = theta.length;
    int c = lik.lengths + 1;
    double[] x0 = new double[k - 1];
    for (int i = 0, q = 0; i < k; i++) if (i != c) x0[q++] = start[i];
    double[] th = new double[k];
    double[] gf = new double[k];
    Lbfgs.Objective f = (x, g) -> {
      for (int i = 0, q = 0; i < k; i++) th[i] = i == c ? t : x[q++];
      double v = lik.evaluate(th, gf);
      for (int i = 0, q = 0; i < k; i++) if (i != c) g[q++] = -gf[i];
      return Double.isFinite(v) ? -v : Double.POSITIVE_INFINITY;
    };
    Lbfgs.Result r;
    try {
      r = Lbfgs.minimize(f, x0, 100, 1e-3);
    } catch (IllegalArgumentException e) {
      return Double.NaN;
    }
    double[] opt = new double[k];
    for (int i = 0, q = 0; i < k; i++) opt[i] = i == c ? t : r.x()[q++];
    if (out != null) System.arraycopy(opt, 0, out, 0, k);
    double[] hFull = hessian(opt);
    double[] hh = new double[(k - 1) * (k - 1)];
    for (int i = 0, a = 0; i < k; i++) {
      if (i == c) continue;
      for (int j = 0, b = 0; j < k; j++) {
        if (j == c) continue;
        hh[a * (k - 1) + b] = hFull[i * k + j];
        b++;
      }
      a++;
    }
    double logDet;
    try {
      logDet = Cholesky.of(hh, k - 1).logDeterminant();
    } catch (SingularMatrixException e) {
      logDet = flooredLogDeterminant(hh, k - 1);
      if (Double.isNaN(logDet)) return Double.NaN;
    }
    return -r.value() + 0.5 * (k - 1) * Math.log(2 * Math.PI) - 0.5 * logDet;
  }

  /** Hessian of the negative log posterior at {@code th}: central differences of the analytic gradient, symmetrised. */
  private double[] hessian(double[] th) {
    int k = th.length;
    double[] h = new double[k * k];
    double[] gp = new double[k];
    double[] gm = new double[k];
    double eps = 1e-4;
    for (int j = 0; j < k; j++) {
      double[] tp = th.clone();
      double[] tm = th.clone();
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
    return h;
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

  /**
   * Cross-validation of the rows this model was fitted on with its hyperparameters (and mean-function
   * parameters) held fixed: each fold label in turn is held out and predicted by the GP conditioned on the
   * other rows — exactly, not approximately, but without refitting. With {@code P = K⁻¹} of this fit
   * (noise included) and {@code α = P r}, the held-out block B has mean {@code r_B − (P_BB)⁻¹ α_B} and
   * observation covariance {@code (P_BB)⁻¹} (the block form of Rasmussen &amp; Williams 2006, §5.4.2): one
   * inverse of K from this fit's Cholesky factor and one small factorisation per fold, instead of a new
   * fit per fold. The held-out rows did inform the few hyperparameters (not the predictions); for
   * hyperparameters refitted without them use {@link GaussianProcess#crossValidate}.
   *
   * @param y the response this model was fitted on (row order as in the fit)
   * @param fold fold label of each row (any integers, at least 2 distinct)
   */
  public CrossValidation crossValidate(double[] y, int[] fold) {
    int n = lik.n;
    if (y.length != n) throw new IllegalArgumentException("y has " + y.length + " rows, the model was fitted on " + n);
    if (fold.length != n) throw new IllegalArgumentException("fold has " + fold.length + " labels for " + n + " rows");
    double ys = st.yScale();
    for (int i = 0; i < n; i++) {
      double t = (y[i] - st.yShift()) / ys;
      if (!(Math.abs(t - lik.target[i]) <= 1e-9 * (1 + Math.abs(t)))) {
        throw new IllegalArgumentException("y is not the response this model was fitted on (row " + i + ")");
      }
    }
    int[] labels = java.util.Arrays.stream(fold).distinct().sorted().toArray();
    if (labels.length < 2) throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + labels.length);
    double sf2 = Math.exp(2 * theta[0]);
    double sn2 = Math.exp(2 * theta[lik.lengths + 1]);
    double jitter = 1e-8 * sf2; // on the diagonal of K beside the noise, as in GpLikelihood.covariance
    double[] p = chol.inverse();
    double[] mu = new double[n];
    double[] sd = new double[n];
    for (int label : labels) {
      int m = 0;
      for (int f : fold) if (f == label) m++;
      if (n - m < 3) throw new IllegalArgumentException("fold " + label + " leaves only " + (n - m) + " training rows");
      int[] idx = new int[m];
      m = 0;
      for (int i = 0; i < n; i++) if (fold[i] == label) idx[m++] = i;
      double[] pbb = new double[m * m];
      double[] ab = new double[m];
      for (int a = 0; a < m; a++) {
        int row = idx[a] * n;
        for (int b = 0; b < m; b++) pbb[a * m + b] = p[row + idx[b]];
        ab[a] = alpha[idx[a]];
      }
      Cholesky cb;
      try {
        cb = Cholesky.of(pbb, m);
      } catch (SingularMatrixException e) {
        throw new IllegalArgumentException("fold " + label + ": the held-out block of K⁻¹ is not positive definite", e);
      }
      double[] delta = cb.solve(ab);
      double[] cov = cb.inverse();
      for (int a = 0; a < m; a++) {
        int i = idx[a];
        mu[i] = y[i] - ys * delta[a];
        double latent = Math.max(cov[a * m + a] - jitter - sn2, 0);
        sd[i] = Math.sqrt(latent + sn2) * ys;
      }
    }
    return CrossValidation.of(y, mu, sd);
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
