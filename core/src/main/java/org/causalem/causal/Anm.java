package org.causalem.causal;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.hipparchus.special.Gamma;

/**
 * Additive-noise-model direction (Hoyer et al. 2009): regress Y on X and X on Y nonparametrically
 * (Gaussian-kernel ridge regression, bandwidth and ridge chosen by exact leave-one-out error), then
 * test each regressor against its residual with HSIC. The direction whose residual is more independent
 * of its input (higher p-value) wins. At most {@code maxRows} rows are used (seeded subsample).
 */
public final class Anm {
  private static final double[] WIDTH_FACTORS = {0.125, 0.25, 0.5, 1, 2};
  private static final double[] RIDGES = {1e-4, 1e-3, 1e-2, 1e-1, 1};

  /** @param maxRows rows used (subsampled above), ≥ 20; @param seed for the subsample */
  public record Options(int maxRows, long seed) {
    public Options {
      if (maxRows < 20) throw new IllegalArgumentException("maxRows must be ≥ 20, got " + maxRows);
    }

    public static Options defaults() { return new Options(500, 1L); }
  }

  private final Options options;

  public Anm(Options options) { this.options = Objects.requireNonNull(options); }

  public PairwiseResult direction(String xName, String yName, double[] x, double[] y) {
    if (x.length != y.length) throw new IllegalArgumentException(xName + " has " + x.length + " values, " + yName + " has " + y.length);
    if (x.length < 20) throw new IllegalArgumentException("ANM needs at least 20 pairs, got " + x.length);
    requireFinite(x, xName);
    requireFinite(y, yName);
    int[] rows = Kernels.subsample(x.length, options.maxRows(), options.seed());
    double[] xs = new double[rows.length];
    double[] ys = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      xs[i] = x[rows[i]];
      ys[i] = y[rows[i]];
    }
    if (!DirectLingam.standardize(xs)) throw new IllegalArgumentException(xName + " is constant");
    if (!DirectLingam.standardize(ys)) throw new IllegalArgumentException(yName + " is constant");
    double[] ry = residuals(xs, ys);
    double[] rx = residuals(ys, xs);
    double[] fwd = logP(xs, ry);
    double[] bwd = logP(ys, rx);
    double score = fwd[0] - bwd[0];
    if (score == 0) score = bwd[1] - fwd[1]; // both p underflow: compare standardized statistics
    PairwiseResult.Direction d = score > 0 ? PairwiseResult.Direction.X_CAUSES_Y
        : score < 0 ? PairwiseResult.Direction.Y_CAUSES_X : PairwiseResult.Direction.UNDECIDED;
    return new PairwiseResult(xName, yName, "anm", d, score, Math.exp(fwd[0]), Math.exp(bwd[0]));
  }

  /** {ln p, (stat − mean)/sd} of HSIC between a and b. */
  private static double[] logP(double[] a, double[] b) {
    int n = a.length;
    int[] all = Kernels.subsample(n, n, 0);
    double[][] ga = Kernels.centredFactor(Kernels.standardizedRows(new double[][] {a}, all), Hsic.TOLERANCE, Hsic.MAX_RANK);
    double[][] gb = Kernels.centredFactor(Kernels.standardizedRows(new double[][] {b}, all), Hsic.TOLERANCE, Hsic.MAX_RANK);
    double stat = Kernels.frobenius2(Kernels.cross(ga, gb));
    double tra = 0;
    for (double[] g : ga) for (double v : g) tra += v * v;
    double trb = 0;
    for (double[] g : gb) for (double v : g) trb += v * v;
    double mean = tra * trb / n;
    double var = 2 * Kernels.frobenius2(Kernels.cross(ga, ga)) * Kernels.frobenius2(Kernels.cross(gb, gb)) / ((double) n * n);
    double shape = mean * mean / var;
    double scale = var / mean;
    double q = Gamma.regularizedGammaQ(shape, stat / scale);
    double lnP = q > 0 ? Math.log(q) : logUpperTail(shape, stat / scale);
    return new double[] {lnP, (stat - mean) / Math.sqrt(var)};
  }

  /** ln Q(a, x) for large x where Q underflows: ln of the leading asymptotic term x^(a−1) e^−x / Γ(a). */
  private static double logUpperTail(double a, double x) {
    return (a - 1) * Math.log(x) - x - Gamma.logGamma(a);
  }

  /**
   * Residuals of kernel ridge regression of t on s (standardized), with the Gaussian width and ridge
   * minimising the exact leave-one-out error {@code Σ ((t − ŷ)/(1 − H_ii))²}.
   */
  static double[] residuals(double[] s, double[] t) {
    int n = s.length;
    double[] d2 = new double[n * (n - 1) / 2];
    int c = 0;
    for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) d2[c++] = (s[i] - s[j]) * (s[i] - s[j]);
    double med2 = Kernels.median(d2);
    if (!(med2 > 0)) med2 = 1;
    double bestLoo = Double.POSITIVE_INFINITY;
    double[] best = null;
    for (double w : WIDTH_FACTORS) {
      double f = -0.5 / (med2 * w * w);
      DMatrixRMaj k = new DMatrixRMaj(n, n);
      for (int i = 0; i < n; i++) {
        for (int j = i; j < n; j++) {
          double v = Math.exp(f * (s[i] - s[j]) * (s[i] - s[j]));
          k.set(i, j, v);
          k.set(j, i, v);
        }
      }
      EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
      if (!eig.decompose(k)) continue;
      double[] lam = new double[n];
      double[][] u = new double[n][];
      double[] uty = new double[n];
      for (int e = 0; e < n; e++) {
        lam[e] = Math.max(eig.getEigenvalue(e).getReal(), 0);
        DMatrixRMaj v = eig.getEigenVector(e);
        u[e] = new double[n];
        double dot = 0;
        for (int i = 0; i < n; i++) {
          u[e][i] = v.get(i, 0);
          dot += u[e][i] * t[i];
        }
        uty[e] = dot;
      }
      for (double ridge : RIDGES) {
        double[] fit = new double[n];
        double[] hii = new double[n];
        for (int e = 0; e < n; e++) {
          double g = lam[e] / (lam[e] + ridge);
          double a = g * uty[e];
          double[] ue = u[e];
          for (int i = 0; i < n; i++) {
            fit[i] += a * ue[i];
            hii[i] += g * ue[i] * ue[i];
          }
        }
        double loo = 0;
        double[] res = new double[n];
        for (int i = 0; i < n; i++) {
          res[i] = t[i] - fit[i];
          double r = res[i] / Math.max(1 - hii[i], 1e-8);
          loo += r * r;
        }
        if (loo < bestLoo) {
          bestLoo = loo;
          best = res;
        }
      }
    }
    if (best == null) throw new IllegalStateException("kernel regression failed for every bandwidth");
    return best;
  }

  private static void requireFinite(double[] v, String name) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) throw new org.causalem.data.BadInputException(name + " row " + (i + 1) + " is " + v[i] + "; drop incomplete rows first");
    }
  }
}
