package org.causalem.bayes;

import org.causalem.numeric.Cholesky;
import org.causalem.numeric.SingularMatrixException;

/**
 * Logistic regression with a Gaussian prior on the weights (L2 penalty), the maximum a posteriori
 * estimate found by Newton–Raphson (IRLS). Features are standardised internally; the intercept is not
 * penalised.
 */
public final class LogisticRegression {
  /** @param priorPrecision precision of the zero-mean Gaussian prior on standardised weights */
  public record Options(double priorPrecision, int maxIterations, double tolerance) {
    public Options {
      if (!(priorPrecision >= 0)) throw new IllegalArgumentException("priorPrecision must be >= 0, got " + priorPrecision);
    }

    public static Options defaults() { return new Options(1.0, 100, 1e-10); }
  }

  /** A fitted model: {@code P(y=1|x) = σ(intercept + Σ w_j (x_j − mean_j)/sd_j)}. */
  public record Model(double intercept, double[] weights, double[] mean, double[] sd, boolean converged) {
    public double probability(double[] x) {
      double z = intercept;
      for (int j = 0; j < weights.length; j++) z += weights[j] * (x[j] - mean[j]) / sd[j];
      return 1 / (1 + Math.exp(-z));
    }

    /** Weights per unit of each original feature. */
    public double[] rawWeights() {
      double[] w = new double[weights.length];
      for (int j = 0; j < w.length; j++) w[j] = weights[j] / sd[j];
      return w;
    }
  }

  private final Options options;

  public LogisticRegression(Options options) { this.options = options; }

  /**
   * @param x {@code [sample][feature]}
   * @param y labels 0/1
   */
  public Model fit(double[][] x, int[] y) {
    int n = x.length;
    if (n == 0 || y.length != n) throw new IllegalArgumentException(n + " samples and " + y.length + " labels");
    int d = x[0].length;
    double[] mean = new double[d];
    double[] sd = new double[d];
    for (double[] r : x) for (int j = 0; j < d; j++) mean[j] += r[j] / n;
    for (double[] r : x) for (int j = 0; j < d; j++) sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
    for (int j = 0; j < d; j++) sd[j] = sd[j] > 0 ? Math.sqrt(sd[j]) : 1;
    int p = d + 1;
    double[][] z = new double[n][p];
    for (int i = 0; i < n; i++) {
      z[i][0] = 1;
      for (int j = 0; j < d; j++) z[i][j + 1] = (x[i][j] - mean[j]) / sd[j];
    }
    double[] beta = new double[p];
    boolean converged = false;
    for (int it = 0; it < options.maxIterations(); it++) {
      double[] grad = new double[p];
      double[][] hess = new double[p][p];
      for (int i = 0; i < n; i++) {
        double eta = 0;
        for (int j = 0; j < p; j++) eta += beta[j] * z[i][j];
        double mu = 1 / (1 + Math.exp(-eta));
        double w = Math.max(mu * (1 - mu), 1e-12);
        for (int a = 0; a < p; a++) {
          grad[a] += (y[i] - mu) * z[i][a];
          for (int b = 0; b <= a; b++) hess[a][b] += w * z[i][a] * z[i][b];
        }
      }
      for (int a = 1; a < p; a++) {
        grad[a] -= options.priorPrecision() * beta[a];
        hess[a][a] += options.priorPrecision();
      }
      hess[0][0] += 1e-9;
      for (int a = 0; a < p; a++) for (int b = 0; b < a; b++) hess[b][a] = hess[a][b];
      double[] step;
      try {
        step = Cholesky.of(hess).solve(grad);
      } catch (SingularMatrixException e) {
        break; // the Hessian lost definiteness (separable data drove the weights to 0): not converged
      }
      double change = 0;
      for (int a = 0; a < p; a++) {
        beta[a] += step[a];
        change = Math.max(change, Math.abs(step[a]));
      }
      if (change < options.tolerance()) {
        converged = true;
        break;
      }
    }
    double[] w = new double[d];
    System.arraycopy(beta, 1, w, 0, d);
    return new Model(beta[0], w, mean, sd, converged);
  }
}
