package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.SharedData;
import org.causalem.io.TableReader;
import org.causalem.simulate.LinearSem;
import org.causalem.simulate.RandomDag;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

class DirectLingamTest {
  /** Pairs whose edge status differs: missing, extra or reversed each count 1. */
  static int shd(Graph truth, Graph found) {
    int d = 0;
    for (int i = 0; i < truth.size(); i++) {
      for (int j = i + 1; j < truth.size(); j++) {
        boolean same = truth.isDirected(i, j) == found.isDirected(i, j) && truth.isDirected(j, i) == found.isDirected(j, i)
            && truth.adjacent(i, j) == found.adjacent(i, j);
        if (!same) d++;
      }
    }
    return d;
  }

  /** True when every edge of the DAG goes from earlier to later in the order. */
  static boolean consistent(Graph dag, int[] order) {
    int[] pos = new int[order.length];
    for (int k = 0; k < order.length; k++) pos[order[k]] = k;
    for (int i = 0; i < dag.size(); i++) for (int j : dag.parents(i)) if (pos[j] >= pos[i]) return false;
    return true;
  }

  @Test
  void sixVariableExampleFromTheLingamPackage() throws Exception {
    DescriptorTable t = TableReader.read(SharedData.causal("lingam_6vars.csv")).table();
    LingamResult r = new DirectLingam(DirectLingam.Options.defaults()).fit(t);
    // x3=e3; x0=3·x3; x2=6·x3; x1=3·x0+2·x2; x5=4·x0; x4=8·x0−1·x2 (MANIFEST)
    boolean[][] parentOf = new boolean[6][6];
    int[][] edges = {{3, 0}, {3, 2}, {0, 1}, {2, 1}, {0, 5}, {0, 4}, {2, 4}};
    for (int[] e : edges) parentOf[e[0]][e[1]] = true;
    Graph truth = Graph.fromAdjacency(t.names(), parentOf);
    assertThat(consistent(truth, r.causalOrder())).as(java.util.Arrays.toString(r.causalOrder())).isTrue();
    assertThat(r.toGraph()).isEqualTo(truth);
    // least squares on the true parents (MANIFEST): 3.035, 6.007, (3.022, 1.985), 4.006, (8.004, −1.004)
    assertThat(r.coefficient(3, 0)).isCloseTo(3.035, within(0.05));
    assertThat(r.coefficient(3, 2)).isCloseTo(6.007, within(0.05));
    assertThat(r.coefficient(0, 1)).isCloseTo(3.022, within(0.05));
    assertThat(r.coefficient(2, 1)).isCloseTo(1.985, within(0.05));
    assertThat(r.coefficient(0, 5)).isCloseTo(4.006, within(0.05));
    assertThat(r.coefficient(0, 4)).isCloseTo(8.004, within(0.05));
    assertThat(r.coefficient(2, 4)).isCloseTo(-1.004, within(0.05));
    // total effect x3 → x1 = 3·3 + 6·2 = 21
    assertThat(r.totalEffect(3, 1)).isCloseTo(21, within(0.42));
  }

  @Test
  void recoversRandomTwentyNodeNonGaussianSems() {
    int total = 0;
    for (long seed = 1; seed <= 10; seed++) {
      Graph dag = RandomDag.generate(20, 2, seed);
      LinearSem.Noise noise = seed % 2 == 0 ? LinearSem.Noise.UNIFORM : LinearSem.Noise.LAPLACE;
      LinearSem.Sample s = new LinearSem(LinearSem.Options.of(noise)).simulate(dag, 5000, new SplittableRandom(100 + seed));
      LingamResult r = new DirectLingam(DirectLingam.Options.defaults()).fit(s.data());
      total += shd(dag, r.toGraph());
    }
    assertThat(total / 10.0).isLessThanOrEqualTo(1.0);
  }

  @Test
  void symmetricNoiseIsOrientedInBothDirections() {
    // uniform noise is symmetric: an approximation without the log cosh term cannot orient it
    Graph ab = new Graph(List.of("A", "B"));
    ab.addDirected(0, 1);
    Graph ba = new Graph(List.of("A", "B"));
    ba.addDirected(1, 0);
    LinearSem sem = new LinearSem(LinearSem.Options.of(LinearSem.Noise.UNIFORM));
    LingamResult r1 = new DirectLingam(DirectLingam.Options.defaults()).fit(sem.simulate(ab, new double[][] {{0, 0}, {1, 0}}, 3000, new SplittableRandom(1)).data());
    LingamResult r2 = new DirectLingam(DirectLingam.Options.defaults()).fit(sem.simulate(ba, new double[][] {{0, 1}, {0, 0}}, 3000, new SplittableRandom(2)).data());
    assertThat(r1.causalOrder()).containsExactly(0, 1);
    assertThat(r2.causalOrder()).containsExactly(1, 0);
  }

  @Test
  void tiersOverrideTheDataAndForbidBackwardCoefficients() {
    Graph ab = new Graph(List.of("A", "B"));
    ab.addDirected(0, 1);
    LinearSem sem = new LinearSem(LinearSem.Options.of(LinearSem.Noise.LAPLACE));
    DescriptorTable d = sem.simulate(ab, new double[][] {{0, 0}, {1.5, 0}}, 3000, new SplittableRandom(4)).data();
    LingamPrior prior = LingamPrior.fromTiers(List.of("A", "B"), List.of(List.of("B"), List.of("A")));
    LingamResult r = new DirectLingam(DirectLingam.Options.defaults().withPrior(prior)).fit(d);
    assertThat(r.causalOrder()).containsExactly(1, 0);
    assertThat(r.coefficient(0, 1)).isZero();
  }

  @Test
  void leastSquaresGivesADenseLowerTriangleAndTotalEffectsInvertIMinusB() {
    DescriptorTable t = new LinearSem(LinearSem.Options.of(LinearSem.Noise.UNIFORM))
        .simulate(RandomDag.generate(5, 2, 3), 2000, new SplittableRandom(3)).data();
    LingamResult r = new DirectLingam(DirectLingam.Options.defaults().withEstimator(DirectLingam.Estimator.LEAST_SQUARES)).fit(t);
    int[] o = r.causalOrder();
    for (int a = 0; a < 5; a++) {
      for (int b = a; b < 5; b++) assertThat(r.coefficient(o[b], o[a])).isZero();
      for (int b = 0; b < a; b++) assertThat(r.coefficient(o[b], o[a])).isNotZero();
    }
    // (I − B) T = I
    double[][] b = r.coefficients();
    double[][] tt = r.totalEffects();
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        double s = tt[i][j];
        for (int k = 0; k < 5; k++) s -= b[i][k] * tt[k][j];
        assertThat(s).isCloseTo(i == j ? 1 : 0, within(1e-9));
      }
    }
  }

  @Test
  void knownAncestorIsOrderedFirstAndContradictionsAreRejected() {
    // A → B with Laplace noise, but the prior says B is an ancestor of A: the order must follow it
    Graph ab = new Graph(List.of("A", "B", "C"));
    ab.addDirected(0, 1);
    LinearSem sem = new LinearSem(LinearSem.Options.of(LinearSem.Noise.LAPLACE));
    double[][] b = new double[3][3];
    b[1][0] = 1.0;
    DescriptorTable d = sem.simulate(ab, b, 2000, new SplittableRandom(8)).data();
    LingamPrior prior = LingamPrior.none(3).with(1, 0, LingamPrior.PRESENT);
    LingamResult r = new DirectLingam(DirectLingam.Options.defaults().withPrior(prior)).fit(d);
    int[] pos = new int[3];
    for (int k = 0; k < 3; k++) pos[r.causalOrder()[k]] = k;
    assertThat(pos[1]).isLessThan(pos[0]);
    int[][] both = {{-1, 1, -1}, {1, -1, -1}, {-1, -1, -1}};
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LingamPrior(both)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ancestors of each other");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DirectLingam(DirectLingam.Options.defaults().withPrior(LingamPrior.none(2))).fit(d))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prior knowledge is for 2 variables");
  }

  @Test
  void constantColumnIsBadInput() {
    double[][] c = {{1, 2, 3, 4}, {5, 5, 5, 5}};
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DirectLingam(DirectLingam.Options.defaults()).fit(List.of("a", "b"), c))
        .isInstanceOf(org.causalem.data.BadInputException.class).hasMessageContaining("'b' is constant");
  }
  /**
   * The pruned best-first search for the most exogenous variable chooses exactly what computing every pair chooses:
   * whole causal orders equal on random SEMs (uniform and Laplace-like noise, some near-Gaussian to make close calls),
   * with and without tier knowledge, on 1 and 2 threads.
   */
  @Test
  void prunedSearchGivesTheExhaustiveOrder() {
    for (int seed = 1; seed <= 6; seed++) {
      Graph dag = RandomDag.generate(9, 2, seed);
      LinearSem.Noise noise = seed % 2 == 0 ? LinearSem.Noise.UNIFORM : LinearSem.Noise.values()[seed % LinearSem.Noise.values().length];
      double[][] cols = new LinearSem(LinearSem.Options.of(noise)).simulate(dag, 300 + 100 * seed, new SplittableRandom(seed)).data().columns();
      int[] tier = new int[cols.length];
      for (int j = 0; j < tier.length; j++) tier[j] = j % 3;
      for (LingamPrior prior : new LingamPrior[] {LingamPrior.none(cols.length), LingamPrior.fromTiers(tier)}) {
        int[] reference = DirectLingam.order(standardized(cols), prior, 1, true);
        for (int threads : new int[] {1, 2}) {
          assertThat(DirectLingam.order(standardized(cols), prior, threads, false)).as("seed %d, %d threads", seed, threads).containsExactly(reference);
        }
      }
    }
  }

  private static double[][] standardized(double[][] cols) {
    double[][] x = new double[cols.length][];
    for (int j = 0; j < cols.length; j++) {
      x[j] = cols[j].clone();
      DirectLingam.standardize(x[j]);
    }
    return x;
  }
}
