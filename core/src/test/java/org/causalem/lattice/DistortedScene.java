package org.causalem.lattice;

import java.util.SplittableRandom;
import org.causalem.data.Image;

/**
 * A homogeneous paraelectric perovskite (A intensity 1, B 0.7, B exactly centred) imaged through a
 * distorted scan, rendered pixel by pixel in this test independently of the simulator under development:
 * pixel (col j, row i) samples the specimen at {@code x = F(j) − jitter(i)}, {@code y = i} with
 * {@code F′(j) = 1 − slowdown·exp(−j/settle) + gradient·(j/(W−1) − ½)} (fast-scan nonlinearity), an AR(1)
 * line jitter, and an optional offset probe tail (a fraction of each column's counts in a broader Gaussian
 * whose centre is offset), with its own fraction per sublattice: under a mistilt or an asymmetric probe,
 * heavy and light columns do not spread the same share of their counts (channelling differs), which is
 * what shifts bright and dim columns differently. Poisson noise (normal approximation) plus read noise.
 */
final class DistortedScene {
  final int cells;
  final double aPx;
  final double rotationDeg;
  final double sigmaPx = 2.5;
  final double dose = 150;
  final double background = 10;
  double slowdown;
  double settlePx = 48;
  double gradient;
  double jitterRmsPx;
  double jitterCorrelationLines = 3;
  double tailFraction;
  double tailFractionB;
  double tailSigmaPx = 4;
  double tailOffsetXPx;
  double tailOffsetYPx;
  final long seed;

  int width;
  int height;
  double[] jitter;

  DistortedScene(int cells, double aPx, double rotationDeg, long seed) {
    this.cells = cells;
    this.aPx = aPx;
    this.rotationDeg = rotationDeg;
    this.seed = seed;
  }

  DistortedScene fastScan(double slow, double settle, double grad) {
    slowdown = slow;
    settlePx = settle;
    gradient = grad;
    return this;
  }

  DistortedScene jitter(double rms, double corrLines) {
    jitterRmsPx = rms;
    jitterCorrelationLines = corrLines;
    return this;
  }

  /** Tail holding {@code fractionA} of every A column's counts and {@code fractionB} of every B column's. */
  DistortedScene tail(double fractionA, double fractionB, double sigma, double ox, double oy) {
    tailFraction = fractionA;
    tailFractionB = fractionB;
    tailSigmaPx = sigma;
    tailOffsetXPx = ox;
    tailOffsetYPx = oy;
    return this;
  }

  /** Specimen x step per pixel at pixel column j. */
  double speed(double j) { return 1 - slowdown * Math.exp(-j / settlePx) + gradient * (j / (width - 1.0) - 0.5); }

  /** Specimen x of pixel column j (the integral of the speed). */
  double specimenX(double j) {
    return j - slowdown * settlePx * (1 - Math.exp(-j / settlePx)) + gradient * (j * j / (2 * (width - 1.0)) - j / 2);
  }

  /** The true local magnification along x at pixel column j relative to its mean over [x0, x1]. */
  double trueSamplingX(double j, double x0, double x1) {
    double s = 0;
    int n = 0;
    for (double t = x0; t <= x1; t += 0.5) {
      s += 1 / speed(t);
      n++;
    }
    return (1 / speed(j)) / (s / n);
  }

  Image render() {
    double margin = 14;
    double th = Math.toRadians(rotationDeg);
    double ax = aPx * Math.cos(th);
    double ay = aPx * Math.sin(th);
    double bx = -aPx * Math.sin(th);
    double by = aPx * Math.cos(th);
    // image large enough for the lattice (plus the specimen's shrinkage under the slowdown)
    double maxX = 0;
    double maxY = 0;
    double minX = 0;
    for (int r = 0; r <= cells; r++) {
      for (int c = 0; c <= cells; c++) {
        maxX = Math.max(maxX, c * ax + r * bx);
        minX = Math.min(minX, c * ax + r * bx);
        maxY = Math.max(maxY, c * ay + r * by);
      }
    }
    double ox = margin - minX;
    double oy = margin;
    width = (int) Math.ceil((maxX - minX + 2 * margin) * 1.06);
    height = (int) Math.ceil(maxY + 2 * margin);
    int nA = (cells + 1) * (cells + 1);
    int n = nA + cells * cells;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] inten = new double[n];
    int k = 0;
    for (int r = 0; r <= cells; r++) {
      for (int c = 0; c <= cells; c++) {
        x[k] = ox + c * ax + r * bx;
        y[k] = oy + c * ay + r * by;
        inten[k++] = 1;
      }
    }
    for (int r = 0; r < cells; r++) {
      for (int c = 0; c < cells; c++) {
        x[k] = ox + (c + 0.5) * ax + (r + 0.5) * bx;
        y[k] = oy + (c + 0.5) * ay + (r + 0.5) * by;
        inten[k++] = 0.7;
      }
    }
    SplittableRandom rng = new SplittableRandom(seed);
    jitter = new double[height];
    double rho = jitterCorrelationLines == 0 ? 0 : Math.exp(-1 / jitterCorrelationLines);
    double prev = jitterRmsPx * gauss(rng);
    for (int i = 0; i < height; i++) {
      jitter[i] = i == 0 ? prev : rho * jitter[i - 1] + Math.sqrt(1 - rho * rho) * jitterRmsPx * gauss(rng);
    }
    double[] sx = new double[width];
    for (int j = 0; j < width; j++) sx[j] = specimenX(j);
    double[] mu = new double[width * height];
    java.util.Arrays.fill(mu, background);
    boolean tails = tailFraction > 0 || tailFractionB > 0;
    double reach = 5 * Math.max(sigmaPx, tails ? tailSigmaPx : 0) + Math.hypot(tailOffsetXPx, tailOffsetYPx) + 2;
    for (int s = 0; s < n; s++) {
      double frac = s < nA ? tailFraction : tailFractionB;
      double main = 1 - frac;
      double tailPeak = frac * sigmaPx * sigmaPx / (tailSigmaPx * tailSigmaPx);
      int i0 = Math.max(0, (int) Math.floor(y[s] - reach));
      int i1 = Math.min(height - 1, (int) Math.ceil(y[s] + reach));
      for (int i = i0; i <= i1; i++) {
        double dy = i - y[s];
        double gy = Math.exp(-dy * dy / (2 * sigmaPx * sigmaPx));
        double tdy = dy - tailOffsetYPx;
        double ty = frac > 0 ? Math.exp(-tdy * tdy / (2 * tailSigmaPx * tailSigmaPx)) : 0;
        // pixel columns whose specimen x lies within reach
        int j0 = Math.max(0, (int) Math.floor(x[s] - reach - 4));
        int j1 = Math.min(width - 1, (int) Math.ceil(x[s] + reach + 0.08 * width + 4));
        for (int j = j0; j <= j1; j++) {
          double dx = sx[j] - jitter[i] - x[s];
          if (dx > reach) break;
          if (dx < -reach) continue;
          double v = main * gy * Math.exp(-dx * dx / (2 * sigmaPx * sigmaPx));
          if (frac > 0) {
            double tdx = dx - tailOffsetXPx;
            v += tailPeak * ty * Math.exp(-tdx * tdx / (2 * tailSigmaPx * tailSigmaPx));
          }
          mu[i * width + j] += dose * inten[s] * v;
        }
      }
    }
    float[] px = new float[mu.length];
    for (int p = 0; p < mu.length; p++) px[p] = (float) Math.max(0, mu[p] + Math.sqrt(mu[p] + 1) * gauss(rng));
    return Image.of(px, width, height);
  }

  static double gauss(SplittableRandom r) {
    double u;
    double v;
    double s;
    do {
      u = 2 * r.nextDouble() - 1;
      v = 2 * r.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
