package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GraphComparisonTest {
  @Test
  void handCountedExample() {
    Graph truth = Graphs.of("A B C D", "A-->B", "B-->C", "C-->D");
    // A—B: adjacency TP, marks differ (truth has arrow at B): SHD 1; arrowhead at B missed
    // C-->B: adjacency TP, reversed: SHD 1; arrowhead at B false, arrowhead at C missed
    // A-->D: extra: SHD 1; arrowhead at D false positive
    // C-D: missing: SHD 1; arrowhead at D missed
    Graph est = Graphs.of("A B C D", "A---B", "C-->B", "A-->D");
    GraphComparison c = GraphComparison.compare(truth, est);
    assertThat(c.adjacencyTruePositives()).isEqualTo(2);
    assertThat(c.adjacencyFalsePositives()).isEqualTo(1);
    assertThat(c.adjacencyFalseNegatives()).isEqualTo(1);
    assertThat(c.adjacencyPrecision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(c.adjacencyRecall()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(c.arrowheadTruePositives()).isEqualTo(0);
    assertThat(c.arrowheadFalsePositives()).isEqualTo(2);
    assertThat(c.arrowheadFalseNegatives()).isEqualTo(3);
    assertThat(c.arrowheadPrecision()).isEqualTo(0.0);
    assertThat(c.arrowheadRecall()).isEqualTo(0.0);
    assertThat(c.structuralHammingDistance()).isEqualTo(4);
  }

  @Test
  void identicalGraphs() {
    Graph g = Graphs.of("A B C", "A-->B", "C-->B");
    GraphComparison c = GraphComparison.compare(g, g);
    assertThat(c.structuralHammingDistance()).isZero();
    assertThat(c.adjacencyPrecision()).isEqualTo(1.0);
    assertThat(c.arrowheadRecall()).isEqualTo(1.0);
    GraphComparison empty = GraphComparison.compare(new Graph(g.nodes()), new Graph(g.nodes()));
    assertThat(empty.adjacencyPrecision()).isNaN();
    assertThat(empty.structuralHammingDistance()).isZero();
  }

  @Test
  void partialArrowheadCredit() {
    Graph truth = Graphs.of("A B C", "A-->B", "C-->B");
    Graph est = Graphs.of("A B C", "A-->B", "B---C");
    GraphComparison c = GraphComparison.compare(truth, est);
    assertThat(c.arrowheadTruePositives()).isEqualTo(1);
    assertThat(c.arrowheadFalseNegatives()).isEqualTo(1);
    assertThat(c.arrowheadFalsePositives()).isEqualTo(0);
    assertThat(c.arrowheadPrecision()).isEqualTo(1.0);
    assertThat(c.arrowheadRecall()).isEqualTo(0.5);
    assertThat(c.structuralHammingDistance()).isEqualTo(1);
  }
}
