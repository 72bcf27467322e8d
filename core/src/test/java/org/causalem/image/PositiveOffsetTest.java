package org.causalem.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The positivity offset of the refiner's noise model against the plain scan for the minimum, one pixel after another. */
class PositiveOffsetTest {
  @Test
  void fourRunningMinimaGiveTheMinimumOfOneScan() {
    SplittableRandom r = new SplittableRandom(5);
    for (int trial = 0; trial < 200; trial++) {
      float[] px = new float[r.nextInt(40)];
      for (int i = 0; i < px.length; i++) {
        double u = r.nextDouble();
        px[i] = u < 0.05 ? Float.NaN : u < 0.1 ? -0.0f : u < 0.15 ? 0.0f : (float) (r.nextGaussian() * 5 + (trial % 3) * 4);
      }
      assertThat(GaussianRefiner.positiveOffset(px)).as("trial %d", trial).isEqualTo(oneScan(px));
    }
    assertThat(GaussianRefiner.positiveOffset(new float[] {3, 2, 5, 7, -2.5f})).isEqualTo(3.5);
    assertThat(GaussianRefiner.positiveOffset(new float[] {3, 2, 5, 7, 1.5f})).isEqualTo(0);
    assertThat(GaussianRefiner.positiveOffset(new float[] {3, -4, Float.NaN, 7, 1.5f})).isEqualTo(0);
  }

  private static double oneScan(float[] px) {
    float min = Float.POSITIVE_INFINITY;
    boolean nan = false;
    for (float v : px) {
      if (v < min) min = v;
      else if (v != v) nan = true;
    }
    return !nan && min < 1 ? 1 - min : 0;
  }
}
