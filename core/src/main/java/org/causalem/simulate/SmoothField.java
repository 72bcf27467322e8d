package org.causalem.simulate;

import java.util.SplittableRandom;

/** Smooth random fields over an image grid (sums of Gaussian blobs), scaled into a given range. */
public final class SmoothField {
  private SmoothField() {}

  /**
   * A row-major height × width field made of {@code blobs} Gaussian blobs (σ ≈ a quarter of the
   * smaller side) with random centres and signs, scaled linearly to span exactly {@code [lo, hi]}.
   */
  public static double[] random(int width, int height, int blobs, double lo, double hi, SplittableRandom rng) {
    double[] f = new double[width * height];
    double sigma = Math.max(1, 0.25 * Math.min(width, height));
    for (int b = 0; b < blobs; b++) {
      double cx = rng.nextDouble() * width;
      double cy = rng.nextDouble() * height;
      double amp = rng.nextDouble() < 0.5 ? -1 - rng.nextDouble() : 1 + rng.nextDouble();
      double s = sigma * (0.6 + 0.8 * rng.nextDouble());
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double dx = x - cx;
          double dy = y - cy;
          f[y * width + x] += amp * Math.exp(-0.5 * (dx * dx + dy * dy) / (s * s));
        }
      }
    }
    // a gentle gradient so that even one blob gives a field that varies everywhere
    double gx = rng.nextDouble() - 0.5;
    double gy = rng.nextDouble() - 0.5;
    for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) f[y * width + x] += gx * x / width + gy * y / height;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : f) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double span = max > min ? max - min : 1;
    for (int i = 0; i < f.length; i++) f[i] = lo + (hi - lo) * (f[i] - min) / span;
    return f;
  }

  /** A Poisson draw with mean {@code lambda} (normal approximation above 200). */
  public static double poisson(double lambda, SplittableRandom rng) {
    if (!(lambda > 0)) return 0;
    if (lambda > 200) {
      double u1 = rng.nextDouble();
      double u2 = rng.nextDouble();
      double z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
      return Math.max(0, Math.rint(lambda + Math.sqrt(lambda) * z));
    }
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rng.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
