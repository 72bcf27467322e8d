package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.causalem.data.Axis;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;
import org.causalem.simulate.EelsSimulator;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

class EelsPipelineTest {
  @Test
  void coreLossRunDetectsTheSimulatedEdgesAndNotesTheMissingZeroLoss() {
    EelsSimulator.CoreLoss sim = EdgeMapperTest.simulate(true, 21);
    AtomicLong last = new AtomicLong();
    EelsResult r = new EelsPipeline(EelsPipeline.Options.defaults().withComponents(3)).run(sim.image(),
        (done, total) -> last.set(done == total ? done : -1));
    assertThat(r.edges()).extracting(Edge::name).containsExactly("C-K", "Ti-L23", "O-K");
    assertThat(last.get()).isPositive();
    assertThat(r.tOverLambda()).isNull();
    assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("no zero-loss peak"));
    for (String e : List.of("C-K", "Ti-L23", "O-K")) {
      assertThat(Stats.correlation(r.edgeSignal().get(e), sim.edgeAmplitude().get(e))).isGreaterThanOrEqualTo(0.99);
      double median = org.causalem.numeric.Stats.median(r.onsetEv().get(e));
      assertThat(median).isCloseTo(EdgeTable.find(e).onsetEv(), within(1.0));
    }
    DescriptorTable t = r.pixels();
    assertThat(t.rows()).isEqualTo(24 * 20);
    assertThat(t.names()).startsWith("row", "col", "x_px", "y_px").contains("Ti-L23_counts", "O-K_onset_eV",
        "C-K_shift_eV", "pca1", "nmf3");
    // pixel 53 is row 2, col 5 of a 24-wide image
    assertThat(t.column("row")[53]).isEqualTo(2);
    assertThat(t.column("x_px")[53]).isEqualTo(5);
    assertThat(t.column("Ti-L23_counts")[53]).isEqualTo(r.edgeSignal().get("Ti-L23")[53]);
    assertThat(r.pca().factors()[0]).hasSize(sim.image().channels());
    assertThat(r.nmf().loadings()[0]).hasSize(24 * 20);
  }

  @Test
  void lowLossRunAlignsAndMapsThickness() {
    Axis low = new Axis("energy", 720, -20, 0.25, "eV");
    EelsSimulator.LowLoss sim = EelsSimulator.lowLoss(10, 8, low, 1e7, 16, 1.0, 0.6, true, 2);
    EelsResult r = new EelsPipeline(EelsPipeline.Options.defaults().withComponents(0)).run(sim.image(),
        (d, t) -> { });
    assertThat(r.edges()).isEmpty();
    assertThat(r.pca()).isNull();
    for (int p = 0; p < 80; p++) {
      assertThat((double) r.tOverLambda()[p]).isCloseTo(sim.tOverLambda()[p], within(0.01));
      assertThat((double) r.zeroLossEv()[p]).isCloseTo(sim.zeroLossEv()[p], within(0.05));
    }
    assertThat(r.pixels().names()).contains("t_over_lambda", "zlp_eV");
  }

  @Test
  void calibratedScanAxesAddPositionsInNanometres() {
    float[] px = new float[2 * 3 * 50];
    java.util.Arrays.fill(px, 100f);
    SpectrumImage si = new SpectrumImage("calibrated", Pixels.ofFloats(px), new Axis("y", 2, 1.0, 0.5, "nm"),
        new Axis("x", 3, -2.0, 0.25, "nm"), new Axis("energy", 50, 100, 1, "eV"), Metadata.EMPTY);
    DescriptorTable t = new EelsPipeline(EelsPipeline.Options.defaults().withComponents(0)).run(si, (d, n) -> { }).pixels();
    // pixel 5 is row 1, col 2: x = −2 + 2·0.25, y = 1 + 1·0.5
    assertThat(t.column("x_nm")[5]).isCloseTo(-1.5, within(1e-12));
    assertThat(t.column("y_nm")[5]).isCloseTo(1.5, within(1e-12));
    assertThat(t.units().get(t.indexOf("x_nm"))).isEqualTo("nm");
  }

  /**
   * An energy axis that includes 0 eV without a zero-loss peak there (TIA files whose spectra are EDS in eV, a spectrum
   * whose offset is wrong): the note says the peak is missing although the axis reaches 0, and where the sum peaks.
   */
  @Test
  void anAxisThroughZeroWithoutAPeakThereIsQuestioned() {
    int c = 100;
    float[] px = new float[2 * 2 * c];
    for (int i = 0; i < px.length; i++) px[i] = 10 + (i % c == 80 ? 500 : 0);
    SpectrumImage si = new SpectrumImage("eds-like", Pixels.ofFloats(px), Axis.pixels("y", 2), Axis.pixels("x", 2),
        new Axis("energy", c, -20, 2, "eV"), Metadata.EMPTY);
    EelsResult r = new EelsPipeline(EelsPipeline.Options.defaults().withComponents(0)).run(si, (d, n) -> { });
    assertThat(r.tOverLambda()).isNull();
    assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("no zero-loss peak found although the energy axis -20.0..178.0 eV "
        + "includes 0 eV (the summed spectrum peaks at 140.0 eV)"));
  }

  @Test
  void namedEdgeOutsideTheRangeIsRejected() {
    SpectrumImage si = new SpectrumImage("tiny", Pixels.ofFloats(new float[100]), Axis.pixels("y", 1),
        Axis.pixels("x", 1), new Axis("energy", 100, 200, 1, "eV"), Metadata.EMPTY);
    assertThatThrownBy(() -> new EelsPipeline(EelsPipeline.Options.defaults().withEdges(List.of(EdgeTable.find("O-K"))))
        .run(si, (d, t) -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("O-K")
        .hasMessageContaining("200.0..299.0 eV");
  }

  @Test
  void decreasingEnergyAxisIsRejected() {
    SpectrumImage si = new SpectrumImage("reversed", Pixels.ofFloats(new float[10]), Axis.pixels("y", 1),
        Axis.pixels("x", 1), new Axis("energy", 10, 500, -1, "eV"), Metadata.EMPTY);
    assertThatThrownBy(() -> new EelsPipeline(EelsPipeline.Options.defaults()).run(si, (d, t) -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale -1");
  }
}
