package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Exogenous (nuisance) variables: nothing causes them, no edge joins two of them, they may cause anything. */
class KnowledgeExogenousTest {
  @Test
  void exogenousVariablesReceiveNoEdgesAndShareNone() {
    Knowledge k = Knowledge.parse("tier 1: a\ntier 2: b\nexogenous n m\n", List.of("a", "b", "n", "m"), "prior");
    int a = 0, b = 1, n = 2, m = 3;
    assertThat(k.isExogenous(n)).isTrue();
    assertThat(k.isExogenous(a)).isFalse();
    assertThat(k.isForbidden(a, n)).isTrue();
    assertThat(k.isForbidden(b, n)).isTrue();
    assertThat(k.isForbidden(n, a)).isFalse();
    assertThat(k.isForbidden(n, b)).isFalse();
    assertThat(k.isForbiddenAdjacent(n, m)).isTrue();
    assertThat(k.isForbidden(b, a)).isTrue(); // the tiers still hold
    assertThat(Knowledge.parse(k.toText(), k.variables(), "again").toText()).isEqualTo(k.toText());
  }

  @Test
  void withExogenousAppendsNuisanceNodesAndKeepsTheRest() {
    Knowledge k = Knowledge.builder(List.of("a", "b")).tier("a", 1).tier("b", 2).forbid("a", "b").build();
    Knowledge w = k.withExogenous(List.of("x_px", "sampling_x"));
    assertThat(w.variables()).containsExactly("a", "b", "x_px", "sampling_x");
    assertThat(w.isForbidden(0, 1)).isTrue();
    assertThat(w.isForbidden(1, 0)).isTrue();
    assertThat(w.isForbidden(2, 0)).isFalse();
    assertThat(w.isForbidden(0, 2)).isTrue();
    assertThat(w.isForbiddenAdjacent(2, 3)).isTrue();
    assertThat(w.tier(2)).isEqualTo(-1);
    assertThatThrownBy(() -> k.withExogenous(List.of("a"))).hasMessageContaining("'a'");
  }

  @Test
  void pcWithANuisanceNodeRemovesTheArtefactAndOrientsFromTheInstrument() {
    // oracle: a ← s → b (s a scan descriptor), no edge a – b
    Graph truth = new Graph(List.of("a", "b", "s"));
    truth.addDirected(2, 0);
    truth.addDirected(2, 1);
    Knowledge k = Knowledge.builder(List.of("a", "b")).tier("a", 1).tier("b", 2).build().withExogenous(List.of("s"));
    Graph g = new PcStable(PcStable.Options.defaults().withKnowledge(k)).search(new DSeparationTest(truth));
    assertThat(g.adjacent(0, 1)).isFalse();
    assertThat(g.isDirected(2, 0)).isTrue();
    assertThat(g.isDirected(2, 1)).isTrue();
  }

  @Test
  void anExogenousVariableCannotAlsoHaveATierOrBeCaused() {
    assertThatThrownBy(() -> Knowledge.parse("tier 1: a\nexogenous a\n", List.of("a", "b"), "p.txt")).hasMessageContaining("p.txt line 2");
    assertThatThrownBy(() -> Knowledge.parse("exogenous a\nrequire b -> a\n", List.of("a", "b"), "p.txt")).hasMessageContaining("exogenous");
  }
}
