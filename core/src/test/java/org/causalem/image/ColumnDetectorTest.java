package org.causalem.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.causalem.data.BadInputException;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.LatticeKind;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.junit.jupiter.api.Test;

class ColumnDetectorTest {
  private static Image image(boolean noise) {
    HaadfRenderer.Options r = new HaadfRenderer.Options(2.0, 150, 10, 1, 0, 0, 0, noise, 4);
    return new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(5, 6, 20, 20, r)).simulate().image();
  }

  @Test
  void findsTheDominantPeriodAndEveryColumnOfANoiseFreeImage() {
    Detection d = new ColumnDetector(ColumnDetector.Options.defaults()).detect(image(false));
    assertThat(d.size()).isEqualTo(6 * 7 + 5 * 6);
    // the strongest Fourier peak is the A–B (110) spacing 20/√2 or the (100) spacing 20
    assertThat(d.periodPx()).satisfiesAnyOf(p -> assertThat(p).isCloseTo(20 / Math.sqrt(2), org.assertj.core.data.Percentage.withPercentage(3)),
        p -> assertThat(p).isCloseTo(20, org.assertj.core.data.Percentage.withPercentage(3)));
  }

  @Test
  void aThresholdAboveEveryColumnFindsNothingAndThePipelineSaysSo() {
    Image img = image(true);
    Detection d = new ColumnDetector(ColumnDetector.Options.defaults().withThreshold(1e9)).detect(img);
    assertThat(d.size()).isZero();
    AtomsPipeline.Options o = AtomsPipeline.Options.of(LatticeKind.AUTO)
        .withDetection(ColumnDetector.Options.defaults().withThreshold(1e9));
    assertThatThrownBy(() -> new AtomsPipeline(o).run(img, Progress.NONE)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("only 0 atom columns");
  }

  @Test
  void aFlatNoisyImageHasNoColumns() {
    float[] px = new float[128 * 128];
    java.util.SplittableRandom r = new java.util.SplittableRandom(2);
    for (int i = 0; i < px.length; i++) px[i] = (float) (100 + 10 * r.nextGaussian());
    Detection d = new ColumnDetector(ColumnDetector.Options.defaults().withScale(2, 8)).detect(Image.of(px, 128, 128));
    assertThat(d.size()).isZero();
  }
}
