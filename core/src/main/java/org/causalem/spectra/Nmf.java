package org.causalem.spectra;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.causalem.data.SpectrumImage;

/**
 * Non-negative matrix factorisation {@code X ≈ W·H} of a spectrum image (pixels × channels) by
 * hierarchical alternating least squares (HALS; Cichocki &amp; Phan 2009, Gillis 2014), which
 * converges much faster than multiplicative updates. Negative counts (noise after dark subtraction)
 * are treated as 0 (a clamped float copy of the counts is made only when there are any). Factors are scaled to unit
 * maximum; loadings carry the intensity.
 *
 * <p>Above {@link Options#compressAbove()} values the iterations run on a compressed cube (Tepper &amp; Sapiro 2016,
 * "Compressed nonnegative matrix factorization is fast and accurate"): a randomized range finder (Gaussian sketch of
 * {@code k + oversampling} columns, rounded up to a multiple of 4, and power iterations) gives an orthonormal basis
 * {@code Q} (pixels × l) of the cube's leading column space, the cube is replaced by {@code Q·B} with
 * {@code B = QᵀX} (l × channels), and every HALS product then costs O((pixels + channels)·l·k) instead of a pass over
 * the cube. The cube is read {@code 2·powerIterations + 2} times for the basis and once more at the end: an exact
 * {@code X·Hᵀ} gives the loadings one HALS update against the real counts, and the reported relative error is the
 * exact {@code ‖X − W·H‖ / ‖X‖}.
 */
public final class Nmf {
  /**
   * @param compressAbove largest {@code pixels × channels} factorised directly; above it the iterations run on the
   *     randomized compression of the cube
   * @param oversampling extra sketch columns of the compression (beyond the components)
   * @param powerIterations subspace iterations of the compression's range finder
   */
  public record Options(int components, int maxIterations, double tolerance, long seed, long compressAbove, int oversampling,
                        int powerIterations) {
    public Options {
      if (components < 1) throw new IllegalArgumentException("components must be >= 1, got " + components);
      if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
      if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
      if (compressAbove < 0) throw new IllegalArgumentException("compressAbove must be >= 0, got " + compressAbove);
      if (oversampling < 0) throw new IllegalArgumentException("oversampling must be >= 0, got " + oversampling);
      if (powerIterations < 0) throw new IllegalArgumentException("powerIterations must be >= 0, got " + powerIterations);
    }

    public static Options of(int components, long seed) { return new Options(components, 400, 1e-6, seed, 4_000_000L, 5, 1); }

    /** The same options with another compression threshold (0: always compress; {@code Long.MAX_VALUE}: never). */
    public Options withCompressAbove(long values) {
      return new Options(components, maxIterations, tolerance, seed, values, oversampling, powerIterations);
    }
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
    int l = sketchWidth(k, n, c);
    boolean compress = (long) n * c > options.compressAbove() && 2 * l <= Math.min(n, c);
    // ‖X‖² and the mean count: in order (the direct path's numbers are kept bit for bit), or in fixed blocks on all
    // cores when compressing (a large cube)
    double[] sums = compress ? blockedSums(x) : sums(x.data, 0, x.data.length);
    double normX2 = sums[0];
    double meanX = sums[1] / Math.max(1, x.data.length);
    x = clamped(x, sums[2] > 0);
    SplittableRandom rng = new SplittableRandom(options.seed());
    double scale = Math.sqrt(Math.max(meanX, EPS) / k);
    double[] w = new double[n * k];   // n × k row-major
    double[] h = new double[k * c];   // k × c row-major
    for (int i = 0; i < w.length; i++) w[i] = scale * rng.nextDouble();
    for (int i = 0; i < h.length; i++) h[i] = scale * rng.nextDouble();
    double[] state = compress ? compressed(x, w, h, k, l, rng, normX2) : direct(x, w, h, k, normX2);
    int iter = (int) state[0];
    boolean converged = state[1] > 0;
    double err2 = state[2];
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

  /** HALS on the counts themselves; returns {iterations, converged (1/0), squared error}. */
  private double[] direct(SpectrumMatrix x, double[] w, double[] h, int k, double normX2) {
    int n = x.rows;
    int c = x.cols;
    double previous = Double.POSITIVE_INFINITY;
    int iter = 0;
    boolean converged = false;
    double err2 = Double.NaN;
    while (iter < options.maxIterations()) {
      iter++;
      // H update: A = Wᵀ X (k × c), B = Wᵀ W (k × k)
      updateH(h, wtX(x, w, k), gram(w, n, k), k, c);
      // W update: C = X Hᵀ (n × k), D = H Hᵀ (k × k)
      double[] cm = xHt(x, h, k);
      double[] d = gramRows(h, k, c);
      updateW(w, cm, d, n, k);
      err2 = error2(normX2, w, cm, d, n, k);
      if (Math.abs(previous - err2) <= options.tolerance() * Math.max(normX2, EPS)) {
        converged = true;
        break;
      }
      previous = err2;
    }
    return new double[] {iter, converged ? 1 : 0, err2};
  }

  /**
   * HALS on the compression {@code Q·B} of the counts (see the class comment), then one update of W against the exact
   * {@code X·Hᵀ}; returns {iterations, converged (1/0), exact squared error}. Draws the sketch from {@code rng}.
   */
  private double[] compressed(SpectrumMatrix x, double[] w, double[] h, int k, int l, SplittableRandom rng, double normX2) {
    int n = x.rows;
    int c = x.cols;
    double[] omega = new double[l * c];   // l × c row-major: each row one sketch vector over the channels
    for (int i = 0; i < omega.length; i++) omega[i] = Pca.gaussian(rng);
    double[] q = times(x, omega, l);      // n × l
    Pca.orthonormalise(q, n, l);
    for (int p = 0; p < options.powerIterations(); p++) {
      double[] z = transposeTimes(x, q, l);   // l × c
      orthonormaliseRows(z, l, c);
      q = times(x, z, l);
      Pca.orthonormalise(q, n, l);
    }
    double[] b = transposeTimes(x, q, l);     // l × c: B = Qᵀ X
    double normB2 = 0;
    for (double v : b) normB2 += v * v;
    double previous = Double.POSITIVE_INFINITY;
    int iter = 0;
    boolean converged = false;
    while (iter < options.maxIterations()) {
      iter++;
      // H update: A = (Wᵀ Q) B (k × c), Wᵀ W (k × k)
      double[] wq = new double[k * l];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++) {
          double wij = w[i * k + j];
          for (int t = 0; t < l; t++) wq[j * l + t] += wij * q[i * l + t];
        }
      }
      double[] a = new double[k * c];
      for (int j = 0; j < k; j++) {
        for (int t = 0; t < l; t++) {
          double f = wq[j * l + t];
          for (int col = 0; col < c; col++) a[j * c + col] += f * b[t * c + col];
        }
      }
      updateH(h, a, gram(w, n, k), k, c);
      // W update: C = Q (B Hᵀ) (n × k), D = H Hᵀ
      double[] bh = new double[l * k];
      for (int t = 0; t < l; t++) {
        for (int j = 0; j < k; j++) {
          double s = 0;
          for (int col = 0; col < c; col++) s += b[t * c + col] * h[j * c + col];
          bh[t * k + j] = s;
        }
      }
      final double[] qq = q;
      double[] cm = new double[n * k];
      IntStream.range(0, n).parallel().forEach(i -> {
        for (int j = 0; j < k; j++) {
          double s = 0;
          for (int t = 0; t < l; t++) s += qq[i * l + t] * bh[t * k + j];
          cm[i * k + j] = s;
        }
      });
      double[] d = gramRows(h, k, c);
      updateW(w, cm, d, n, k);
      double err2 = error2(normB2, w, cm, d, n, k);
      if (Math.abs(previous - err2) <= options.tolerance() * Math.max(normB2, EPS)) {
        converged = true;
        break;
      }
      previous = err2;
    }
    // the loadings' last update against the counts themselves, and the exact error of the result
    double[] cm = xHt(x, h, k);
    double[] d = gramRows(h, k, c);
    updateW(w, cm, d, n, k);
    return new double[] {iter, converged ? 1 : 0, error2(normX2, w, cm, d, n, k)};
  }

  /** Sketch columns of the compression: components + oversampling, rounded up to a multiple of 4. */
  private int sketchWidth(int k, int n, int c) {
    int l = k + options.oversampling();
    return Math.min((l + 3) / 4 * 4, Math.min(n, c));
  }

  private static void updateH(double[] h, double[] a, double[] b, int k, int c) {
    for (int j = 0; j < k; j++) {
      double bjj = Math.max(b[j * k + j], EPS);
      for (int col = 0; col < c; col++) {
        double s = a[j * c + col];
        for (int l = 0; l < k; l++) s -= b[j * k + l] * h[l * c + col];
        h[j * c + col] = Math.max(EPS, h[j * c + col] + s / bjj);
      }
    }
  }

  private static void updateW(double[] w, double[] cm, double[] d, int n, int k) {
    for (int j = 0; j < k; j++) {
      double djj = Math.max(d[j * k + j], EPS);
      final int jj = j;
      IntStream.range(0, n).parallel().forEach(i -> {
        double s = cm[i * k + jj];
        for (int l = 0; l < k; l++) s -= w[i * k + l] * d[l * k + jj];
        w[i * k + jj] = Math.max(EPS, w[i * k + jj] + s / djj);
      });
    }
  }

  /** ‖X − WH‖² from the cached products: ‖X‖² − 2 tr(Wᵀ X Hᵀ) + tr(WᵀW · HHᵀ), with {@code cm = X Hᵀ}, {@code d = H Hᵀ}. */
  private static double error2(double normX2, double[] w, double[] cm, double[] d, int n, int k) {
    double cross = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) cross += w[i * k + j] * cm[i * k + j];
    double[] bw = gram(w, n, k);
    double quad = 0;
    for (int p = 0; p < k * k; p++) quad += bw[p] * d[p];
    return Math.max(0, normX2 - 2 * cross + quad);
  }

  /** Pixels per block of {@link #transposeTimes}: a fixed size, so the sums do not depend on the number of cores. */
  private static final int BLOCK = 512;

  /**
   * X · Mᵀ (n × l row-major) for M l × c row-major (the sketch vectors as rows). Two pixels and four sketch vectors
   * at a time: eight independent sums per pass over the channels.
   */
  private static double[] times(SpectrumMatrix x, double[] m, int l) {
    int n = x.rows;
    int c = x.cols;
    float[] data = x.data;
    double[] out = new double[n * l];
    IntStream.range(0, (n + 1) / 2).parallel().forEach(pair -> {
      int i0 = 2 * pair;
      int i1 = Math.min(i0 + 1, n - 1);
      int x0 = i0 * c;
      int x1 = i1 * c;
      for (int t = 0; t < l; t += 4) {
        int ma = t * c;
        int mb = ma + c;
        int mc = mb + c;
        int md = mc + c;
        double s00 = 0;
        double s01 = 0;
        double s02 = 0;
        double s03 = 0;
        double s10 = 0;
        double s11 = 0;
        double s12 = 0;
        double s13 = 0;
        for (int col = 0; col < c; col++) {
          double v0 = data[x0 + col];
          double v1 = data[x1 + col];
          double a = m[ma + col];
          double b = m[mb + col];
          double e = m[mc + col];
          double f = m[md + col];
          s00 += v0 * a;
          s01 += v0 * b;
          s02 += v0 * e;
          s03 += v0 * f;
          s10 += v1 * a;
          s11 += v1 * b;
          s12 += v1 * e;
          s13 += v1 * f;
        }
        out[i0 * l + t] = s00;
        out[i0 * l + t + 1] = s01;
        out[i0 * l + t + 2] = s02;
        out[i0 * l + t + 3] = s03;
        out[i1 * l + t] = s10;
        out[i1 * l + t + 1] = s11;
        out[i1 * l + t + 2] = s12;
        out[i1 * l + t + 3] = s13;
      }
    });
    return out;
  }

  /**
   * Yᵀ X (l × c row-major) for Y n × l row-major: blocks of {@link #BLOCK} pixels summed in float (a loop over the
   * channels that the JIT vectorises), the blocks added in double in order.
   */
  private static double[] transposeTimes(SpectrumMatrix x, double[] y, int l) {
    int n = x.rows;
    int c = x.cols;
    float[] data = x.data;
    int blocks = (n + BLOCK - 1) / BLOCK;
    float[][] part = new float[blocks][];
    IntStream.range(0, blocks).parallel().forEach(bi -> {
      float[] acc = new float[l * c];
      int to = Math.min(n, (bi + 1) * BLOCK);
      int i = bi * BLOCK;
      for (; i + 1 < to; i += 2) {   // two pixels per pass over the accumulator
        int x0 = i * c;
        int x1 = x0 + c;
        for (int t = 0; t < l; t++) {
          float y0 = (float) y[i * l + t];
          float y1 = (float) y[(i + 1) * l + t];
          int ab = t * c;
          for (int col = 0; col < c; col++) acc[ab + col] += y0 * data[x0 + col] + y1 * data[x1 + col];
        }
      }
      for (; i < to; i++) {
        int xb = i * c;
        for (int t = 0; t < l; t++) {
          float yt = (float) y[i * l + t];
          int ab = t * c;
          for (int col = 0; col < c; col++) acc[ab + col] += yt * data[xb + col];
        }
      }
      part[bi] = acc;
    });
    double[] out = new double[l * c];
    for (float[] p : part) for (int i = 0; i < out.length; i++) out[i] += p[i];
    return out;
  }

  /** Modified Gram–Schmidt (twice) on the rows of a rows × c row-major matrix. */
  private static void orthonormaliseRows(double[] a, int rows, int c) {
    for (int pass = 0; pass < 2; pass++) {
      for (int t = 0; t < rows; t++) {
        for (int s = 0; s < t; s++) {
          double dot = 0;
          for (int j = 0; j < c; j++) dot += a[t * c + j] * a[s * c + j];
          for (int j = 0; j < c; j++) a[t * c + j] -= dot * a[s * c + j];
        }
        double norm = 0;
        for (int j = 0; j < c; j++) norm += a[t * c + j] * a[t * c + j];
        norm = Math.sqrt(norm);
        if (norm > 0) for (int j = 0; j < c; j++) a[t * c + j] /= norm;
      }
    }
  }

  /** {Σ max(0, v)², Σ max(0, v), 1 if any count is negative, -0 or NaN (else 0)} of {@code data[from, to)}, in order. */
  private static double[] sums(float[] data, int from, int to) {
    double sq = 0;
    double sum = 0;
    boolean dirty = false;
    for (int i = from; i < to; i++) {
      float f = data[i];
      dirty |= !(f > 0) && Float.floatToRawIntBits(f) != 0;
      double v = Math.max(0, f);
      sq += v * v;
      sum += v;
    }
    return new double[] {sq, sum, dirty ? 1 : 0};
  }

  /** {@link #sums} over blocks of {@link #BLOCK} pixels on all cores, added in block order. */
  private static double[] blockedSums(SpectrumMatrix x) {
    int blocks = (x.rows + BLOCK - 1) / BLOCK;
    double[][] part = new double[blocks][];
    IntStream.range(0, blocks).parallel().forEach(b ->
        part[b] = sums(x.data, b * BLOCK * x.cols, Math.min(x.rows, (b + 1) * BLOCK) * x.cols));
    double[] out = new double[3];
    for (double[] p : part) for (int j = 0; j < 3; j++) out[j] += p[j];
    return out;
  }

  /**
   * The counts with negatives (and NaN) replaced by +0, so the products below need no branch: adding the +0 product
   * of a clamped count leaves a sum exactly as skipping it did, keeping every result bit for bit.
   */
  private static SpectrumMatrix clamped(SpectrumMatrix x, boolean needed) {
    if (!needed) return x;   // every count positive or +0: the copy would be identical
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
