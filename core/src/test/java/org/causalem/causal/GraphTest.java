package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {
  // A -> B -> C, A -> D <- C, D -> E (a textbook DAG with a collider at D)
  private static Graph sample() {
    Graph g = new Graph(List.of("A", "B", "C", "D", "E"));
    g.addDirected(0, 1);
    g.addDirected(1, 2);
    g.addDirected(0, 3);
    g.addDirected(2, 3);
    g.addDirected(3, 4);
    return g;
  }

  @Test
  void chainIsBlockedByItsMiddleAndOpenedByColliderDescendant() {
    Graph g = sample();
    assertThat(g.dSeparated(0, 2, new int[] {})).isFalse();          // A -> B -> C open
    assertThat(g.dSeparated(0, 2, new int[] {1})).isTrue();          // blocked by B; A->D<-C closed
    assertThat(g.dSeparated(0, 2, new int[] {1, 3})).isFalse();      // conditioning on collider D opens it
    assertThat(g.dSeparated(0, 2, new int[] {1, 4})).isFalse();      // so does its descendant E
    assertThat(g.dSeparated(1, 4, new int[] {3})).isTrue();
    assertThat(g.dSeparated(1, 4, new int[] {})).isFalse();
  }

  @Test
  void bidirectedEdgeActsAsLatentCommonCause() {
    Graph g = new Graph(List.of("X", "Y", "Z"));
    g.addBidirected(0, 1);
    g.addDirected(1, 2);
    assertThat(g.dSeparated(0, 2, new int[] {})).isFalse();
    assertThat(g.dSeparated(0, 2, new int[] {1})).isTrue();
  }

  @Test
  void topologyQueries() {
    Graph g = sample();
    assertThat(g.isDag()).isTrue();
    assertThat(g.parents(3)).containsExactly(0, 2);
    assertThat(g.children(0)).containsExactly(1, 3);
    assertThat(g.isAncestor(0, 4)).isTrue();
    assertThat(g.isAncestor(4, 0)).isFalse();
    assertThat(g.edgeCount()).isEqualTo(5);
    g.addDirected(4, 0);
    assertThat(g.topologicalOrder()).isNull();
    assertThat(g.edges()).anySatisfy(e -> assertThat(e.type()).isEqualTo(EdgeType.DIRECTED));
  }
}
