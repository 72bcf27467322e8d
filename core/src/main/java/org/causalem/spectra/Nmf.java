package org.causalem.spectra;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.causalem.data.SpectrumImage;

/**
 * Non-negative matrix factorisation {@code X ≈ W·H} of a spectrum image (pixels × channels) by
 * hierarchical alternating least squares (HALS; Cichocki &amp; Phan 2009, Gillis 2014), which
 * converges much faster than multiplicative updates. Negative counts (noise after dark subtraction)
 * are treated as 0. Factors are scaled to unit maximum; loadings carry the intensity. The fit holds a clamped
 * float copy of the counts (as much memory again as a float cube) so its products run without branches.
 */
public final class Nmf {
  public record Options(int components, int maxIterations, double tolerance, long seed) {
    public Options {
      if (components < 1) throw new IllegalArgumentException("components must be >= 1, got " + components);
      if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
      if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    }

    public static Options of(int components, long seed) { return new Options(components, 400, 1e-6, seed); }
  }

  private static final double EPS = 1e-12;

  private final Options options;

  public Nmf(Options options) { this.options = Objects.requireNonNull(options); }

  /** Factorises {@code si} (not modified). */
  public Decomposition fit(SpectrumImage si) { return fit(SpectrumMatrix.of(si)); }

  Decomposition fit(SpectrumMatrix x) {
    int n = x.rows;
    int c = x.cols;
    int k = options.components();
    double normX2 = 0;
    double meanX = 0;
    for (int i = 0; i < x.data.length; i++) {
      double v = Math.max(0, x.data[i]);
      normX2 += v * v;
      meanX += v;
    }
    meanX /= Math.max(1, x.data.length);
    x = clamped(x);
    SplittableRandom rng = new SplittableRandom(options.seed());
    double scale = Math.sqrt(Math.max(meanX, EPS) / k);
    double[] w = new double[n * k];   // n × k row-major
    double[] h = new double[k * c];   // k × c row-major
    for (int i = 0; i < w.length; i++) w[i] = scale * rng.nextDouble();
    for (int i = 0; i < h.length; i++) h[i] = scale * rng.nextDouble();
    double previous = Double.POSITIVE_INFINITY;
    int iter = 0;
    boolean converged = false;
    double err2 = Double.NaN;
    while (iter < options.maxIterations()) {
      iter++;
      // H update: A = Wᵀ X (k × c), B = Wᵀ W (k × k)
      double[] a = wtX(x, w, k);
      double[] b = gram(w, n, k);
      for (int j = 0; j < k; j++) {
        double bjj = Math.max(b[j * k + j], EPS);
        for (int col = 0; col < c; col++) {
          double s = a[j * c + col];
          for (int l = 0; l < k; l++) s -= b[j * k + l] * h[l * c + col];
          h[j * c + col] = Math.max(EPS, h[j * c + col] + s / bjj);
        }
      }
      // W update: C = X Hᵀ (n × k), D = H Hᵀ (k × k)
      double[] cm = xHt(x, h, k);
      double[] d = gramRows(h, k, c);
      for (int j = 0; j < k; j++) {
        double djj = Math.max(d[j * k + j], EPS);
        final int jj = j;
        IntStream.range(0, n).parallel().forEach(i -> {
          double s = cm[i * k + jj];
          for (int l = 0; l < k; l++) s -= w[i * k + l] * d[l * k + jj];
          w[i * k + jj] = Math.max(EPS, w[i * k + jj] + s / djj);
        });
      }
      // error from the cached products: ‖X‖² − 2 tr(Wᵀ X Hᵀ) + tr(WᵀW · HHᵀ)
      double cross = 0;
      for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) cross += w[i * k + j] * cm[i * k + j];
      double[] bw = gram(w, n, k);
      double quad = 0;
      for (int p = 0; p < k * k; p++) quad += bw[p] * d[p];
      err2 = Math.max(0, normX2 - 2 * cross + quad);
      if (Math.abs(previous - err2) <= options.tolerance() * Math.max(normX2, EPS)) {
        converged = true;
        break;
      }
      previous = err2;
    }
    float[][] factors = new float[k][c];
    float[][] loadings = new float[k][n];
    double[] weights = new double[k];
    for (int j = 0; j < k; j++) {
      double max = EPS;
      for (int col = 0; col < c; col++) max = Math.max(max, h[j * c + col]);
      for (int col = 0; col < c; col++) factors[j][col] = (float) (h[j * c + col] / max);
      double wn = 0;
      for (int i = 0; i < n; i++) {
        loadings[j][i] = (float) (w[i * k + j] * max);
        wn += w[i * k + j] * w[i * k + j];
      }
      double hn = 0;
      for (int col = 0; col < c; col++) hn += h[j * c + col] * h[j * c + col];
      weights[j] = wn * hn;
    }
    return new Decomposition("nmf", factors, loadings, new float[c], weights, iter, converged,
        normX2 > 0 ? Math.sqrt(err2 / normX2) : 0);
  }

  /**
   * The counts with negatives (and NaN) replaced by +0, so the products below need no branch: adding the +0 product
   * of a clamped count leaves a sum exactly as skipping it did, keeping every result bit for bit.
   */
  private static SpectrumMatrix clamped(SpectrumMatrix x) {
    float[] out = new float[x.data.length];
    IntStream.range(0, x.rows).parallel().forEach(i -> {
      int from = i * x.cols;
      for (int col = from; col < from + x.cols; col++) {
        float v = x.data[col];
        out[col] = v > 0 ? v : 0f;
      }
    });
    return new SpectrumMatrix(out, x.rows, x.cols);
  }

  /** Wᵀ X (k × c) of the clamped counts, summed over pixels in the same order and blocks as before. */
  private static double[] wtX(SpectrumMatrix x, double[] w, int k) {
    int n = x.rows;
    int c = x.cols;
    float[] data = x.data;
    int blocks = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors() * 2));
    double[][] part = new double[blocks][];
    IntStream.range(0, blocks).parallel().forEach(bi -> {
      double[] acc = new double[k * c];
      int from = (int) ((long) n * bi / blocks);
      int to = (int) ((long) n * (bi + 1) / blocks);
      for (int i = from; i < to; i++) {
        int xb = i * c;
        for (int j = 0; j < k; j++) {
          double wij = w[i * k + j];
          int ab = j * c;
          for (int col = 0; col < c; col++) acc[ab + col] += wij * data[xb + col];
        }
      }
      part[bi] = acc;
    });
    double[] out = part[0];
    for (int b = 1; b < blocks; b++) for (int i = 0; i < out.length; i++) out[i] += part[b][i];
    return out;
  }

  /**
   * X Hᵀ (n × k) of the clamped counts. Each sum runs over the channels in order (as before); two pixels and up to
   * three components at a time give six independent sums per pass over the channels.
   */
  private static double[] xHt(SpectrumMatrix x, double[] h, int k) {
    int n = x.rows;
    int c = x.cols;
    float[] data = x.data;
    double[] out = new double[n * k];
    IntStream.range(0, (n + 1) / 2).parallel().forEach(pair -> {
      int i0 = 2 * pair;
      int i1 = Math.min(i0 + 1, n - 1);
      int x0 = i0 * c;
      int x1 = i1 * c;
      int j = 0;
      for (; j + 2 < k; j += 3) {
        int ha = j * c;
        int hb = ha + c;
        int hc = hb + c;
        double s00 = 0;
        double s01 = 0;
        double s02 = 0;
        double s10 = 0;
        double s11 = 0;
        double s12 = 0;
        for (int col = 0; col < c; col++) {
          float v0 = data[x0 + col];
          float v1 = data[x1 + col];
          double a = h[ha + col];
          double b = h[hb + col];
          double d = h[hc + col];
          s00 += v0 * a;
          s01 += v0 * b;
          s02 += v0 * d;
          s10 += v1 * a;
          s11 += v1 * b;
          s12 += v1 * d;
        }
        out[i0 * k + j] = s00;
        out[i0 * k + j + 1] = s01;
        out[i0 * k + j + 2] = s02;
        out[i1 * k + j] = s10;
        out[i1 * k + j + 1] = s11;
        out[i1 * k + j + 2] = s12;
      }
      for (; j + 1 < k; j += 2) {
        int ha = j * c;
        int hb = ha + c;
        double s00 = 0;
        double s01 = 0;
        double s10 = 0;
        double s11 = 0;
        for (int col = 0; col < c; col++) {
          float v0 = data[x0 + col];
          float v1 = data[x1 + col];
          double a = h[ha + col];
          double b = h[hb + col];
          s00 += v0 * a;
          s01 += v0 * b;
          s10 += v1 * a;
          s11 += v1 * b;
        }
        out[i0 * k + j] = s00;
        out[i0 * k + j + 1] = s01;
        out[i1 * k + j] = s10;
        out[i1 * k + j + 1] = s11;
      }
      for (; j < k; j++) {
        int ha = j * c;
        double s0 = 0;
        double s1 = 0;
        for (int col = 0; col < c; col++) {
          double a = h[ha + col];
          s0 += data[x0 + col] * a;
          s1 += data[x1 + col] * a;
        }
        out[i0 * k + j] = s0;
        out[i1 * k + j] = s1;
      }
    });
    return out;
  }

  /** Wᵀ W for W n × k row-major. */
  private static double[] gram(double[] w, int n, int k) {
    double[] g = new double[k * k];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < k; a++) {
        double wa = w[i * k + a];
        for (int b = a; b < k; b++) g[a * k + b] += wa * w[i * k + b];
      }
    }
    for (int a = 0; a < k; a++) for (int b = 0; b < a; b++) g[a * k + b] = g[b * k + a];
    return g;
  }

  /** H Hᵀ for H k × c row-major. */
  private static double[] gramRows(double[] h, int k, int c) {
    double[] g = new double[k * k];
    for (int a = 0; a < k; a++) {
      for (int b = a; b < k; b++) {
        double s = 0;
        for (int col = 0; col < c; col++) s += h[a * c + col] * h[b * c + col];
        g[a * k + b] = s;
        g[b * k + a] = s;
      }
    }
    return g;
  }
}
