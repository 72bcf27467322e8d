package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.causalem.SharedData;
import org.causalem.data.BadInputException;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.junit.jupiter.api.Test;

/** A failed column or lattice search says what the image itself shows about why. */
class NoLatticeReasonTest {
  /** MANIFEST: a real STEM image of 68 × 68 px at 0.2485 nm/px, not atomic resolution. */
  @Test
  void aCalibratedImageWithCoarsePixelsIsNamedAsSuch() throws Exception {
    Image image = SharedData.realImage("digitalmicrograph_2D_test_STEM_image.dm3");
    assertThatThrownBy(() -> new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.AUTO)).run(image, Progress.NONE))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("pixel size is 0.2485 nm")
        .hasMessageContaining("not resolved with pixels above 0.1 nm");
  }
}
