package org.causalem.spectra;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.causalem.data.SpectrumImage;

/**
 * Non-negative matrix factorisation {@code X ≈ W·H} of a spectrum image (pixels × channels) by
 * hierarchical alternating least squares (HALS; Cichocki &amp; Phan 2009, Gillis 2014), which
 * converges much faster than multiplicative updates. Negative counts (noise after dark subtraction)
 * are treated as 0. Factors are scaled to unit maximum; loadings carry the intensity.
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

  private static double[] wtX(SpectrumMatrix x, double[] w, int k) {
    int n = x.rows;
    int c = x.cols;
    int blocks = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors() * 2));
    double[][] part = new double[blocks][];
    IntStream.range(0, blocks).parallel().forEach(bi -> {
      double[] acc = new double[k * c];
      int from = (int) ((long) n * bi / blocks);
      int to = (int) ((long) n * (bi + 1) / blocks);
      for (int i = from; i < to; i++) {
        for (int j = 0; j < k; j++) {
          double wij = w[i * k + j];
          int ab = j * c;
          int xb = i * c;
          for (int col = 0; col < c; col++) {
            float v = x.data[xb + col];
            if (v > 0) acc[ab + col] += wij * v;
          }
        }
      }
      part[bi] = acc;
    });
    double[] out = part[0];
    for (int b = 1; b < blocks; b++) for (int i = 0; i < out.length; i++) out[i] += part[b][i];
    return out;
  }

  private static double[] xHt(SpectrumMatrix x, double[] h, int k) {
    int n = x.rows;
    int c = x.cols;
    double[] out = new double[n * k];
    IntStream.range(0, n).parallel().forEach(i -> {
      int xb = i * c;
      for (int j = 0; j < k; j++) {
        double s = 0;
        int hb = j * c;
        for (int col = 0; col < c; col++) {
          float v = x.data[xb + col];
          if (v > 0) s += v * h[hb + col];
        }
        out[i * k + j] = s;
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
