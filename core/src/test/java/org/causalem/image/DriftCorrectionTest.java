package org.causalem.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.causalem.data.Image;
import org.junit.jupiter.api.Test;

class DriftCorrectionTest {
  /** A field of Gaussian spots at random positions, shifted by (dx, dy), with Poisson-like noise. */
  private static Image spots(double dx, double dy, long noiseSeed) {
    int w = 128;
    int h = 96;
    float[] px = new float[w * h];
    SplittableRandom pos = new SplittableRandom(7);
    for (int k = 0; k < 60; k++) {
      double cx = pos.nextDouble() * w + dx;
      double cy = pos.nextDouble() * h + dy;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
          if (r2 < 100) px[y * w + x] += (float) (100 * Math.exp(-r2 / 8));
        }
      }
    }
    SplittableRandom noise = new SplittableRandom(noiseSeed);
    for (int i = 0; i < px.length; i++) px[i] += (float) (noise.nextGaussian() * Math.sqrt(px[i] + 4));
    return Image.of(px, w, h);
  }

  @Test
  void recoversKnownSubPixelShift() {
    Image ref = spots(0, 0, 1);
    Image moved = spots(3.3, -2.6, 2);
    double[] s = DriftCorrection.shift(ref, moved);
    assertThat(s[0]).isCloseTo(3.3, within(0.15));
    assertThat(s[1]).isCloseTo(-2.6, within(0.15));
  }

  @Test
  void cumulativeDriftOverAMovie() {
    java.util.List<Image> frames = java.util.List.of(spots(0, 0, 1), spots(1, 0.5, 2), spots(2, 1, 3), spots(3, 1.5, 4));
    double[][] d = DriftCorrection.drift(frames);
    assertThat(d[3][0]).isCloseTo(3, within(0.3));
    assertThat(d[3][1]).isCloseTo(1.5, within(0.3));
    assertThat(d[0][0]).isZero();
  }
}
