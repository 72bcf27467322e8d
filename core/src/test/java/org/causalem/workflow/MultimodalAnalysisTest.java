package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.causalem.causal.Graph;
import org.causalem.causal.GraphComparison;
import org.causalem.data.BadInputException;
import org.causalem.data.Progress;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeKind;
import org.causalem.simulate.MultimodalScenario;
import org.causalem.table.Registration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MultimodalAnalysisTest {
  static MultimodalScenario.Result sim;
  static AtomsResult atoms;

  @BeforeAll
  static void simulate() {
    sim = new MultimodalScenario(MultimodalScenario.Options.defaults(24, 24, 3)).simulate();
    atoms = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE)).run(sim.image(), Progress.NONE);
  }

  private static MultimodalAnalysis.Options options() {
    return MultimodalAnalysis.Options.defaults(3)
        .withRegistration(new Registration(sim.offsetXPx(), sim.offsetYPx(), sim.scaleXPx(), sim.scaleYPx()))
        .withCausal(FerroicAnalysis.Options.defaults(3).withBootstrap(10).withPredictability(false));
  }

  @Test
  void theRegisteredOnsetShiftFollowsTheSimulatedOnsetOfTheCellsColumn() {
    MultimodalAnalysis a = new MultimodalAnalysis(options());
    MultimodalAnalysis.Maps maps = a.maps(sim.spectra(), "sim", Progress.NONE);
    Registration.Registered reg = a.register(atoms.cells(), sim.image().width(), sim.image().height(), maps);
    double[] shift = reg.table().column(MultimodalScenario.SHIFT_COLUMN);
    double[] row = reg.table().column("row");
    double[] col = reg.table().column("col");
    double[] x = reg.table().column("x_px");
    double[] y = reg.table().column("y_px");
    int n = 0;
    double err = 0;
    for (int i = 0; i < shift.length; i++) {
      // the simulated cell under the centre, from the simulation's own geometry
      int c = (int) Math.floor((x[i] - 10) / 16);
      int r = (int) Math.floor((y[i] - 10) / 16);
      double truth = sim.onsetEv()[r * 24 + c] - MultimodalScenario.TI_L23_EV;
      err = Math.max(err, Math.abs(shift[i] - (truth - median(sim.onsetEv()) + MultimodalScenario.TI_L23_EV)));
      n++;
    }
    assertThat(n).isGreaterThan(400);
    assertThat(reg.outside()).isZero();
    assertThat(err).isLessThan(0.5);
  }

  @Test
  void findsTheCrossModalCauseWithModalityTiers() {
    MultimodalAnalysis.Result res = new MultimodalAnalysis(options().withModalityTiers(true))
        .analyse(atoms.cells(), sim.image().width(), sim.image().height(), sim.spectra(), "sim", Progress.NONE);
    FerroicAnalysis.Result c = res.causal();
    Graph g = c.consensus().graph();
    int s = g.index(MultimodalScenario.SHIFT_COLUMN);
    int a = g.index("a_px");
    assertThat(g.isDirected(s, a)).as("consensus %s", g.edges()).isTrue();
    Graph truth = new Graph(c.variables());
    for (String[] e : MultimodalScenario.TRUE_EDGES) truth.addDirected(truth.index(e[0]), truth.index(e[1]));
    assertThat(GraphComparison.compare(truth, g).structuralHammingDistance()).as("consensus %s", g.edges()).isZero();
    assertThat(res.cellsOutside()).isZero();
  }

  @Test
  void aDatasetOfTheWrongKindIsBadInputNamingTheSource() {
    MultimodalAnalysis a = new MultimodalAnalysis(options());
    assertThatThrownBy(() -> a.maps(sim.image(), "image.tif", Progress.NONE)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("image.tif").hasMessageContaining("image").hasMessageContaining("spectrum image");
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }
}
