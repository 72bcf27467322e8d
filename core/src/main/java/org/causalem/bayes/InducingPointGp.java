package org.causalem.bayes;

import java.util.stream.IntStream;
import org.causalem.numeric.Cholesky;

/**
 * A Gaussian process with fixed hyperparameters, predicted through M inducing points: the deterministic
 * training conditional / projected-process approximation (Seeger, Williams &amp; Lawrence 2003; Quiñonero-Candela
 * &amp; Rasmussen 2005, "DTC"), with the inducing points a farthest-point subset of the training inputs. With
 * {@code M ≥ n} the inducing points are the training inputs themselves and the predictions are the exact GP's
 * (to the jitter). Cost {@code O(n M²)} to build and {@code O(M²)} per predicted point, so a 10 000-point grid
 * stays interactive whatever the number of measurements.
 *
 * <p>With {@code L_m L_mᵀ = K_mm}, {@code A = L_m⁻¹ K_mn / σ_n}, {@code L_B L_Bᵀ = I + A Aᵀ} and
 * {@code c = L_B⁻¹ A (y − μ₀) / σ_n}: for a point s with {@code a = L_m⁻¹ k_m(s)}, {@code b = L_B⁻¹ a},
 * mean {@code μ₀ + bᵀc} and latent variance {@code σ_f² − aᵀa + bᵀb}.
 */
public final class InducingPointGp implements GpPredictor {
  private final Kernel kernel;
  private final double sf2;
  private final double[] invLength;
  private final double noiseSd;
  private final double offset;
  private final double[][] z;
  private final Cholesky lm;
  private final Cholesky lb;
  private final double[] c;

  private InducingPointGp(Kernel kernel, double sf2, double[] invLength, double noiseSd, double offset, double[][] z, Cholesky lm, Cholesky lb, double[] c) {
    this.kernel = kernel;
    this.sf2 = sf2;
    this.invLength = invLength;
    this.noiseSd = noiseSd;
    this.offset = offset;
    this.z = z;
    this.lm = lm;
    this.lb = lb;
    this.c = c;
  }

  /**
   * @param x training inputs {@code [n][D]} (original units; not modified)
   * @param y responses
   * @param lengthScales one per input (original units), or one shared
   * @param offset the constant prior mean (e.g. the mean of y)
   * @param maxInducing M: all training inputs when n ≤ M, else a farthest-point subset of M of them
   */
  public static InducingPointGp fit(double[][] x, double[] y, Kernel kernel, double signalSd, double[] lengthScales, double noiseSd, double offset,
                                    int maxInducing) {
    int n = x.length;
    if (n < 1 || y.length != n) throw new IllegalArgumentException("need ≥ 1 rows and as many responses, got " + n + " and " + y.length);
    if (!(signalSd > 0) || !(noiseSd > 0)) throw new IllegalArgumentException("signal and noise sd must be > 0, got " + signalSd + ", " + noiseSd);
    if (maxInducing < 1) throw new IllegalArgumentException("maxInducing must be ≥ 1, got " + maxInducing);
    int d = x[0].length;
    double[] inv = new double[d];
    for (int k = 0; k < d; k++) {
      double l = lengthScales[lengthScales.length == 1 ? 0 : k];
      if (!(l > 0)) throw new IllegalArgumentException("length scale " + k + " must be > 0, got " + l);
      inv[k] = 1 / l;
    }
    double sf2 = signalSd * signalSd;
    double[][] z = n <= maxInducing ? x : farthestPoints(x, maxInducing, inv);
    int m = z.length;
    double[] kmm = new double[m * m];
    for (int i = 0; i < m; i++) {
      for (int j = i; j < m; j++) {
        double v = sf2 * kernel.correlation(r2(z[i], z[j], inv));
        kmm[i * m + j] = v;
        kmm[j * m + i] = v;
      }
      kmm[i * m + i] += 1e-6 * sf2;
    }
    Cholesky lm = Cholesky.of(kmm, m);
    // A = L_m⁻¹ K_mn / σ_n, m×n row-major
    double[] a = new double[m * n];
    double[][] zz = z;
    IntStream.range(0, m).parallel().forEach(i -> {
      for (int j = 0; j < n; j++) a[i * n + j] = sf2 * kernel.correlation(r2(zz[i], x[j], inv)) / noiseSd;
    });
    lm.forwardInPlace(a, n);
    double[] b = new double[m * m];
    IntStream.range(0, m).parallel().forEach(i -> {
      for (int j = i; j < m; j++) {
        double s = 0;
        int oi = i * n;
        int oj = j * n;
        for (int q = 0; q < n; q++) s += a[oi + q] * a[oj + q];
        b[i * m + j] = s;
        b[j * m + i] = s;
      }
      b[i * m + i] += 1;
    });
    Cholesky lb = Cholesky.of(b, m);
    double[] ay = new double[m];
    for (int i = 0; i < m; i++) {
      double s = 0;
      for (int q = 0; q < n; q++) s += a[i * n + q] * (y[q] - offset);
      ay[i] = s / noiseSd;
    }
    lb.forwardInPlace(ay);
    return new InducingPointGp(kernel, sf2, inv, noiseSd, offset, z, lm, lb, ay);
  }

  /** Number of inducing points. */
  public int inducingPoints() { return z.length; }

  @Override public GpPrediction predict(double[][] x) {
    int n = x.length;
    int m = z.length;
    double[] mean = new double[n];
    double[] lat = new double[n];
    double[] obs = new double[n];
    int block = 64;
    int blocks = (n + block - 1) / block;
    IntStream.range(0, blocks).parallel().forEach(bIdx -> {
      int start = bIdx * block;
      int cnt = Math.min(block, n - start);
      double[] ks = new double[m * cnt];
      for (int i = 0; i < m; i++) for (int q = 0; q < cnt; q++) ks[i * cnt + q] = sf2 * kernel.correlation(r2(z[i], x[start + q], invLength));
      lm.forwardInPlace(ks, cnt);
      double[] aa = new double[cnt];
      for (int i = 0; i < m; i++) for (int q = 0; q < cnt; q++) aa[q] += ks[i * cnt + q] * ks[i * cnt + q];
      lb.forwardInPlace(ks, cnt);
      double[] bb = new double[cnt];
      double[] mu = new double[cnt];
      for (int i = 0; i < m; i++) {
        for (int q = 0; q < cnt; q++) {
          double v = ks[i * cnt + q];
          bb[q] += v * v;
          mu[q] += v * c[i];
        }
      }
      for (int q = 0; q < cnt; q++) {
        double var = Math.max(sf2 - aa[q] + bb[q], 0);
        mean[start + q] = offset + mu[q];
        lat[start + q] = Math.sqrt(var);
        obs[start + q] = Math.sqrt(var + noiseSd * noiseSd);
      }
    });
    return new GpPrediction(mean, lat, obs);
  }

  /** Signal standard deviation σ_f. */
  public double signalSd() { return Math.sqrt(sf2); }

  /** Noise standard deviation σ_n. */
  public double noiseSd() { return noiseSd; }

  /**
   * Posterior covariance of the latent function between every pair of the points, {@code [k×k]} row-major:
   * {@code σ_f² ρ(p, q) − a_pᵀa_q + b_pᵀb_q} (the diagonal is the latent variance of {@link #predict}). Cost
   * {@code O(k M² + k² M)}.
   */
  public double[] covariance(double[][] p) {
    int k = p.length;
    int m = z.length;
    // column q of A (m×k) is a_q = L_m⁻¹ k_m(p_q); of B, b_q = L_B⁻¹ a_q
    double[] a = new double[m * k];
    IntStream.range(0, m).parallel().forEach(i -> {
      for (int q = 0; q < k; q++) a[i * k + q] = sf2 * kernel.correlation(r2(z[i], p[q], invLength));
    });
    lm.forwardInPlace(a, k);
    double[] b = a.clone();
    lb.forwardInPlace(b, k);
    double[] out = new double[k * k];
    IntStream.range(0, k).parallel().forEach(q -> {
      double[] acc = new double[k - q];
      for (int i = 0; i < m; i++) {
        double aq = a[i * k + q];
        double bq = b[i * k + q];
        int o = i * k;
        for (int r = q; r < k; r++) acc[r - q] += bq * b[o + r] - aq * a[o + r];
      }
      for (int r = q; r < k; r++) {
        double v = sf2 * kernel.correlation(r2(p[q], p[r], invLength)) + acc[r - q];
        out[q * k + r] = v;
        out[r * k + q] = v;
      }
    });
    return out;
  }

  private static double r2(double[] p, double[] q, double[] inv) {
    double s = 0;
    for (int k = 0; k < p.length; k++) {
      double d = (p[k] - q[k]) * inv[k];
      s += d * d;
    }
    return s;
  }

  /** Greedy farthest-point subset (scaled distances), starting from the first row: spreads the inducing points over the data. */
  static double[][] farthestPoints(double[][] x, int m, double[] inv) {
    int n = x.length;
    double[] dist = new double[n];
    java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
    double[][] out = new double[m][];
    int next = 0;
    for (int k = 0; k < m; k++) {
      out[k] = x[next];
      double[] p = x[next];
      int best = -1;
      double bestD = -1;
      for (int i = 0; i < n; i++) {
        double d = r2(p, x[i], inv);
        if (d < dist[i]) dist[i] = d;
        if (dist[i] > bestD) {
          bestD = dist[i];
          best = i;
        }
      }
      next = best;
    }
    return out;
  }
}
