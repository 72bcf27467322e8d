package org.causalem.bayes;

import java.util.stream.IntStream;
import org.causalem.numeric.Cholesky;
import org.causalem.numeric.SingularMatrixException;
import org.causalem.numeric.Stats;

/**
 * Log marginal likelihood of a (structured) GP and its gradient in the unconstrained parameters
 * {@code θ = [log σ_f, log ℓ_1..ℓ_L, log σ_n, φ_1..φ_P]} (inputs standardised, targets scaled), plus
 * the log priors. Rasmussen &amp; Williams (2006) eq. 5.8–5.9. Package-private worker of {@link GaussianProcess}.
 */
final class GpLikelihood implements LogDensity {
  final Kernel kernel;
  final double[][] xs; // standardised inputs [n][D]
  final double[][] xRaw; // original inputs for the mean function
  final double[] target; // (y − shift) / scale
  final double yScale;
  final MeanFunction mean;
  final int lengths;
  final double hyperpriorSd;
  final int n;
  final int dims;

  GpLikelihood(Kernel kernel, double[][] xs, double[][] xRaw, double[] target, double yScale, MeanFunction mean, boolean ard, double hyperpriorSd) {
    this.kernel = kernel;
    this.xs = xs;
    this.xRaw = xRaw;
    this.target = target;
    this.yScale = yScale;
    this.mean = mean;
    this.n = xs.length;
    this.dims = xs[0].length;
    this.lengths = ard ? dims : 1;
    this.hyperpriorSd = hyperpriorSd;
  }

  /** The response in its original units (a structured GP's response is scaled, not shifted). */
  double[] rawTarget() {
    double[] r = new double[n];
    for (int i = 0; i < n; i++) r[i] = target[i] * yScale;
    return r;
  }

  int parameterCount() { return lengths + 2 + (mean == null ? 0 : mean.parameterNames().size()); }

  @Override public int dimension() { return parameterCount(); }

  /** Default centres of the hyperpriors (standardised units): σ_f = 1, ℓ = 1, σ_n = 0.1. */
  double[] priorCentre() {
    double[] c = new double[parameterCount()];
    c[lengths + 1] = Math.log(0.1);
    if (mean != null) System.arraycopy(mean.priorMean(), 0, c, lengths + 2, mean.parameterNames().size());
    return c;
  }

  double[] lengthScales(double[] theta) {
    double[] l = new double[dims];
    for (int k = 0; k < dims; k++) l[k] = Math.exp(theta[1 + (lengths == 1 ? 0 : k)]);
    return l;
  }

  /** Residual targets after the mean function, and (if gradOut != null) dm/dφ per point, scaled. */
  double[] residual(double[] theta, double[][] meanGrad) {
    if (mean == null) return target;
    int p = mean.parameterNames().size();
    double[] phi = java.util.Arrays.copyOfRange(theta, lengths + 2, lengths + 2 + p);
    double[] r = new double[n];
    Tape tape = new Tape();
    double[] g = new double[p];
    for (int i = 0; i < n; i++) {
      tape.reset();
      Var[] v = tape.variables(phi);
      Var m = mean.value(xRaw[i], v);
      r[i] = target[i] - m.value() / yScale;
      if (meanGrad != null) {
        tape.gradient(m, v, g);
        for (int k = 0; k < p; k++) meanGrad[i][k] = g[k] / yScale;
      }
    }
    return r;
  }

  double[] covariance(double[] theta, boolean withNoise) {
    double sf2 = Math.exp(2 * theta[0]);
    double sn2 = Math.exp(2 * theta[lengths + 1]);
    double[] invL = lengthScales(theta);
    for (int k = 0; k < dims; k++) invL[k] = 1 / invL[k];
    double[] kmat = new double[n * n];
    IntStream.range(0, n).parallel().forEach(i -> {
      double[] a = xs[i];
      for (int j = 0; j <= i; j++) {
        double[] b = xs[j];
        double r2 = 0;
        for (int k = 0; k < dims; k++) {
          double d = (a[k] - b[k]) * invL[k];
          r2 += d * d;
        }
        double v = sf2 * kernel.correlation(r2);
        kmat[i * n + j] = v;
        kmat[j * n + i] = v;
      }
    });
    if (withNoise) for (int i = 0; i < n; i++) kmat[i * n + i] += sn2 + 1e-8 * sf2;
    return kmat;
  }

  @Override public double evaluate(double[] theta, double[] grad) {
    int p = mean == null ? 0 : mean.parameterNames().size();
    double[][] meanGrad = p == 0 ? null : new double[n][p];
    double[] r = residual(theta, meanGrad);
    double[] kmat = covariance(theta, true);
    Cholesky c;
    try {
      c = Cholesky.of(kmat, n);
    } catch (SingularMatrixException e) {
      return Double.NEGATIVE_INFINITY;
    }
    double[] alpha = c.solve(r);
    double lml = -0.5 * Stats.dot(r, alpha) - 0.5 * c.logDeterminant() - 0.5 * n * Math.log(2 * Math.PI);
    if (grad != null) {
      java.util.Arrays.fill(grad, 0);
      double[] kinv = c.inverse();
      double sf2 = Math.exp(2 * theta[0]);
      double sn2 = Math.exp(2 * theta[lengths + 1]);
      double[] invL = lengthScales(theta);
      for (int k = 0; k < dims; k++) invL[k] = 1 / invL[k];
      int nl = lengths;
      double[][] partial = new double[n][nl + 1];
      IntStream.range(0, n).parallel().forEach(i -> {
        double[] acc = partial[i];
        double[] a = xs[i];
        double[] d2 = new double[dims];
        for (int j = 0; j < i; j++) {
          double w = alpha[i] * alpha[j] - kinv[i * n + j];
          double[] b = xs[j];
          double r2 = 0;
          for (int k = 0; k < dims; k++) {
            double d = (a[k] - b[k]) * invL[k];
            d2[k] = d * d;
            r2 += d2[k];
          }
          // off-diagonal pairs count twice in the trace; the ½ cancels
          acc[0] += w * 2 * sf2 * kernel.correlation(r2);
          double gf = w * sf2 * kernel.lengthDerivativeFactor(r2);
          if (nl == 1) acc[1] += gf * r2;
          else for (int k = 0; k < dims; k++) acc[1 + k] += gf * d2[k];
        }
        double wii = alpha[i] * alpha[i] - kinv[i * n + i];
        acc[0] += 0.5 * wii * 2 * sf2 * (1 + 1e-8);
      });
      double wTrace = 0;
      for (int i = 0; i < n; i++) wTrace += alpha[i] * alpha[i] - kinv[i * n + i];
      for (int i = 0; i < n; i++) for (int k = 0; k <= nl; k++) grad[k] += partial[i][k];
      grad[nl + 1] = sn2 * wTrace;
      for (int q = 0; q < p; q++) {
        double s = 0;
        for (int i = 0; i < n; i++) s += alpha[i] * meanGrad[i][q];
        grad[nl + 2 + q] = s;
      }
    }
    return lml + logPrior(theta, grad);
  }

  /** Log marginal likelihood from an existing factorisation (no gradient). */
  double logMarginalLikelihood(Cholesky c, double[] r, double[] alpha) {
    return -0.5 * Stats.dot(r, alpha) - 0.5 * c.logDeterminant() - 0.5 * n * Math.log(2 * Math.PI);
  }

  /**
   * Gaussian log priors on the log hyperparameters (if {@code hyperpriorSd} is finite) and on the
   * mean-function parameters; adds their gradient to {@code grad} when not null.
   */
  double logPrior(double[] theta, double[] grad) {
    int p = mean == null ? 0 : mean.parameterNames().size();
    double lp = 0;
    double[] centre = priorCentre();
    if (Double.isFinite(hyperpriorSd)) {
      for (int k = 0; k < nl() + 2; k++) {
        double z = (theta[k] - centre[k]) / hyperpriorSd;
        lp += -0.5 * z * z - Math.log(hyperpriorSd) - 0.5 * Math.log(2 * Math.PI);
        if (grad != null) grad[k] -= z / hyperpriorSd;
      }
    }
    if (p > 0) {
      double[] sd = mean.priorSd();
      for (int q = 0; q < p; q++) {
        int k = nl() + 2 + q;
        double z = (theta[k] - centre[k]) / sd[q];
        lp += -0.5 * z * z - Math.log(sd[q]) - 0.5 * Math.log(2 * Math.PI);
        if (grad != null) grad[k] -= z / sd[q];
      }
    }
    return lp;
  }

  private int nl() { return lengths; }
}
