package org.causalem.bayes;

/**
 * Predictability maps (after "Predictability as a probe of manifest and latent physics", 2021): how
 * well a descriptor at each site is predicted by a GP from other descriptors, or from the same
 * descriptor at the site's nearest neighbours, with every site predicted by a model that never saw its
 * spatial block (blocked cross-validation, so spatial autocorrelation cannot leak).
 */
public final class PredictabilityMap {
  /**
   * @param blocksX blocks across x
   * @param blocksY blocks across y
   * @param gp GP settings
   */
  public record Options(int blocksX, int blocksY, GaussianProcess.Options gp) {
    public Options {
      if (blocksX < 1 || blocksY < 1 || blocksX * blocksY < 2) throw new IllegalArgumentException("need at least 2 blocks, got " + blocksX + "×" + blocksY);
      java.util.Objects.requireNonNull(gp, "gp");
    }
  }

  private PredictabilityMap() {}

  /** Block label of each site: a {@code blocksX × blocksY} grid over the sites' bounding box. */
  public static int[] spatialBlocks(double[] xPos, double[] yPos, int blocksX, int blocksY) {
    int n = xPos.length;
    if (yPos.length != n) throw new IllegalArgumentException("x has " + n + " positions, y has " + yPos.length);
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      x0 = Math.min(x0, xPos[i]);
      x1 = Math.max(x1, xPos[i]);
      y0 = Math.min(y0, yPos[i]);
      y1 = Math.max(y1, yPos[i]);
    }
    int[] b = new int[n];
    for (int i = 0; i < n; i++) {
      int bx = x1 > x0 ? Math.min(blocksX - 1, (int) ((xPos[i] - x0) / (x1 - x0) * blocksX)) : 0;
      int by = y1 > y0 ? Math.min(blocksY - 1, (int) ((yPos[i] - y0) / (y1 - y0) * blocksY)) : 0;
      b[i] = by * blocksX + bx;
    }
    return b;
  }

  /**
   * For each site the values of {@code values} at its {@code k} nearest other sites, nearest first
   * ({@code [site][k]}). Brute force, O(n²), parallel over sites.
   */
  public static double[][] neighbourFeatures(double[] xPos, double[] yPos, double[] values, int k) {
    int n = xPos.length;
    if (k < 1 || k >= n) throw new IllegalArgumentException("k must be in 1.." + (n - 1) + ", got " + k);
    double[][] out = new double[n][k];
    java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
      int[] best = new int[k];
      double[] dist = new double[k];
      java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
      for (int j = 0; j < n; j++) {
        if (j == i) continue;
        double dx = xPos[j] - xPos[i];
        double dy = yPos[j] - yPos[i];
        double d = dx * dx + dy * dy;
        if (d < dist[k - 1]) {
          int p = k - 1;
          while (p > 0 && dist[p - 1] > d) {
            dist[p] = dist[p - 1];
            best[p] = best[p - 1];
            p--;
          }
          dist[p] = d;
          best[p] = j;
        }
      }
      for (int q = 0; q < k; q++) out[i][q] = values[best[q]];
    });
    return out;
  }

  /**
   * Predicts {@code target} at every site from {@code predictors[site][feature]} with spatially blocked
   * cross-validation.
   */
  public static CrossValidation compute(double[] xPos, double[] yPos, double[][] predictors, double[] target, Options options) {
    int[] blocks = spatialBlocks(xPos, yPos, options.blocksX(), options.blocksY());
    return GaussianProcess.crossValidate(predictors, target, null, blocks, options.gp());
  }
}
