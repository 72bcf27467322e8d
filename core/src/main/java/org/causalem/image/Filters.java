package org.causalem.image;

import java.util.stream.IntStream;

/** Separable image filters on row-major float arrays; parallel over rows; inputs never modified. */
public final class Filters {
  private Filters() {}

  /** A normalised 1-D Gaussian kernel of standard deviation {@code sigma}, radius ⌈3.5σ⌉. */
  public static double[] gaussianKernel(double sigma) {
    if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
    int r = Math.max(1, (int) Math.ceil(3.5 * sigma));
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) k[i] /= sum;
    return k;
  }

  /** Gaussian smoothing with mirrored borders. */
  public static float[] gaussian(float[] in, int width, int height, double sigma) {
    if (in.length != (long) width * height) throw new IllegalArgumentException("image has " + in.length + " pixels, expected " + width + "×" + height);
    double[] k = gaussianKernel(sigma);
    int r = k.length / 2;
    float[] tmp = new float[in.length];
    IntStream.range(0, height).parallel().forEach(y -> {
      int off = y * width;
      for (int x = 0; x < width; x++) {
        double s = 0;
        if (x >= r && x < width - r) {
          for (int i = -r; i <= r; i++) s += k[i + r] * in[off + x + i];
        } else {
          for (int i = -r; i <= r; i++) s += k[i + r] * in[off + mirror(x + i, width)];
        }
        tmp[off + x] = (float) s;
      }
    });
    float[] out = new float[in.length];
    int block = 64;
    IntStream.range(0, (width + block - 1) / block).parallel().forEach(b -> {
      int x0 = b * block;
      int x1 = Math.min(width, x0 + block);
      double[] acc = new double[x1 - x0];
      for (int y = 0; y < height; y++) {
        java.util.Arrays.fill(acc, 0);
        for (int i = -r; i <= r; i++) {
          int yy = mirror(y + i, height) * width;
          double w = k[i + r];
          for (int x = x0; x < x1; x++) acc[x - x0] += w * tmp[yy + x];
        }
        for (int x = x0; x < x1; x++) out[y * width + x] = (float) acc[x - x0];
      }
    });
    return out;
  }

  /**
   * Negative Laplacian of a Gaussian-smoothed image times σ² (scale-normalised LoG): a round column of
   * the same width gives a positive peak, a flat background zero.
   */
  public static float[] negativeLaplacianOfGaussian(float[] in, int width, int height, double sigma) {
    float[] g = gaussian(in, width, height, sigma);
    float[] out = new float[in.length];
    double s2 = sigma * sigma;
    IntStream.range(0, height).parallel().forEach(y -> {
      int up = mirror(y - 1, height) * width;
      int dn = mirror(y + 1, height) * width;
      int off = y * width;
      for (int x = 0; x < width; x++) {
        int l = mirror(x - 1, width);
        int rr = mirror(x + 1, width);
        double lap = g[off + l] + g[off + rr] + g[up + x] + g[dn + x] - 4 * g[off + x];
        out[off + x] = (float) (-lap * s2);
      }
    });
    return out;
  }

  /** Sum of squared weights of the scale-normalised LoG filter (for its noise gain). */
  static double logNoiseGain(double sigma) {
    double[] k = gaussianKernel(sigma);
    int r = k.length / 2;
    int n = 2 * r + 3;
    double[] g = new double[n * n];
    for (int i = 0; i < k.length; i++) for (int j = 0; j < k.length; j++) g[(i + 1) * n + j + 1] = k[i] * k[j];
    double sum = 0;
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        double c = g[y * n + x] * -4;
        if (x > 0) c += g[y * n + x - 1];
        if (x < n - 1) c += g[y * n + x + 1];
        if (y > 0) c += g[(y - 1) * n + x];
        if (y < n - 1) c += g[(y + 1) * n + x];
        c *= sigma * sigma;
        sum += c * c;
      }
    }
    return sum;
  }

  static int mirror(int i, int n) {
    if (n == 1) return 0;
    while (i < 0 || i >= n) {
      if (i < 0) i = -i;
      if (i >= n) i = 2 * n - 2 - i;
    }
    return i;
  }
}
