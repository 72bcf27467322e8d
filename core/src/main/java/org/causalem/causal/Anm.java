package org.causalem.causal;

import java.util.Objects;
import org.causalem.numeric.Stats;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.TridiagonalSimilarDecomposition_F64;
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
    if (ry == null || rx == null) {
      String which = ry == null && rx == null ? "either direction" : ry == null ? yName + " on " + xName : xName + " on " + yName;
      return new PairwiseResult(xName, yName, "anm", PairwiseResult.Direction.UNDECIDED, Double.NaN, Double.NaN, Double.NaN,
          "kernel regression of " + which + " failed for every bandwidth (distinct values: " + distinct(xs) + " of " + xName
              + ", " + distinct(ys) + " of " + yName + ")");
    }
    double[] fwd = logP(xs, ry);
    double[] bwd = logP(ys, rx);
    double score = fwd[0] - bwd[0];
    if (score == 0) score = bwd[1] - fwd[1]; // both p underflow: compare standardized statistics
    PairwiseResult.Direction d = score > 0 ? PairwiseResult.Direction.X_CAUSES_Y
        : score < 0 ? PairwiseResult.Direction.Y_CAUSES_X : PairwiseResult.Direction.UNDECIDED;
    String reason = d != PairwiseResult.Direction.UNDECIDED ? ""
        : Double.isNaN(score) ? "the HSIC test of a residual gave no p-value" : "both directions fit equally well";
    return new PairwiseResult(xName, yName, "anm", d, Double.isNaN(score) ? Double.NaN : score, Math.exp(fwd[0]), Math.exp(bwd[0]), reason);
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
   * minimising the exact leave-one-out error {@code Σ ((t − ŷ)/(1 − H_ii))²}; null when no width gave a
   * usable fit (the caller reports the pair undecided).
   *
   * <p>Tied values of s are grouped: with m distinct values z_k held c_k times and group means t̄_k, the
   * regression is the same kernel ridge regression written on the m distinct points with weights c_k,
   * {@code f = K(K + λC⁻¹)⁻¹ t̄}, written with the symmetric {@code M = C½KC½}; the hat diagonal of a row
   * in group k is {@code [M(M + λ)⁻¹]_kk / c_k}. Discrete or heavily tied variables (a few distinct values)
   * would otherwise give an n × n kernel matrix of rank m with a massively repeated zero eigenvalue;
   * grouped, m × m is exact and cheaper. The kernel width's scale is the median distance between distinct
   * values (ties would drive the median of all pairs to 0).
   *
   * <p>Per width, M is reduced once to tridiagonal form {@code M = Q T Qᵀ} (Householder; no eigenvalue
   * iteration, so nothing to fail to converge); per ridge, {@code T + λ = L D Lᵀ} (O(m)) gives the fit
   * {@code C½f = Q T (T + λ)⁻¹ Qᵀ C½t̄} and {@code 1 − [M(M + λ)⁻¹]_kk = λ Σ (L⁻¹q_k)²/d} with q_k row k of
   * Q, O(m²) per ridge in all: the same numbers as an eigendecomposition up to rounding, at about half its cost.
   */
  static double[] residuals(double[] s, double[] t) {
    int n = s.length;
    Groups g = Groups.of(s, t);
    int m = g.values.length;
    if (m < 2) return null;
    double[] d2 = new double[m * (m - 1) / 2];
    int c = 0;
    for (int i = 0; i < m; i++) for (int j = i + 1; j < m; j++) d2[c++] = (g.values[i] - g.values[j]) * (g.values[i] - g.values[j]);
    double med2 = Stats.median(d2);
    if (!(med2 > 0)) return null;
    double[] sqrtC = new double[m];
    for (int k = 0; k < m; k++) sqrtC[k] = Math.sqrt(g.counts[k]);
    double bestLoo = Double.POSITIVE_INFINITY;
    double[] best = null;
    TridiagonalSimilarDecomposition_F64<DMatrixRMaj> tri = DecompositionFactory_DDRM.tridiagonal(m);
    DMatrixRMaj k = new DMatrixRMaj(m, m);
    DMatrixRMaj q = null;
    double[] diag = new double[m];
    double[] off = new double[Math.max(m - 1, 1)];
    double[] b = new double[m];
    double[] dInv = new double[m];
    double[] l = new double[Math.max(m - 1, 1)];
    double[] z = new double[m];
    double[] tz = new double[m];
    double[] fitC = new double[m];
    double[] oneMinusH = new double[m];
    for (double w : WIDTH_FACTORS) {
      double f = -0.5 / (med2 * w * w);
      for (int i = 0; i < m; i++) {
        for (int j = i; j < m; j++) {
          double d = g.values[i] - g.values[j];
          double v = Math.exp(f * d * d) * sqrtC[i] * sqrtC[j];
          k.set(i, j, v);
          k.set(j, i, v);
        }
      }
      if (!tri.decompose(k)) continue;
      tri.getDiagonal(diag, off);
      q = tri.getQ(q, false);
      // b = Qᵀ C½ t̄
      double[] qd = q.data;
      java.util.Arrays.fill(b, 0);
      for (int i = 0; i < m; i++) {
        double yi = sqrtC[i] * g.means[i];
        int row = i * m;
        for (int e = 0; e < m; e++) b[e] += qd[row + e] * yi;
      }
      for (double ridge : RIDGES) {
        if (!ldl(diag, off, ridge, dInv, l)) continue;
        // fit (grouped, times C½) = Q T (T + λ)⁻¹ b
        solve(dInv, l, b, z);
        for (int e = 0; e < m; e++) {
          double v = diag[e] * z[e];
          if (e > 0) v += off[e - 1] * z[e - 1];
          if (e < m - 1) v += off[e] * z[e + 1];
          tz[e] = v;
        }
        for (int i = 0; i < m; i++) {
          int row = i * m;
          double fit = 0;
          for (int e = 0; e < m; e++) fit += qd[row + e] * tz[e];
          fitC[i] = fit;
          // 1 − H_ii = λ q_iᵀ (T + λ)⁻¹ q_i with q_i row i of Q; (T + λ) = L D Lᵀ: Σ (L⁻¹q_i)²/d
          double u = qd[row];
          double quad = u * u * dInv[0];
          for (int e = 1; e < m; e++) {
            u = qd[row + e] - l[e - 1] * u;
            quad += u * u * dInv[e];
          }
          oneMinusH[i] = ridge * quad;
        }
        double loo = 0;
        double[] res = new double[n];
        boolean finite = true;
        for (int i = 0; i < n; i++) {
          int grp = g.group[i];
          double fit = fitC[grp] / sqrtC[grp];
          res[i] = t[i] - fit;
          // hat of a row in group k: H_kk / c_k
          double r = res[i] / Math.max((g.counts[grp] - 1 + oneMinusH[grp]) / g.counts[grp], 1e-8);
          loo += r * r;
          if (!Double.isFinite(res[i])) finite = false;
        }
        if (finite && loo < bestLoo) {
          bestLoo = loo;
          best = res;
        }
      }
    }
    return best;
  }

  /**
   * {@code T + λI = L D Lᵀ} for the symmetric tridiagonal T (diagonal {@code a}, off-diagonal {@code e}):
   * {@code dInv} the reciprocal pivots, {@code l} the sub-diagonal of L; false when a pivot is not positive
   * (T + λI not positive definite, which a kernel matrix plus a ridge is up to rounding).
   */
  private static boolean ldl(double[] a, double[] e, double ridge, double[] dInv, double[] l) {
    int m = a.length;
    double d = a[0] + ridge;
    for (int i = 0; ; i++) {
      if (!(d > 0)) return false;
      dInv[i] = 1 / d;
      if (i == m - 1) return true;
      l[i] = e[i] * dInv[i];
      d = a[i + 1] + ridge - l[i] * e[i];
    }
  }

  /** Solves {@code L D Lᵀ z = b} with the factors of {@link #ldl}. */
  private static void solve(double[] dInv, double[] l, double[] b, double[] z) {
    int m = b.length;
    z[0] = b[0];
    for (int i = 1; i < m; i++) z[i] = b[i] - l[i - 1] * z[i - 1];
    for (int i = 0; i < m; i++) z[i] *= dInv[i];
    for (int i = m - 2; i >= 0; i--) z[i] -= l[i] * z[i + 1];
  }

  /** The distinct values of s with their counts, the mean of t in each, and each row's group. */
  private record Groups(double[] values, int[] counts, double[] means, int[] group) {
    static Groups of(double[] s, double[] t) {
      int n = s.length;
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) order[i] = i;
      java.util.Arrays.sort(order, (a, b) -> Double.compare(s[a], s[b]));
      int[] group = new int[n];
      double[] values = new double[n];
      int[] counts = new int[n];
      double[] sums = new double[n];
      int m = -1;
      for (int r = 0; r < n; r++) {
        int i = order[r];
        if (m < 0 || s[i] != values[m]) values[++m] = s[i];
        group[i] = m;
        counts[m]++;
        sums[m] += t[i];
      }
      m++;
      double[] means = new double[m];
      for (int k = 0; k < m; k++) means[k] = sums[k] / counts[k];
      return new Groups(java.util.Arrays.copyOf(values, m), java.util.Arrays.copyOf(counts, m), means, group);
    }
  }

  private static int distinct(double[] v) {
    double[] c = v.clone();
    java.util.Arrays.sort(c);
    int k = c.length == 0 ? 0 : 1;
    for (int i = 1; i < c.length; i++) if (c[i] != c[i - 1]) k++;
    return k;
  }

  private static void requireFinite(double[] v, String name) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) throw new org.causalem.data.BadInputException(name + " row " + (i + 1) + " is " + v[i] + "; drop incomplete rows first");
    }
  }
}
