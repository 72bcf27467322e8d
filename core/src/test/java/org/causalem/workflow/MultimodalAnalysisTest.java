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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("slow")
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
  void aShiftMeasuredInTooFewPixelsIsLeftOutOfTheSearchWithANote() {
    // the same structure with a Ti L2,3 jump of 0.2 % of the background: below 3 σ in almost every pixel
    MultimodalScenario.Options d = MultimodalScenario.Options.defaults(24, 24, 3);
    MultimodalScenario.Result weak = new MultimodalScenario(new MultimodalScenario.Options(d.structure(), d.shiftPerValenceEv(),
        d.shiftNoiseEv(), d.backgroundCounts(), 0.002, d.fromEv(), d.stepEv(), d.channels(), d.seed())).simulate();
    MultimodalAnalysis.Options o = options().withEels(org.causalem.spectra.EelsPipeline.Options.defaults().withComponents(0)
        .withEdges(List.of(org.causalem.spectra.EdgeTable.find("Ti-L23"))));
    MultimodalAnalysis a = new MultimodalAnalysis(o);
    MultimodalAnalysis.Maps maps = a.maps(weak.spectra(), "weak", Progress.NONE);
    double[] shift = maps.pixels().column("Ti-L23_shift_eV");
    int finite = 0;
    for (double v : shift) if (Double.isFinite(v)) finite++;
    assertThat(finite).as("pixels with a reported onset").isLessThan(shift.length / 2);
    MultimodalAnalysis.Result res = a.run(atoms.cells(), sim.image().width(), sim.image().height(), maps, Progress.NONE);
    assertThat(res.searched()).doesNotContain(MultimodalScenario.SHIFT_COLUMN);
    assertThat(res.notes()).anySatisfy(n -> assertThat(n).contains(MultimodalScenario.SHIFT_COLUMN).contains("left out of the causal search"));
    assertThat(res.causal().variables()).doesNotContain(MultimodalScenario.SHIFT_COLUMN);
  }

  @Test
  void findsTheCrossModalCauseWithModalityTiers() {
    MultimodalAnalysis.Result res = new MultimodalAnalysis(options().withModalityTiers(true))
        .run(atoms.cells(), sim.image().width(), sim.image().height(), sim.spectra(), "sim", Progress.NONE);
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

  /** On other seeds too, the cross-modal edge is found and directed (the whole graph is not required here). */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 4})
  void findsTheCrossModalCauseOnOtherSeeds(long seed) {
    MultimodalScenario.Result s = new MultimodalScenario(MultimodalScenario.Options.defaults(24, 24, seed)).simulate();
    AtomsResult at = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE)).run(s.image(), Progress.NONE);
    MultimodalAnalysis.Options o = MultimodalAnalysis.Options.defaults(seed).withModalityTiers(true)
        .withRegistration(new Registration(s.offsetXPx(), s.offsetYPx(), s.scaleXPx(), s.scaleYPx()))
        .withCausal(FerroicAnalysis.Options.defaults(seed).withBootstrap(10).withPredictability(false));
    Graph g = new MultimodalAnalysis(o).run(at.cells(), s.image().width(), s.image().height(), s.spectra(), "sim", Progress.NONE)
        .causal().consensus().graph();
    assertThat(g.isDirected(g.index(MultimodalScenario.SHIFT_COLUMN), g.index("a_px"))).as("seed %d: %s", seed, g.edges()).isTrue();
  }

  /** Without modality tiers the spectral column shares the lattice tier: PC still finds the adjacency. */
  @Test
  void withoutModalityTiersTheCrossModalAdjacencyIsStillFound() {
    MultimodalAnalysis.Result res = new MultimodalAnalysis(options())
        .run(atoms.cells(), sim.image().width(), sim.image().height(), sim.spectra(), "sim", Progress.NONE);
    Graph pc = res.causal().pc().graph();
    assertThat(pc.adjacent(pc.index(MultimodalScenario.SHIFT_COLUMN), pc.index("a_px"))).as("pc %s", pc.edges()).isTrue();
    assertThat(res.causal().knowledge().tier(pc.index(MultimodalScenario.SHIFT_COLUMN)))
        .isEqualTo(res.causal().knowledge().tier(pc.index("a_px")));
  }

  @Test
  void fourdCentreOfMassMapsLandOnTheCellsOverThem() {
    // a 12 × 8 scan over a 120 × 80 px image (10 px per position); CoM shift +1/-1 px in a checkerboard
    int sx = 12;
    int sy = 8;
    double[] shiftX = new double[sx * sy];
    for (int r = 0; r < sy; r++) for (int c = 0; c < sx; c++) shiftX[r * sx + c] = ((r + c) % 2 == 0) ? 1 : -1;
    org.causalem.data.DataCube4D cube = org.causalem.simulate.FourdSimulator.comCube(sx, sy, 32, 5, 16, 16, shiftX,
        new double[sx * sy], null, 0, 1);
    MultimodalAnalysis a = new MultimodalAnalysis(MultimodalAnalysis.Options.defaults(1));
    MultimodalAnalysis.Maps maps = a.maps(cube, "cube.h5", Progress.NONE);
    assertThat(maps.modality()).isEqualTo(MultimodalAnalysis.Modality.FOURD);
    assertThat(a.searched(maps)).contains("fourd_com_x", "fourd_virtual_bf").containsAll(FerroicAnalysis.DEFAULT_VARIABLES);
    // cells at the centres of positions, plus one off the scan
    int n = sx * sy + 1;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int r = 0; r < sy; r++) {
      for (int c = 0; c < sx; c++) {
        x[r * sx + c] = 10 * c + 5;
        y[r * sx + c] = 10 * r + 5;
      }
    }
    x[n - 1] = 125;
    y[n - 1] = 5;
    org.causalem.table.DescriptorTable cells = org.causalem.table.DescriptorTable.of(java.util.List.of("x_px", "y_px"), new double[][] {x, y});
    Registration.Registered reg = a.register(cells, 120, 80, maps);
    double[] com = reg.table().column("fourd_com_x");
    for (int i = 0; i < n - 1; i++) assertThat(com[i]).as("cell %d", i).isCloseTo(shiftX[i], org.assertj.core.data.Offset.offset(0.2));
    assertThat(com[n - 1]).isNaN();
    assertThat(reg.outside()).isEqualTo(1);
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
