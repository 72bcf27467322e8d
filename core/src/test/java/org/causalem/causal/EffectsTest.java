package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.causalem.simulate.LinearSem;
import org.junit.jupiter.api.Test;

class EffectsTest {
  private static List<List<Integer>> asLists(List<int[]> sets) {
    List<List<Integer>> out = new ArrayList<>();
    for (int[] s : sets) {
      List<Integer> l = new ArrayList<>();
      for (int v : s) l.add(v);
      out.add(l);
    }
    return out;
  }

  @Test
  void adjustmentSetsOfATextbookDagMatchTheHandDerivedList() {
    // V → Z, Z → X, Z → Y, X → Y, W → Y, X → C ← Y
    Graph g = new Graph(List.of("X", "Y", "Z", "W", "V", "C"));
    g.addDirected(4, 2);
    g.addDirected(2, 0);
    g.addDirected(2, 1);
    g.addDirected(0, 1);
    g.addDirected(3, 1);
    g.addDirected(0, 5);
    g.addDirected(1, 5);
    // the back-door path X ← Z → Y must be blocked (Z in the set); W and V are optional; C is a
    // descendant of Y (and X) and is forbidden
    assertThat(asLists(Effects.adjustmentSets(g, 0, 1))).containsExactly(List.of(2), List.of(2, 3), List.of(2, 4), List.of(2, 3, 4));
    assertThat(Effects.optimalSet(g, 0, 1)).containsExactly(2, 3);
    // X on C (X → C ← Y ← X): causal paths X → C and X → Y → C; Z blocks the back door X ← Z → Y → C
    assertThat(Effects.validInDag(g, 0, 5, new int[] {2})).isTrue();
    assertThat(Effects.validInDag(g, 0, 5, new int[0])).isFalse();
  }

  @Test
  void mediatorIsForbiddenAndColliderMustStayOut() {
    // X → M → Y (mediator), X ← Z → Y (confounder), Z → K ← U (collider), U → Y
    Graph g = new Graph(List.of("X", "Y", "M", "Z", "K", "U"));
    g.addDirected(0, 2);
    g.addDirected(2, 1);
    g.addDirected(3, 0);
    g.addDirected(3, 1);
    g.addDirected(3, 4);
    g.addDirected(5, 4);
    g.addDirected(5, 1);
    // Z is needed; U and K optional (K opens Z → K ← U, which Z then blocks); M is forbidden
    assertThat(asLists(Effects.adjustmentSets(g, 0, 1)))
        .containsExactly(List.of(3), List.of(3, 4), List.of(3, 5), List.of(3, 4, 5));
  }

  @Test
  void cpdagSetsMustHoldInEveryDagOfTheClass() {
    // Z → X ← W (v-structure), X → Y compelled, Q — Z undirected: two DAGs, no back-door path to Y
    Graph g = new Graph(List.of("X", "Y", "Z", "W", "Q"));
    g.addDirected(2, 0);
    g.addDirected(3, 0);
    g.addDirected(0, 1);
    g.addUndirected(4, 2);
    assertThat(Effects.dagsInClass(g)).hasSize(2);
    assertThat(Effects.adjustmentSets(g, 0, 1)).hasSize(8);
    // X — Y undirected: not amenable, no valid set
    Graph h = new Graph(List.of("X", "Y"));
    h.addUndirected(0, 1);
    assertThat(Effects.adjustmentSets(h, 0, 1)).isEmpty();
  }

  @Test
  void confoundingCheckSeparatesAdjustedFromNaiveEffect() {
    // Z → X (1.0), Z → Y (2.0), X → Y (0.5), unit Gaussian noise: naive slope = 0.5 + 2·cov(X,Z)/var(X) = 1.5
    Graph g = new Graph(List.of("X", "Y", "Z"));
    g.addDirected(2, 0);
    g.addDirected(2, 1);
    g.addDirected(0, 1);
    double[][] b = new double[3][3];
    b[0][2] = 1.0;
    b[1][2] = 2.0;
    b[1][0] = 0.5;
    LinearSem.Sample s = new LinearSem(LinearSem.Options.of(LinearSem.Noise.GAUSSIAN)).simulate(g, b, 5000, new SplittableRandom(17));
    Effects.Estimate e = Effects.estimate(g, s.data(), "X", "Y");
    assertThat(e.identifiable()).isTrue();
    assertThat(e.adjustmentSets()).containsExactly(List.of("Z"));
    assertThat(e.usedSet()).containsExactly("Z");
    assertThat(e.allSetsListed()).isTrue();
    // se of the adjusted slope ≈ 1/√(n·var(X|Z)) = 1/√5000 ≈ 0.014
    assertThat(e.adjusted()).isCloseTo(0.5, within(0.05));
    assertThat(e.adjustedSe()).isCloseTo(0.0141, within(0.002));
    assertThat(e.naive()).isCloseTo(1.5, within(0.06));
    assertThat(e.confounded()).isTrue();
  }

  @Test
  void noConfoundingNoFlag() {
    Graph g = new Graph(List.of("X", "Y", "W"));
    g.addDirected(0, 1);
    g.addDirected(2, 1);
    double[][] b = new double[3][3];
    b[1][0] = 0.8;
    b[1][2] = 1.0;
    LinearSem.Sample s = new LinearSem(LinearSem.Options.of(LinearSem.Noise.GAUSSIAN)).simulate(g, b, 3000, new SplittableRandom(2));
    Effects.Estimate e = Effects.estimate(g, s.data(), "X", "Y");
    assertThat(e.usedSet()).containsExactly("W"); // the optimal set includes the precision variable W
    assertThat(e.adjusted()).isCloseTo(0.8, within(0.05));
    assertThat(e.naive()).isCloseTo(0.8, within(0.08));
    assertThat(e.confounded()).isFalse();
  }

  @Test
  void notIdentifiableIsReportedAndBadGraphsRejected() {
    Graph h = new Graph(List.of("X", "Y"));
    h.addUndirected(0, 1);
    LinearSem.Sample s = new LinearSem(LinearSem.Options.of(LinearSem.Noise.GAUSSIAN)).simulate(dag2(), 100, new SplittableRandom(1));
    Effects.Estimate e = Effects.estimate(h, s.data(), "X", "Y");
    assertThat(e.identifiable()).isFalse();
    assertThat(e.adjusted()).isNaN();
    Graph pag = new Graph(List.of("X", "Y"));
    pag.addEdge(0, 1, Mark.CIRCLE, Mark.ARROW);
    assertThatThrownBy(() -> Effects.adjustmentSets(pag, 0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("o->");
  }

  private static Graph dag2() {
    Graph g = new Graph(List.of("X", "Y"));
    g.addDirected(0, 1);
    return g;
  }

  @Test
  void largeGraphsFallBackToTheOptimalSet() {
    // a chain of 20 extra nodes feeding the confounder: 22 candidates, too many to enumerate
    List<String> names = new ArrayList<>(List.of("X", "Y", "Z"));
    for (int i = 0; i < 20; i++) names.add("V" + i);
    Graph g = new Graph(names);
    g.addDirected(2, 0);
    g.addDirected(2, 1);
    g.addDirected(0, 1);
    for (int i = 0; i < 20; i++) g.addDirected(3 + i, i == 19 ? 2 : 4 + i);
    LinearSem.Sample s = new LinearSem(LinearSem.Options.of(LinearSem.Noise.GAUSSIAN)).simulate(g, 500, new SplittableRandom(6));
    Effects.Estimate e = Effects.estimate(g, s.data(), "X", "Y");
    assertThat(e.allSetsListed()).isFalse();
    assertThat(e.adjustmentSets()).containsExactly(List.of("Z"));
    assertThat(e.usedSet()).containsExactly("Z");
  }
}
