package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;

import org.causalem.data.Axis;
import org.causalem.simulate.EelsSimulator;
import org.junit.jupiter.api.Test;

class ZeroLossTest {
  private static final Axis LOW = new Axis("energy", 720, -20, 0.25, "eV");

  @Test
  void zeroLossPositionsFollowTheKnownDrift() {
    EelsSimulator.LowLoss sim = EelsSimulator.lowLoss(12, 10, LOW, 1e7, 16, 1.0, 0.8, true, 4);
    assertThat(ZeroLossPeak.recorded(sim.image())).isTrue();
    float[] c = ZeroLossPeak.centresEv(sim.image());
    double ss = 0;
    for (int p = 0; p < c.length; p++) ss += (c[p] - sim.zeroLossEv()[p]) * (c[p] - sim.zeroLossEv()[p]);
    assertThat(Math.sqrt(ss / c.length)).isLessThan(0.02);
  }

  @Test
  void alignmentPutsEveryZeroLossPeakAtZero() {
    EelsSimulator.LowLoss sim = EelsSimulator.lowLoss(8, 6, LOW, 1e7, 16, 1.0, 0.8, false, 9);
    var aligned = ZeroLossPeak.align(sim.image(), ZeroLossPeak.centresEv(sim.image()));
    for (float c : ZeroLossPeak.centresEv(aligned)) assertThat(Math.abs(c)).isLessThan(0.03f);
  }

  @Test
  void logRatioThicknessMatchesTheKnownThickness() {
    EelsSimulator.LowLoss sim = EelsSimulator.lowLoss(12, 10, LOW, 1e7, 16, 1.0, 0.5, true, 7);
    float[] t = LogRatioThickness.map(sim.image(), ZeroLossPeak.centresEv(sim.image()));
    double worst = 0;
    for (int p = 0; p < t.length; p++) worst = Math.max(worst, Math.abs(t[p] - sim.tOverLambda()[p]));
    assertThat(worst).isLessThan(0.01);
  }

  @Test
  void coreLossSpectraHaveNoZeroLossPeak() {
    assertThat(ZeroLossPeak.recorded(EdgeMapperTest.simulate(false, 1).image())).isFalse();
  }
}
