package org.causalem.bayes;

import org.causalem.numeric.Cholesky;

/**
 * Normal–inverse-Gamma distribution of regression coefficients β and noise variance σ²:
 * {@code σ² ~ InvGamma(shape, rate)}, {@code β | σ² ~ N(mean, σ² precision⁻¹)}.
 *
 * @param mean coefficient location (length p)
 * @param precision p×p row-major precision matrix Λ (scaled by 1/σ²)
 * @param shape inverse-Gamma shape a &gt; 0
 * @param rate inverse-Gamma rate (scale) b &gt; 0
 */
public record NormalInverseGamma(double[] mean, double[] precision, double shape, double rate) {
  public NormalInverseGamma {
    mean = mean.clone();
    precision = precision.clone();
    int p = mean.length;
    if (precision.length != p * p) throw new IllegalArgumentException("precision has " + precision.length + " values, expected " + p + "×" + p);
    if (!(shape > 0)) throw new IllegalArgumentException("shape must be > 0, got " + shape);
    if (!(rate > 0)) throw new IllegalArgumentException("rate must be > 0, got " + rate);
    for (int i = 0; i < p; i++) {
      if (!Double.isFinite(mean[i])) throw new IllegalArgumentException("mean[" + i + "] is not finite");
      for (int j = 0; j < i; j++) {
        double a = precision[i * p + j];
        double b = precision[j * p + i];
        if (Math.abs(a - b) > 1e-10 * (Math.abs(a) + Math.abs(b)) + 1e-300) {
          throw new IllegalArgumentException("precision is not symmetric at (" + i + "," + j + ")");
        }
      }
    }
  }

  public int dimension() { return mean.length; }

  /** Prior centred on 0 with precision {@code I / scale²}. */
  public static NormalInverseGamma isotropic(int p, double coefficientScale, double shape, double rate) {
    if (!(coefficientScale > 0)) throw new IllegalArgumentException("coefficientScale must be > 0, got " + coefficientScale);
    double[] prec = new double[p * p];
    for (int i = 0; i < p; i++) prec[i * p + i] = 1.0 / (coefficientScale * coefficientScale);
    return new NormalInverseGamma(new double[p], prec, shape, rate);
  }

  /**
   * Zellner's g-prior centred on 0: {@code Λ = XᵀX / g}. With {@code g = n} it carries the information
   * of one observation (the "unit-information" prior), is invariant to rescaling of the regressors, and
   * its Bayes factors behave like BIC for large n.
   *
   * @param design rows of the design matrix (not modified)
   */
  public static NormalInverseGamma gPrior(double[][] design, double g, double shape, double rate) {
    if (!(g > 0)) throw new IllegalArgumentException("g must be > 0, got " + g);
    int p = design.length == 0 ? 0 : design[0].length;
    double[] xtx = BayesianLinearRegression.gram(design, p);
    for (int i = 0; i < xtx.length; i++) xtx[i] /= g;
    return new NormalInverseGamma(new double[p], xtx, shape, rate);
  }

  /** Mean of σ² (infinite when shape ≤ 1). */
  public double noiseVarianceMean() { return shape > 1 ? rate / (shape - 1) : Double.POSITIVE_INFINITY; }

  /** Marginal covariance of β (multivariate Student-t with 2·shape d.o.f.): {@code rate/(shape−1) Λ⁻¹}. */
  public double[] coefficientCovariance() {
    double[] inv = Cholesky.of(precision, mean.length).inverse();
    double f = noiseVarianceMean();
    for (int i = 0; i < inv.length; i++) inv[i] *= f;
    return inv;
  }

  /** Scale matrix of the marginal Student-t of β: {@code (rate/shape) Λ⁻¹}. */
  public double[] coefficientScaleMatrix() {
    double[] inv = Cholesky.of(precision, mean.length).inverse();
    double f = rate / shape;
    for (int i = 0; i < inv.length; i++) inv[i] *= f;
    return inv;
  }
}
