package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpdagTest {
  @Test
  void colliderStaysDirectedChainBecomesUndirected() {
    assertThat(Cpdag.of(Graphs.of("A B C", "A-->C", "B-->C"))).isEqualTo(Graphs.of("A B C", "A-->C", "B-->C"));
    assertThat(Cpdag.of(Graphs.of("A B C", "A-->B", "B-->C"))).isEqualTo(Graphs.of("A B C", "A---B", "B---C"));
    assertThat(Cpdag.of(Graphs.of("A B C", "B-->A", "B-->C"))).isEqualTo(Graphs.of("A B C", "A---B", "B---C"));
  }

  @Test
  void sprinklerNeedsRule1() {
    Graph dag = Graphs.of("C S R W L", "C-->S", "C-->R", "S-->W", "R-->W", "W-->L");
    assertThat(Cpdag.of(dag)).isEqualTo(Graphs.of("C S R W L", "C---S", "C---R", "S-->W", "R-->W", "W-->L"));
  }

  @Test
  void asia() {
    Graph dag = Graphs.of("A S T L B E X D", "A-->T", "S-->L", "S-->B", "T-->E", "L-->E", "E-->X", "E-->D", "B-->D");
    Graph expected = Graphs.of("A S T L B E X D", "A---T", "S---L", "S---B", "T-->E", "L-->E", "E-->X", "E-->D", "B-->D");
    assertThat(Cpdag.of(dag)).isEqualTo(expected);
  }

  @Test
  void rule2() {
    // x -> y <- w is a v-structure; y -> z by rule 1; x -> z by rule 2 (else x -> y -> z -> x cycle)
    Graph dag = Graphs.of("x y w z", "x-->y", "w-->y", "y-->z", "x-->z");
    assertThat(Cpdag.of(dag)).isEqualTo(dag);
  }

  @Test
  void rule3() {
    // c -> b <- d v-structure; a adjacent to all three; a -> b forced by rule 3, a—c, a—d stay open
    Graph dag = Graphs.of("a b c d", "a-->b", "a-->c", "a-->d", "c-->b", "d-->b");
    assertThat(Cpdag.of(dag)).isEqualTo(Graphs.of("a b c d", "a-->b", "a---c", "a---d", "c-->b", "d-->b"));
  }

  @Test
  void completeGraphIsFullyUndirected() {
    Graph dag = Graphs.of("a b c d", "a-->b", "a-->c", "a-->d", "b-->c", "b-->d", "c-->d");
    assertThat(Cpdag.of(dag).edges()).allSatisfy(e -> assertThat(e.undirected()).isTrue());
  }

  @Test
  void rule4WithKnowledge() {
    // a—b, a—c, a—d, b—c, c—d undirected; knowledge d -> c and c -> b; b, d not adjacent => a -> b by rule 4
    Graph pdag = Graphs.of("a b c d", "a---b", "a---c", "a---d", "b---c", "c---d");
    Knowledge k = Knowledge.builder(pdag.nodes()).require("d", "c").require("c", "b").build();
    Graph out = Meek.orient(pdag, k, java.util.Set.of());
    assertThat(out.isDirected(out.index("a"), out.index("b"))).isTrue();
    assertThat(out.isUndirected(out.index("a"), out.index("c"))).isTrue();
    assertThat(out.isUndirected(out.index("a"), out.index("d"))).isTrue();
  }

  @Test
  void consistentExtensionIsInTheClass() {
    Graph cpdag = Graphs.of("A S T L B E X D", "A---T", "S---L", "S---B", "T-->E", "L-->E", "E-->X", "E-->D", "B-->D");
    Graph dag = Cpdag.consistentExtension(cpdag);
    assertThat(dag.isDag()).isTrue();
    assertThat(Cpdag.of(dag)).isEqualTo(cpdag);
    // a 4-cycle of undirected edges has no extension without a new v-structure
    assertThat(Cpdag.consistentExtension(Graphs.of("a b c d", "a---b", "b---c", "c---d", "d---a"))).isNull();
  }
}
