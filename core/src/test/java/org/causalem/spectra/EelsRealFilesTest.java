package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.causalem.SharedData;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.causalem.io.Readers;
import org.junit.jupiter.api.Test;

/**
 * Acceptance on real files: skipped only when ../shared/data is absent; a reader that rejects a file fails the test.
 */
class EelsRealFilesTest {
  private static double onset(String file, String edge) throws IOException {
    try (DataFile df = Readers.open(SharedData.real(file))) {
      Spectrum s = df.first(Spectrum.class);
      return new OnsetFinder(OnsetFinder.Options.defaults()).find(s.energy(), s.toFloat(), EdgeTable.find(edge));
    }
  }

  @Test
  void strontiumTitanateTiL23AndOkOnsets() throws IOException {
    assertThat(onset("EELS_STO.dm3", "Ti-L23")).isBetween(452.0, 458.0);
    assertThat(onset("EELS_STO.dm3", "O-K")).isBetween(528.0, 536.0);
  }

  @Test
  void strontiumTitanateOnsetsAgreeInTheDm4Copy() throws IOException {
    assertThat(onset("EELS_STO.dm4", "Ti-L23")).isBetween(452.0, 458.0);
    assertThat(onset("EELS_STO.dm4", "O-K")).isBetween(528.0, 536.0);
  }

  @Test
  void carbonKOnset() throws IOException {
    assertThat(onset("08_carbon.dm3", "C-K")).isBetween(282.0, 286.0);
  }

  @Test
  void everyRealSpectrumImageGoesThroughThePipeline() throws IOException {
    int ran = 0;
    for (String name : List.of("SI-EELS_Spectrum_Image.dm3", "digitalmicrograph_3D_EELS_SI.dm4",
        "EMDReader_SpectrumImage_Si.emd")) {
      Path file = SharedData.real(name);
      try (DataFile df = Readers.open(file)) {
        for (Dataset d : df.datasets()) {
          if (!(d instanceof SpectrumImage si)) continue;
          EelsResult r = new EelsPipeline(EelsPipeline.Options.defaults().withComponents(2)).run(si, (a, b) -> { });
          assertThat(r.pixels().rows()).isEqualTo(si.width() * si.height());
          assertThat(r.pca().factors()[0]).hasSize(si.channels());
          ran++;
        }
      }
    }
    assertThat(ran).isGreaterThanOrEqualTo(2);
  }
}
