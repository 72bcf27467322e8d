package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.causalem.simulate.LinearSem;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  /** A → B → C with strong coefficients, uniform noise; D independent. */
  private static DescriptorTable chain() {
    Graph g = new Graph(List.of("A", "B", "C", "D"));
    g.addDirected(0, 1);
    g.addDirected(1, 2);
    double[][] b = new double[4][4];
    b[1][0] = 1.5;
    b[2][1] = -1.2;
    return new LinearSem(LinearSem.Options.of(LinearSem.Noise.UNIFORM)).simulate(g, b, 1000, new SplittableRandom(3)).data();
  }

  private static final Function<DescriptorTable, Graph> LINGAM =
      t -> new DirectLingam(new DirectLingam.Options(DirectLingam.Estimator.ADAPTIVE_LASSO, null, 1)).fit(t).toGraph();

  @Test
  void strongTrueEdgesNearOneAbsentEdgesNearZero() {
    BootstrapResult r = new Bootstrap(new Bootstrap.Options(20, 42, 2)).run(chain(), LINGAM);
    assertThat(r.replicates()).isEqualTo(20);
    assertThat(r.edgeFrequency(0, 1)).isGreaterThanOrEqualTo(0.95);
    assertThat(r.edgeFrequency(1, 2)).isGreaterThanOrEqualTo(0.95);
    assertThat(r.frequency(0, 1, EdgeType.DIRECTED)).isGreaterThanOrEqualTo(0.9);
    assertThat(r.frequency(1, 0, EdgeType.REVERSED)).isEqualTo(r.frequency(0, 1, EdgeType.DIRECTED));
    assertThat(r.edgeFrequency(0, 2)).isLessThanOrEqualTo(0.1);
    assertThat(r.edgeFrequency(0, 3)).isLessThanOrEqualTo(0.1);
    assertThat(r.edgeFrequency(2, 3)).isLessThanOrEqualTo(0.1);
    Graph consensus = r.consensus(0.5);
    assertThat(consensus.isDirected(0, 1)).isTrue();
    assertThat(consensus.isDirected(1, 2)).isTrue();
    assertThat(consensus.edgeCount()).isEqualTo(2);
  }

  @Test
  void sameSeedSameFrequenciesWhateverTheThreads() {
    DescriptorTable d = chain();
    BootstrapResult one = new Bootstrap(new Bootstrap.Options(8, 7, 1)).run(d, LINGAM);
    BootstrapResult two = new Bootstrap(new Bootstrap.Options(8, 7, 2)).run(d, LINGAM);
    assertThat(two.table()).isEqualTo(one.table());
  }

  @Test
  void countsEveryEdgeTypeFromBothSides() {
    DescriptorTable d = chain();
    Function<DescriptorTable, Graph> pag = t -> {
      Graph g = new Graph(t.names());
      g.addEdge(0, 1, Mark.CIRCLE, Mark.ARROW);
      g.addBidirected(2, 3);
      return g;
    };
    BootstrapResult r = new Bootstrap(new Bootstrap.Options(3, 1, 1)).run(d, pag);
    assertThat(r.frequency(0, 1, EdgeType.CIRCLE_ARROW)).isEqualTo(1.0);
    assertThat(r.frequency(1, 0, EdgeType.ARROW_CIRCLE)).isEqualTo(1.0);
    assertThat(r.frequency(2, 3, EdgeType.BIDIRECTED)).isEqualTo(1.0);
    assertThat(r.table()).hasSize(2);
    assertThat(r.consensus(1.0).mark(0, 1)).isEqualTo(Mark.ARROW);
    assertThat(r.consensus(1.0).mark(1, 0)).isEqualTo(Mark.CIRCLE);
  }

  @Test
  void spatialBlocksResampleWholeBlocks() {
    DescriptorTable d = chain();
    int n = d.rows();
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 40;
      y[i] = i / 40;
    }
    // a 40 × 25 grid; blocks of side 5 hold 25 rows each. A search that reports, as an edge A—B,
    // whether the replicate's row count is a multiple of 25 sees it in every replicate
    Function<DescriptorTable, Graph> probe = t -> {
      Graph g = new Graph(t.names());
      if (t.rows() % 25 == 0 && t.rows() == 1000) g.addUndirected(0, 1);
      return g;
    };
    BootstrapResult r = new Bootstrap(new Bootstrap.Options(10, 5, 2)).runSpatial(d, x, y, 5, probe);
    assertThat(r.edgeFrequency(0, 1)).isEqualTo(1.0);
    BootstrapResult lingam = new Bootstrap(new Bootstrap.Options(10, 5, 2)).runSpatial(d, x, y, 10, LINGAM);
    assertThat(lingam.edgeFrequency(0, 1)).isCloseTo(1.0, within(0.1));
    assertThat(new Bootstrap(new Bootstrap.Options(10, 5, 1)).runSpatial(d, x, y, 10, LINGAM).table()).isEqualTo(lingam.table());
  }
}
