package org.causalem.fourd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.causalem.SharedData;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.io.Readers;
import org.junit.jupiter.api.Test;

/** The real Merlin 4D-STEM file; skips with a notice while the MIB reader is not merged. */
class MerlinRealFileTest {
  private static DataFile openOrSkip(Path file) throws IOException {
    try {
      return Readers.open(file);
    } catch (BadInputException e) {
      assumeTrue(!String.valueOf(e.getMessage()).contains("unknown format"),
          "skipped: no reader for " + file.getFileName() + " yet (" + e.getMessage() + ")");
      throw e;
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "skipped: reader for " + file.getFileName() + " not implemented yet");
      throw e;
    }
  }

  @Test
  void brightDiskCentreIsWhereTheManifestSays() throws IOException {
    try (DataFile df = openOrSkip(SharedData.real("merlin_navigation4x2_ROI/001_4x2_6bit.mib"))) {
      DataCube4D cube = df.first(DataCube4D.class);
      assertThat(cube.frameCount()).isEqualTo(8);
      assertThat(cube.detX()).isEqualTo(256);
      Probe probe = Probe.find(FourdPipeline.samplePattern(cube), cube.detX(), cube.detY());
      assertThat(probe.centreY()).isCloseTo(127.9, within(0.5));
      assertThat(probe.centreX()).isCloseTo(28.0, within(0.5));
      FourdResult r = new FourdPipeline(FourdPipeline.Options.defaults().withClusters(2)).run(cube, (d, t) -> { });
      assertThat(r.pixels().rows()).isEqualTo(8);
      assertThat(r.maps().keySet()).contains("virtual_bf", "virtual_adf", "com_x", "com_y", "clusters");
      for (String m : List.of("virtual_bf", "com_x")) for (float v : r.maps().get(m)) assertThat(Float.isFinite(v)).isTrue();
    }
  }
}
