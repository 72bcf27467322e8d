package org.causalem.bayes;

import java.util.SplittableRandom;
import org.causalem.numeric.Cholesky;
import org.causalem.numeric.SingularMatrixException;

/**
 * Gaussian mixture with full covariances, fitted by expectation–maximisation from k-means++ starts;
 * the number of classes chosen by BIC. Used to classify local atomic environments into phases.
 */
public final class GaussianMixture {
  /**
   * @param maxClasses the largest number of classes tried by {@link #fitBest}
   * @param restarts random starts per class count (the best likelihood is kept)
   * @param regularization added to covariance diagonals (in units of each feature's variance)
   */
  public record Options(int maxClasses, int restarts, int maxIterations, double tolerance, double regularization, long seed) {
    public Options {
      if (maxClasses < 1) throw new IllegalArgumentException("maxClasses must be >= 1, got " + maxClasses);
      if (restarts < 1) throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
      if (!(regularization >= 0)) throw new IllegalArgumentException("regularization must be >= 0, got " + regularization);
    }

    public static Options defaults(long seed) { return new Options(6, 3, 300, 1e-7, 1e-6, seed); }
  }

  /**
   * A fitted mixture.
   *
   * @param weights mixing proportions
   * @param means {@code [class][feature]}
   * @param covariances {@code [class][feature][feature]}
   * @param logLikelihood total log-likelihood of the data
   * @param bic Bayesian information criterion (lower is better)
   */
  public record Model(double[] weights, double[][] means, double[][][] covariances, double logLikelihood, double bic,
                      boolean converged) {
    public int classes() { return weights.length; }

    /** Posterior class probabilities of one sample. */
    public double[] responsibilities(double[] x) {
      int k = weights.length;
      double[] lp = new double[k];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        lp[j] = Math.log(weights[j]) + logDensity(x, means[j], covariances[j]);
        max = Math.max(max, lp[j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) sum += (lp[j] = Math.exp(lp[j] - max));
      for (int j = 0; j < k; j++) lp[j] /= sum;
      return lp;
    }

    /** The most probable class of each sample. */
    public int[] classify(double[][] samples) {
      int[] out = new int[samples.length];
      for (int i = 0; i < samples.length; i++) {
        double[] r = responsibilities(samples[i]);
        int best = 0;
        for (int j = 1; j < r.length; j++) if (r[j] > r[best]) best = j;
        out[i] = best;
      }
      return out;
    }
  }

  private final Options options;

  public GaussianMixture(Options options) { this.options = options; }

  /** Fits 1..maxClasses classes and returns the model with the lowest BIC. */
  public Model fitBest(double[][] samples) {
    Model best = null;
    int limit = Math.min(options.maxClasses(), Math.max(1, samples.length / (2 * (samples[0].length + 1))));
    for (int k = 1; k <= limit; k++) {
      Model m = fit(samples, k);
      if (best == null || m.bic() < best.bic()) best = m;
    }
    return best;
  }

  /** Fits {@code k} classes (best of {@code restarts} starts). */
  public Model fit(double[][] samples, int k) {
    int n = samples.length;
    if (n == 0) throw new IllegalArgumentException("no samples");
    int d = samples[0].length;
    if (n < k) throw new IllegalArgumentException(n + " samples cannot fit " + k + " classes");
    double[] scale = featureVariance(samples);
    SplittableRandom rng = new SplittableRandom(options.seed() * 31 + k);
    Model best = null;
    for (int s = 0; s < options.restarts(); s++) {
      Model m = em(samples, k, d, scale, rng.split());
      if (best == null || m.logLikelihood() > best.logLikelihood()) best = m;
    }
    return best;
  }

  private Model em(double[][] x, int k, int d, double[] scale, SplittableRandom rng) {
    int n = x.length;
    double[][] means = kmeansPlusPlus(x, k, rng);
    double[][][] cov = new double[k][d][d];
    double[] w = new double[k];
    for (int j = 0; j < k; j++) {
      w[j] = 1.0 / k;
      for (int a = 0; a < d; a++) cov[j][a][a] = scale[a];
    }
    double[][] resp = new double[n][k];
    double prevLl = Double.NEGATIVE_INFINITY;
    double ll = prevLl;
    boolean converged = false;
    for (int it = 0; it < options.maxIterations(); it++) {
      // E step
      ll = 0;
      double[] logw = new double[k];
      for (int j = 0; j < k; j++) logw[j] = Math.log(Math.max(w[j], 1e-300));
      // each component's covariance factored once per E step (null: not positive definite)
      Cholesky[] chol = new Cholesky[k];
      for (int j = 0; j < k; j++) chol[j] = factor(cov[j]);
      for (int i = 0; i < n; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          resp[i][j] = logw[j] + logDensity(x[i], means[j], chol[j]);
          max = Math.max(max, resp[i][j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) sum += (resp[i][j] = Math.exp(resp[i][j] - max));
        for (int j = 0; j < k; j++) resp[i][j] /= sum;
        ll += max + Math.log(sum);
      }
      if (Math.abs(ll - prevLl) < options.tolerance() * Math.abs(ll)) {
        converged = true;
        break;
      }
      prevLl = ll;
      // M step
      for (int j = 0; j < k; j++) {
        double nj = 0;
        double[] mu = new double[d];
        for (int i = 0; i < n; i++) {
          nj += resp[i][j];
          for (int a = 0; a < d; a++) mu[a] += resp[i][j] * x[i][a];
        }
        if (nj < 1e-9) {
          means[j] = x[rng.nextInt(n)].clone();
          w[j] = 1.0 / n;
          continue;
        }
        for (int a = 0; a < d; a++) mu[a] /= nj;
        double[][] c = new double[d][d];
        for (int i = 0; i < n; i++) {
          double r = resp[i][j];
          for (int a = 0; a < d; a++) {
            double da = x[i][a] - mu[a];
            for (int b = 0; b <= a; b++) c[a][b] += r * da * (x[i][b] - mu[b]);
          }
        }
        for (int a = 0; a < d; a++) {
          for (int b = 0; b <= a; b++) {
            c[a][b] /= nj;
            c[b][a] = c[a][b];
          }
          c[a][a] += options.regularization() * scale[a] + 1e-12;
        }
        means[j] = mu;
        cov[j] = c;
        w[j] = nj / n;
      }
    }
    int params = k - 1 + k * d + k * d * (d + 1) / 2;
    double bic = -2 * ll + params * Math.log(n);
    return new Model(w, means, cov, ll, bic, converged);
  }

  private static double[][] kmeansPlusPlus(double[][] x, int k, SplittableRandom rng) {
    int n = x.length;
    double[][] centres = new double[k][];
    centres[0] = x[rng.nextInt(n)].clone();
    double[] dist = new double[n];
    java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        dist[i] = Math.min(dist[i], sq(x[i], centres[c - 1]));
        total += dist[i];
      }
      double u = rng.nextDouble() * total;
      int pick = n - 1;
      for (int i = 0; i < n; i++) {
        u -= dist[i];
        if (u <= 0) {
          pick = i;
          break;
        }
      }
      centres[c] = x[pick].clone();
    }
    return centres;
  }

  private static double sq(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return s;
  }

  private static double[] featureVariance(double[][] x) {
    int d = x[0].length;
    double[] mean = new double[d];
    double[] var = new double[d];
    for (double[] r : x) for (int a = 0; a < d; a++) mean[a] += r[a] / x.length;
    for (double[] r : x) for (int a = 0; a < d; a++) var[a] += (r[a] - mean[a]) * (r[a] - mean[a]) / x.length;
    for (int a = 0; a < d; a++) if (!(var[a] > 0)) var[a] = 1;
    return var;
  }

  /** Log density of a multivariate normal; −∞ when {@code cov} is not positive definite (a collapsed component). */
  static double logDensity(double[] x, double[] mu, double[][] cov) { return logDensity(x, mu, factor(cov)); }

  /** The Cholesky factor of {@code cov}, or null when it is not positive definite. */
  private static Cholesky factor(double[][] cov) {
    try {
      return Cholesky.of(cov);
    } catch (SingularMatrixException e) {
      return null;
    }
  }

  /** Log density of a multivariate normal given the Cholesky factor of its covariance (null: −∞). */
  private static double logDensity(double[] x, double[] mu, Cholesky c) {
    if (c == null) return Double.NEGATIVE_INFINITY;
    int d = mu.length;
    double[] z = new double[d];
    for (int i = 0; i < d; i++) z[i] = x[i] - mu[i];
    c.forwardInPlace(z);
    double quad = 0;
    double logDet = 0;
    for (int i = 0; i < d; i++) {
      quad += z[i] * z[i];
      logDet += Math.log(c.lowerAt(i, i));
    }
    return -0.5 * quad - logDet - 0.5 * d * Math.log(2 * Math.PI);
  }
}
