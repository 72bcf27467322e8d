package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.causalem.data.Axis;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;
import org.causalem.simulate.EelsSimulator;
import org.junit.jupiter.api.Test;

class OnsetFinderTest {
  private static final Axis ENERGY = new Axis("energy", 800, 380, 0.25, "eV");

  private static SpectrumImage edgeAt(double onsetEv, long seed) {
    Edge shifted = new Edge("Ti-L23", "Ti", "L23", onsetEv);
    return EelsSimulator.coreLoss(new EelsSimulator.CoreLossOptions(6, 4, ENERGY, List.of(shifted), 1e5, 3.0, 0.2,
        0.5, 1.0, false, seed)).image();
  }

  @Test
  void onsetIsTheSteepestRiseOfTheEdge() {
    // the simulated edge rises as a logistic step centred on its onset: the steepest rise is there
    OnsetFinder finder = new OnsetFinder(OnsetFinder.Options.defaults());
    for (double onset : new double[] {453.0, 456.0, 458.5}) {
      SpectrumImage si = edgeAt(onset, 3);
      float[] s = new float[si.channels()];
      si.spectrum(1, 2, s);
      assertThat(finder.find(ENERGY, s, EdgeTable.find("Ti-L23"))).isCloseTo(onset, within(0.5));
    }
  }

  @Test
  void chemicalShiftIsTheOnsetDifferenceAcrossTheImage() {
    SpectrumImage a = edgeAt(455.0, 1);
    SpectrumImage b = edgeAt(457.0, 1);
    int half = a.width() * a.height() * a.channels();
    float[] px = new float[2 * half];
    System.arraycopy(a.pixels().toFloatArray(), 0, px, 0, half);
    System.arraycopy(b.pixels().toFloatArray(), 0, px, half, half);
    SpectrumImage both = new SpectrumImage("two halves", Pixels.ofFloats(px), Axis.pixels("y", 2 * a.height()),
        Axis.pixels("x", a.width()), ENERGY, Metadata.EMPTY);
    OnsetFinder.OnsetMap map = new OnsetFinder(OnsetFinder.Options.defaults()).map(both, EdgeTable.find("Ti-L23"));
    int n = a.width() * a.height();
    double top = 0;
    double bottom = 0;
    for (int i = 0; i < n; i++) {
      top += map.shiftEv()[i];
      bottom += map.shiftEv()[n + i];
    }
    assertThat(bottom / n - top / n).isCloseTo(2.0, within(0.2));
  }
}
