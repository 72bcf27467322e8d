package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;

class EelsDataTest {
  private static SpectrumImage si(String name, double offset, double dispersion, String signal) {
    Metadata md = signal == null ? Metadata.EMPTY : Metadata.EMPTY.withSummary(Metadata.SIGNAL, signal);
    return new SpectrumImage(name, Pixels.ofFloats(new float[2 * 2 * 2048]), Axis.pixels("y", 2), Axis.pixels("x", 2),
        new Axis("energy", 2048, offset, dispersion, "eV"), md);
  }

  private static DataFile file(Dataset... d) { return new DataFile(Path.of("f.emd"), "emd-velox", List.of(d), Metadata.EMPTY); }

  @Test
  void theFileStatedSignalDecidesThenTheChannelWidth() {
    assertThat(EelsData.signal(si("a", -200, 10, "EDS"))).isEqualTo(Metadata.SIGNAL_EDS);
    assertThat(EelsData.signal(si("a", -200, 10, "X-ray"))).isEqualTo(Metadata.SIGNAL_EDS);
    assertThat(EelsData.signal(si("a", 0, 10, "EELS"))).isEqualTo(Metadata.SIGNAL_EELS);   // the file wins
    assertThat(EelsData.signal(si("a", -200, 10, null))).isEqualTo(Metadata.SIGNAL_EDS);   // 10 eV per channel
    assertThat(EelsData.signal(si("a", 400, 0.25, null))).isEqualTo(Metadata.SIGNAL_EELS);
  }

  @Test
  void edsIsRefusedNamingTheDatasetAndTheLowestCoreLossRangeIsTheDefault() {
    DataFile onlyEds = file(si("EDS UltraX2", -200, 10, "EDS"));
    assertThatThrownBy(() -> EelsData.choose(onlyEds, null)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("EDS UltraX2").hasMessageContaining("no EELS");
    DataFile triple = file(si("EDS", -200, 10, "EDS"), si("EELS-2", 800, 0.17, "EELS"), si("EELS-0", -21.5, 0.17, "EELS"),
        si("EELS-1", 480, 0.17, "EELS"));
    EelsData.Choice c = EelsData.choose(triple, null);
    assertThat(c.data().name()).isEqualTo("EELS-1");
    assertThat(c.notes().get(0)).contains("lowest core-loss").contains("EELS-0").contains("EELS-2").contains("choose one with `dataset`");
    assertThat(EelsData.choose(triple, "EELS-0").data().name()).isEqualTo("EELS-0");
    assertThatThrownBy(() -> EelsData.choose(triple, "EDS")).isInstanceOf(BadInputException.class)
        .hasMessageContaining("'EDS' is EDS");
    // only a low-loss range: that one, no note about alternatives
    assertThat(EelsData.choose(file(si("LL", -20, 0.1, "EELS")), null).notes()).isEmpty();
  }
}
