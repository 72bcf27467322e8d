package org.causalem.fourd;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.causalem.data.DataCube4D;
import org.causalem.data.FrameReducer;
import org.causalem.data.Progress;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Clusters diffraction patterns into a phase map: every pattern is binned to at most
 * {@code binnedSize × binnedSize}, square-rooted (to tame the central beam) and scaled to unit norm
 * (so thickness does not matter, only the pattern's shape); a streaming pass accumulates mean and
 * covariance, whose leading eigenvectors give principal components; a second pass projects each
 * pattern; k-means++ (best of several seeded restarts) clusters the scores. Two passes over the cube,
 * memory independent of the number of frames except for the scores.
 */
public final class PatternClustering {
  public record Options(int clusters, int components, int binnedSize, int restarts, long seed) {
    public Options {
      if (clusters < 1) throw new IllegalArgumentException("clusters must be >= 1, got " + clusters);
      if (components < 1) throw new IllegalArgumentException("components must be >= 1, got " + components);
      if (binnedSize < 2) throw new IllegalArgumentException("binnedSize must be >= 2, got " + binnedSize);
      if (restarts < 1) throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
    }

    public static Options of(int clusters, long seed) { return new Options(clusters, 6, 16, 8, seed); }
  }

  private final Options options;

  public PatternClustering(Options options) { this.options = Objects.requireNonNull(options); }

  /**
   * @param progress told frames done over both passes
   */
  public PhaseMap cluster(DataCube4D cube, int threads, Progress progress) {
    int w = cube.scanX();
    int h = cube.scanY();
    int n = w * h;
    if (options.clusters() > n) {
      throw new IllegalArgumentException("clusters (" + options.clusters() + ") exceeds the number of scan positions (" + n + ")");
    }
    Binning bin = new Binning(cube.detX(), cube.detY(), options.binnedSize());
    int d = bin.size();
    long total = 2L * n;
    FrameReducer<double[][]> moments = new FrameReducer<>() {
      @Override public double[][] create() { return new double[][] {new double[d], new double[d * d], new double[d]}; }

      @Override public void accept(double[][] acc, int ry, int rx, float[] frame) {
        double[] v = acc[2];
        bin.feature(frame, v);
        double[] sum = acc[0];
        double[] cross = acc[1];
        for (int a = 0; a < d; a++) {
          double va = v[a];
          sum[a] += va;
          int base = a * d;
          for (int b = a; b < d; b++) cross[base + b] += va * v[b];
        }
      }

      @Override public double[][] combine(double[][] a, double[][] b) {
        for (int i = 0; i < a[0].length; i++) a[0][i] += b[0][i];
        for (int i = 0; i < a[1].length; i++) a[1][i] += b[1][i];
        return a;
      }
    };
    double[][] m = cube.reduce(moments, threads, (done, t) -> progress.update(done, total));
    double[] mean = m[0];
    for (int a = 0; a < d; a++) mean[a] /= n;
    DMatrixRMaj cov = new DMatrixRMaj(d, d);
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        double c = m[1][a * d + b] / n - mean[a] * mean[b];
        cov.set(a, b, c);
        cov.set(b, a, c);
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
    if (!eig.decompose(cov)) throw new IllegalStateException("eigendecomposition of the pattern covariance failed");
    int p = Math.min(options.components(), d);
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) order[i] = i;
    Arrays.sort(order, (x, y) -> Double.compare(eig.getEigenvalue(y).getReal(), eig.getEigenvalue(x).getReal()));
    double[][] comps = new double[p][];
    double[] var = new double[p];
    for (int k = 0; k < p; k++) {
      DMatrixRMaj v = eig.getEigenVector(order[k]);
      comps[k] = v == null ? new double[d] : Arrays.copyOf(v.data, d);
      var[k] = eig.getEigenvalue(order[k]).getReal();
    }
    float[][] scores = new float[p][n];
    cube.reduce(new FrameReducer<double[]>() {
      @Override public double[] create() { return new double[d]; }

      @Override public void accept(double[] v, int ry, int rx, float[] frame) {
        bin.feature(frame, v);
        int pos = ry * w + rx;
        for (int k = 0; k < p; k++) {
          double s = 0;
          for (int a = 0; a < d; a++) s += (v[a] - mean[a]) * comps[k][a];
          scores[k][pos] = (float) s;
        }
      }

      @Override public double[] combine(double[] a, double[] b) { return a; }
    }, threads, (done, t) -> progress.update(n + done, total));
    KMeans.Result km = KMeans.fit(scores, options.clusters(), options.restarts(), new SplittableRandom(options.seed()));
    return new PhaseMap(w, h, options.clusters(), km.labels(), scores, var, km.inertia());
  }

  /** Bins a pattern into at most size × size blocks, then sqrt and unit norm. */
  static final class Binning {
    final int detX;
    final int bx;
    final int by;
    final int factor;

    Binning(int detX, int detY, int size) {
      this.detX = detX;
      this.factor = Math.max(1, (int) Math.ceil(Math.max(detX, detY) / (double) size));
      this.bx = Math.max(1, detX / factor);
      this.by = Math.max(1, detY / factor);
    }

    int size() { return bx * by; }

    void feature(float[] frame, double[] out) {
      Arrays.fill(out, 0);
      for (int y = 0; y < by * factor; y++) {
        int oy = (y / factor) * bx;
        int base = y * detX;
        for (int x = 0; x < bx * factor; x++) out[oy + x / factor] += frame[base + x];
      }
      double norm = 0;
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.sqrt(Math.max(0, out[i]));
        norm += out[i] * out[i];
      }
      if (norm > 0) {
        double inv = 1 / Math.sqrt(norm);
        for (int i = 0; i < out.length; i++) out[i] *= inv;
      }
    }
  }
}
