package org.causalem.spectra;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.causalem.data.SpectrumImage;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Principal component analysis of a spectrum image by singular value decomposition of the centred
 * pixels × channels matrix: exact (EJML) when the matrix is small, otherwise randomized (Halko,
 * Martinsson &amp; Tropp 2011: Gaussian sketch, power iterations, SVD of the small projected matrix).
 */
public final class Pca {
  /**
   * @param components number of components kept
   * @param exactLimit largest {@code pixels × channels} computed exactly; above it the randomized SVD runs
   * @param oversampling extra sketch columns for the randomized SVD
   * @param powerIterations subspace iterations for the randomized SVD
   */
  public record Options(int components, long exactLimit, int oversampling, int powerIterations, long seed) {
    public Options {
      if (components < 1) throw new IllegalArgumentException("components must be >= 1, got " + components);
      if (exactLimit < 0) throw new IllegalArgumentException("exactLimit must be >= 0, got " + exactLimit);
      if (oversampling < 0) throw new IllegalArgumentException("oversampling must be >= 0, got " + oversampling);
      if (powerIterations < 0) throw new IllegalArgumentException("powerIterations must be >= 0, got " + powerIterations);
    }

    public static Options of(int components, long seed) { return new Options(components, 600_000L, 10, 2, seed); }
  }

  private final Options options;

  public Pca(Options options) { this.options = Objects.requireNonNull(options); }

  /** Decomposes {@code si} (not modified). */
  public Decomposition fit(SpectrumImage si) {
    return fit(SpectrumMatrix.of(si));
  }

  Decomposition fit(SpectrumMatrix x) {
    int n = x.rows;
    int c = x.cols;
    int k = Math.min(options.components(), Math.min(n, c));
    double[] mean = new double[c];
    for (int i = 0; i < n; i++) {
      int base = i * c;
      for (int j = 0; j < c; j++) mean[j] += x.data[base + j];
    }
    for (int j = 0; j < c; j++) mean[j] /= n;
    boolean exact = (long) n * c <= options.exactLimit() || Math.min(n, c) <= k + options.oversampling();
    return exact ? exact(x, mean, k) : randomized(x, mean, k);
  }

  private Decomposition exact(SpectrumMatrix x, double[] mean, int k) {
    int n = x.rows;
    int c = x.cols;
    DMatrixRMaj a = new DMatrixRMaj(n, c);
    for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) a.data[i * c + j] = x.data[i * c + j] - mean[j];
    Leading top = leading(a, k, n, "SVD did not converge");
    float[][] loadings = new float[k][n];
    for (int m = 0; m < k; m++) {
      for (int i = 0; i < n; i++) loadings[m][i] = (float) (top.sign()[m] * top.u().get(i, m) * top.singular()[m]);
    }
    return new Decomposition("pca", top.factors(), loadings, toFloat(mean), top.variance(), 0, true,
        residual(x, mean, top.factors(), loadings));
  }

  /**
   * The {@code k} leading components of the SVD of {@code a} (rows × c): left vectors {@code u}, singular
   * values, the sign that makes each right vector sum to ≥ 0, the sign-fixed right vectors (factors) and the
   * variance each explains over {@code n} pixels.
   */
  private record Leading(DMatrixRMaj u, double[] singular, double[] sign, float[][] factors, double[] variance) {}

  private static Leading leading(DMatrixRMaj a, int k, int n, String failure) {
    int c = a.numCols;
    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(a.numRows, c, true, true, true);
    if (!svd.decompose(a)) throw new IllegalStateException(failure);
    DMatrixRMaj u = svd.getU(null, false);
    DMatrixRMaj w = svd.getW(null);
    DMatrixRMaj vt = svd.getV(null, true);
    SingularOps_DDRM.descendingOrder(u, false, w, vt, true);
    double[] singular = new double[k];
    double[] sign = new double[k];
    float[][] factors = new float[k][c];
    double[] variance = new double[k];
    for (int m = 0; m < k; m++) {
      double s = w.get(m, m);
      singular[m] = s;
      sign[m] = signOf(vt, m, c);
      for (int j = 0; j < c; j++) factors[m][j] = (float) (sign[m] * vt.get(m, j));
      variance[m] = s * s / Math.max(1, n - 1);
    }
    return new Leading(u, singular, sign, factors, variance);
  }

  private static double signOf(DMatrixRMaj vt, int row, int c) {
    double sum = 0;
    for (int j = 0; j < c; j++) sum += vt.get(row, j);
    return sum < 0 ? -1 : 1;
  }

  private Decomposition randomized(SpectrumMatrix x, double[] mean, int k) {
    int n = x.rows;
    int c = x.cols;
    int l = Math.min(Math.min(n, c), k + options.oversampling());
    SplittableRandom rng = new SplittableRandom(options.seed());
    double[] omega = new double[c * l];
    for (int i = 0; i < omega.length; i++) omega[i] = gaussian(rng);
    double[] y = timesRight(x, mean, omega, l);      // n × l
    orthonormalise(y, n, l);
    for (int q = 0; q < options.powerIterations(); q++) {
      double[] z = transposeTimes(x, mean, y, l);    // c × l
      orthonormalise(z, c, l);
      y = timesRight(x, mean, z, l);
      orthonormalise(y, n, l);
    }
    final double[] q = y;
    double[] bt = transposeTimes(x, mean, q, l);     // c × l = (Qᵀ X)ᵀ
    DMatrixRMaj b = new DMatrixRMaj(l, c);
    for (int j = 0; j < c; j++) for (int m = 0; m < l; m++) b.data[m * c + j] = bt[j * l + m];
    Leading top = leading(b, k, n, "SVD of the projected matrix did not converge");
    DMatrixRMaj ub = top.u();
    float[][] loadings = new float[k][n];
    for (int m = 0; m < k; m++) {
      final int mm = m;
      final double sign = top.sign()[m];
      final double s = top.singular()[m];
      IntStream.range(0, n).parallel().forEach(i -> {
        double v = 0;
        for (int t = 0; t < l; t++) v += q[i * l + t] * ub.get(t, mm);
        loadings[mm][i] = (float) (sign * v * s);
      });
    }
    return new Decomposition("pca-randomized", top.factors(), loadings, toFloat(mean), top.variance(), options.powerIterations(), true,
        Double.NaN);
  }

  /** (X − 1·meanᵀ) · m, with m c × l row-major; returns n × l row-major. */
  private static double[] timesRight(SpectrumMatrix x, double[] mean, double[] m, int l) {
    int n = x.rows;
    int c = x.cols;
    double[] shift = new double[l];
    for (int j = 0; j < c; j++) for (int t = 0; t < l; t++) shift[t] += mean[j] * m[j * l + t];
    double[] out = new double[n * l];
    // two pixels per pass over m; each sum runs over the channels in order. A zero count adds a zero product,
    // which leaves the sum exactly as skipping it would (sums start at +0 and never become -0).
    IntStream.range(0, (n + 1) / 2).parallel().forEach(pair -> {
      int i0 = 2 * pair;
      int i1 = Math.min(i0 + 1, n - 1);
      int b0 = i0 * c;
      int b1 = i1 * c;
      double[] acc0 = new double[l];
      double[] acc1 = new double[l];
      for (int j = 0; j < c; j++) {
        double v0 = x.data[b0 + j];
        double v1 = x.data[b1 + j];
        int mb = j * l;
        for (int t = 0; t < l; t++) {
          double mt = m[mb + t];
          acc0[t] += v0 * mt;
          acc1[t] += v1 * mt;
        }
      }
      for (int t = 0; t < l; t++) out[i1 * l + t] = acc1[t] - shift[t];
      for (int t = 0; t < l; t++) out[i0 * l + t] = acc0[t] - shift[t];
    });
    return out;
  }

  /** (X − 1·meanᵀ)ᵀ · y, with y n × l row-major; returns c × l row-major. */
  private static double[] transposeTimes(SpectrumMatrix x, double[] mean, double[] y, int l) {
    int n = x.rows;
    int c = x.cols;
    int blocks = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors() * 4));
    double[][] partial = new double[blocks][];
    IntStream.range(0, blocks).parallel().forEach(bi -> {
      double[] acc = new double[c * l];
      int from = (int) ((long) n * bi / blocks);
      int to = (int) ((long) n * (bi + 1) / blocks);
      // two pixels per pass over the accumulator, each sum still taking the pixels in order (zero counts add +0)
      int i = from;
      for (; i + 1 < to; i += 2) {
        int b0 = i * c;
        int b1 = b0 + c;
        int y0 = i * l;
        int y1 = y0 + l;
        for (int j = 0; j < c; j++) {
          double v0 = x.data[b0 + j];
          double v1 = x.data[b1 + j];
          int ab = j * l;
          for (int t = 0; t < l; t++) {
            double a = acc[ab + t] + v0 * y[y0 + t];
            acc[ab + t] = a + v1 * y[y1 + t];
          }
        }
      }
      for (; i < to; i++) {
        int base = i * c;
        int yb = i * l;
        for (int j = 0; j < c; j++) {
          double v = x.data[base + j];
          int ab = j * l;
          for (int t = 0; t < l; t++) acc[ab + t] += v * y[yb + t];
        }
      }
      partial[bi] = acc;
    });
    double[] out = partial[0];
    for (int b = 1; b < blocks; b++) for (int i = 0; i < out.length; i++) out[i] += partial[b][i];
    double[] colSum = new double[l];
    for (int i = 0; i < n; i++) for (int t = 0; t < l; t++) colSum[t] += y[i * l + t];
    for (int j = 0; j < c; j++) for (int t = 0; t < l; t++) out[j * l + t] -= mean[j] * colSum[t];
    return out;
  }

  /** Modified Gram–Schmidt (twice) on the l columns of a rows × l row-major matrix. */
  static void orthonormalise(double[] a, int rows, int l) {
    for (int pass = 0; pass < 2; pass++) {
      for (int t = 0; t < l; t++) {
        for (int s = 0; s < t; s++) {
          double dot = 0;
          for (int i = 0; i < rows; i++) dot += a[i * l + t] * a[i * l + s];
          for (int i = 0; i < rows; i++) a[i * l + t] -= dot * a[i * l + s];
        }
        double norm = 0;
        for (int i = 0; i < rows; i++) norm += a[i * l + t] * a[i * l + t];
        norm = Math.sqrt(norm);
        if (norm > 0) for (int i = 0; i < rows; i++) a[i * l + t] /= norm;
      }
    }
  }

  private static double residual(SpectrumMatrix x, double[] mean, float[][] factors, float[][] loadings) {
    int n = x.rows;
    int c = x.cols;
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        double v = x.data[i * c + j];
        double model = mean[j];
        for (int m = 0; m < factors.length; m++) model += loadings[m][i] * factors[m][j];
        num += (v - model) * (v - model);
        den += v * v;
      }
    }
    return den > 0 ? Math.sqrt(num / den) : 0;
  }

  static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }
}
