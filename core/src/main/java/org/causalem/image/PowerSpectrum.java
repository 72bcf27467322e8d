package org.causalem.image;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The dominant spatial period of an image from its power spectrum: a central square crop (at most
 * {@code maxSizePx}, a power of two), mean removed, Hann window, 2-D FFT; the strongest peak beyond the
 * lowest frequencies, refined by a parabola.
 */
public final class PowerSpectrum {
  private PowerSpectrum() {}

  /**
   * The real-space period (px) of the strongest Fourier peak with a period between {@code minPeriodPx}
   * and a quarter of the crop size.
   *
   * @throws IllegalArgumentException if the image is smaller than 16×16
   */
  public static double dominantPeriodPx(float[] pixels, int width, int height, int maxSizePx, double minPeriodPx) {
    int n = 1;
    while (n * 2 <= Math.min(Math.min(width, height), maxSizePx)) n *= 2;
    if (n < 16) throw new IllegalArgumentException("image " + width + "×" + height + " is too small to find its period (need >= 16×16)");
    int x0 = (width - n) / 2;
    int y0 = (height - n) / 2;
    double mean = 0;
    for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) mean += pixels[(y0 + y) * width + x0 + x];
    mean /= (double) n * n;
    double[] a = new double[2 * n * n];
    double[] hann = new double[n];
    for (int i = 0; i < n; i++) hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) a[y * n + x] = (pixels[(y0 + y) * width + x0 + x] - mean) * hann[x] * hann[y];
    }
    new DoubleFFT_2D(n, n).realForwardFull(a);
    double[] power = new double[n * n];
    for (int i = 0; i < n * n; i++) power[i] = a[2 * i] * a[2 * i] + a[2 * i + 1] * a[2 * i + 1];
    double kMin = 4;                               // at most n/4 px period
    double kMax = n / Math.max(2.0, minPeriodPx);  // at least minPeriodPx
    double best = -1;
    int bx = 0;
    int by = 0;
    for (int ky = -n / 2 + 1; ky < n / 2; ky++) {
      for (int kx = 0; kx < n / 2; kx++) {
        double k = Math.hypot(kx, ky);
        if (k < kMin || k > kMax) continue;
        double p = power[idx(ky, n) * n + kx];
        if (p > best) {
          best = p;
          bx = kx;
          by = ky;
        }
      }
    }
    if (best < 0) return Double.NaN;   // no frequency between kMin and kMax: the image is too small
    double fx = bx + parabola(power[idx(by, n) * n + idx(bx - 1, n)], best, power[idx(by, n) * n + idx(bx + 1, n)]);
    double fy = by + parabola(power[idx(by - 1, n) * n + idx(bx, n)], best, power[idx(by + 1, n) * n + idx(bx, n)]);
    return n / Math.hypot(fx, fy);
  }

  private static int idx(int k, int n) { return ((k % n) + n) % n; }

  private static double parabola(double l, double c, double r) {
    double d = l - 2 * c + r;
    if (d >= 0) return 0;
    double o = 0.5 * (l - r) / d;
    return Math.max(-0.5, Math.min(0.5, o));
  }
}
