package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.causalem.SharedData;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.io.Readers;
import org.junit.jupiter.api.Test;

/** The real HAADF survey image: MANIFEST says rectangular lattice periods 21.8 × 14.95 px. */
class SurveyImageTest {
  @Test
  void findsTheRectangularLatticePeriods() throws Exception {
    Path file = SharedData.real("SI-Survey_Image.dm3");
    try (DataFile df = Readers.open(file)) {
      Image image = df.first(Image.class);
      AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.AUTO)).run(image, Progress.NONE);
      // a is the lattice vector nearest the x axis: the 14.95 px period; b the 21.8 px one
      assertThat(res.reference().aPx()).isCloseTo(14.95, org.assertj.core.data.Percentage.withPercentage(2));
      assertThat(res.reference().bPx()).isCloseTo(21.8, org.assertj.core.data.Percentage.withPercentage(2));
      assertThat(res.reference().gammaDeg()).isCloseTo(90, org.assertj.core.data.Offset.offset(3.0));
    }
  }
}
