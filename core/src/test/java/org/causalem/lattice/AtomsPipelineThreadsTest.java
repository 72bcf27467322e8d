package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.causalem.data.Progress;
import org.causalem.image.GaussianRefiner;
import org.causalem.io.Json;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * The loops after the refinement split across the refinement's threads; every column, site and cell must come out the
 * same to the bit whatever the number of threads (the oracle: one thread, every loop in order).
 */
class AtomsPipelineThreadsTest {
  @Test
  void everyTableIsTheSameWithOneAndThreeThreads() {
    HaadfRenderer.Options render = new HaadfRenderer.Options(2.5, 150, 5, 1, 0, 0, 0, true, 11);
    PerovskiteSimulator.Simulation sim = PerovskiteAtomsTest.simulate(5, render);
    AtomsResult one = run(sim, 1);
    AtomsResult three = run(sim, 3);
    assertSame("cells", one.cells(), three.cells());
    assertSame("sites", one.sites(), three.sites());
    assertSame("atoms", one.atoms(), three.atoms());
    assertThat(one.cells().rows()).isGreaterThan(100);
    assertThat(three.pixelNoise().x()).isEqualTo(one.pixelNoise().x());
    assertThat(Json.toString(three.offCentring().toMap())).isEqualTo(Json.toString(one.offCentring().toMap()));
  }

  static AtomsResult run(PerovskiteSimulator.Simulation sim, int threads) {
    AtomsPipeline.Options o = AtomsPipeline.Options.of(LatticeKind.PEROVSKITE)
        .withRefinement(GaussianRefiner.Options.defaults().withThreads(threads));
    return new AtomsPipeline(o).run(sim.image(), Progress.NONE);
  }

  static void assertSame(String what, DescriptorTable expected, DescriptorTable actual) {
    assertThat(actual.names()).as(what).isEqualTo(expected.names());
    for (String c : expected.names()) {
      long[] e = Arrays.stream(expected.column(c)).mapToLong(Double::doubleToLongBits).toArray();
      long[] a = Arrays.stream(actual.column(c)).mapToLong(Double::doubleToLongBits).toArray();
      assertThat(a).as("%s column %s", what, c).isEqualTo(e);
    }
  }
}
