package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.causalem.data.Progress;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.junit.jupiter.api.Test;

/** Linear drift shears a cubic lattice; the correction from the two lattice vectors undoes it. */
class ScanCorrectionTest {
  @Test
  void removesTheShearAndStretchOfLinearDrift() {
    double driftX = 0.02;   // px per scan row: shears b towards +x by atan(0.02)
    double driftY = 0.01;   // stretches y by 1/(1 - 0.01)
    HaadfRenderer.Options render = new HaadfRenderer.Options(2.5, 150, 10, 1, 0, driftX, driftY, true, 9);
    PerovskiteSimulator.Simulation sim = new PerovskiteSimulator(
        PerovskiteSimulator.Options.uniform(10, 10, 24, 24, render).withPlacement(12, 12, 0)).simulate();
    AtomsPipeline.Options o = AtomsPipeline.Options.of(LatticeKind.PEROVSKITE);
    AtomsResult raw = new AtomsPipeline(o).run(sim.image(), Progress.NONE);
    // expected measured cell: a = (24, 0), b = (24·driftX, 24) / (1 - driftY)
    double by = 24 / (1 - driftY);
    double bx = by * driftX;
    assertThat(raw.reference().aPx()).isCloseTo(24, Offset.offset(0.02));
    assertThat(raw.reference().bPx()).isCloseTo(Math.hypot(bx, by), Offset.offset(0.02));
    assertThat(raw.reference().gammaDeg()).isCloseTo(Math.toDegrees(Math.atan2(by, bx)), Offset.offset(0.05));

    AtomsResult fixed = new AtomsPipeline(o.withScanCorrection(true)).run(sim.image(), Progress.NONE);
    double[] gamma = fixed.cells().column("gamma_deg");
    double[] tet = fixed.cells().column("tetragonality");
    double g = 0;
    double t = 0;
    int n = 0;
    for (int k = 0; k < gamma.length; k++) {
      if (Double.isNaN(gamma[k])) continue;
      g += gamma[k];
      t += tet[k];
      n++;
    }
    assertThat(n).isEqualTo(100);
    assertThat(g / n).isCloseTo(90, Offset.offset(0.05));
    assertThat(t / n).isCloseTo(1, Offset.offset(0.002));
  }
}
