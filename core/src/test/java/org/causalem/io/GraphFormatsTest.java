package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.causalem.SharedData;
import org.causalem.causal.Cpdag;
import org.causalem.causal.EdgeKey;
import org.causalem.causal.Graph;
import org.causalem.causal.GraphComparison;
import org.causalem.causal.Mark;
import org.causalem.data.BadInputException;
import org.junit.jupiter.api.Test;

class GraphFormatsTest {
  private static Graph mixed() {
    Graph g = new Graph(List.of("A", "B", "C", "D", "E"));
    g.addDirected(0, 1);
    g.addUndirected(1, 2);
    g.addBidirected(2, 3);
    g.addEdge(4, 3, Mark.CIRCLE, Mark.ARROW);
    g.addEdge(0, 4, Mark.CIRCLE, Mark.CIRCLE);
    return g;
  }

  @Test
  void tetradTextRoundTrip() {
    Graph g = mixed();
    String text = GraphFormats.toTetrad(g);
    assertThat(text).startsWith("Graph Nodes:\nA;B;C;D;E\n\nGraph Edges:\n1. ");
    assertThat(text).contains(". A --> B\n", ". B --- C\n", ". C <-> D\n", ". E o-> D\n", ". A o-o E\n");
    assertThat(GraphFormats.parseTetrad(text, "t")).isEqualTo(g);
  }

  @Test
  void tetradTextRejectsUnknownNodeAndType() {
    assertThatThrownBy(() -> GraphFormats.parseTetrad("Graph Nodes:\nA;B\n\nGraph Edges:\n1. A --> Z\n", "g.txt"))
        .isInstanceOf(BadInputException.class).hasMessageContaining("g.txt line 5").hasMessageContaining("'Z'");
    assertThatThrownBy(() -> GraphFormats.parseTetrad("Graph Nodes:\nA;B\n\nGraph Edges:\n1. A ==> B\n", "g.txt"))
        .isInstanceOf(BadInputException.class).hasMessageContaining("'==>'");
    assertThatThrownBy(() -> GraphFormats.parseTetrad("nodes A B", "g.txt")).isInstanceOf(BadInputException.class);
  }

  @Test
  void causalLearnMatrixRoundTrip() {
    Graph g = mixed();
    String m = GraphFormats.toCausalLearnMatrix(g);
    // A --> B: [A][B] = -1 (tail at A), [B][A] = 1 (arrowhead at B)
    assertThat(m.split("\n")[0]).isEqualTo("0 -1 0 0 2");
    assertThat(m.split("\n")[1]).isEqualTo("1 0 -1 0 0");
    assertThat(GraphFormats.parseCausalLearnMatrix(m, g.nodes(), "m")).isEqualTo(g);
    assertThatThrownBy(() -> GraphFormats.parseCausalLearnMatrix("0 1\n0 0\n", List.of("a", "b"), "m.txt"))
        .isInstanceOf(BadInputException.class).hasMessageContaining("disagree");
  }

  @Test
  void jsonRoundTripAndDot() {
    Graph g = mixed();
    String json = Json.toString(GraphFormats.toJsonDocument("pc", g, GraphFormats.plainEdges(g), 7L, Map.of("alpha", 0.05)));
    assertThat(json).contains("\"method\" : \"pc\"", "\"seed\" : 7", "\"type\" : \"o->\"", "\"confidence\" : null");
    assertThat(GraphFormats.parseJson(json, "graph.json")).isEqualTo(g);
    String dot = GraphFormats.toDot(g, Map.of(new EdgeKey("A", "B"), "0.93"));
    assertThat(dot).contains("\"A\" -> \"B\" [dir=both, arrowtail=none, arrowhead=normal, label=\"0.93\"]");
    assertThat(dot).contains("\"E\" -> \"D\" [dir=both, arrowtail=odot, arrowhead=normal]");
  }

  @Test
  void bnlearnTruthFilesAndCausalLearnScores() throws Exception {
    // MANIFEST: causal-learn's PC output against the true CPDAG scores asia skeleton TP 5, FP 1, FN 3, SHD 5;
    // child skeleton perfect, SHD 9
    Graph asia = GraphFormats.parseTetrad(Files.readString(SharedData.causal("bnlearn10000/asia.truth_dag.txt")), "asia");
    assertThat(asia.nodes()).containsExactly("X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8");
    assertThat(asia.edgeCount()).isEqualTo(8);
    assertThat(asia.isDag()).isTrue();
    assertThat(asia.isDirected(asia.index("X6"), asia.index("X8"))).isTrue();
    Graph asiaPc = GraphFormats.parseCausalLearnMatrix(
        Files.readString(SharedData.causal("bnlearn10000/asia.pc_chisq_0.05_stable.expected.txt")), asia.nodes(), "asia pc");
    GraphComparison c = GraphComparison.compare(Cpdag.of(asia), asiaPc);
    assertThat(c.adjacencyTruePositives()).isEqualTo(5);
    assertThat(c.adjacencyFalsePositives()).isEqualTo(1);
    assertThat(c.adjacencyFalseNegatives()).isEqualTo(3);
    assertThat(c.structuralHammingDistance()).isEqualTo(5);

    Graph child = GraphFormats.parseTetrad(Files.readString(SharedData.causal("bnlearn10000/child.truth_dag.txt")), "child");
    assertThat(child.size()).isEqualTo(20);
    assertThat(child.edgeCount()).isEqualTo(25);
    Graph childPc = GraphFormats.parseCausalLearnMatrix(
        Files.readString(SharedData.causal("bnlearn10000/child.pc_chisq_0.05_stable.expected.txt")), child.nodes(), "child pc");
    GraphComparison cc = GraphComparison.compare(Cpdag.of(child), childPc);
    assertThat(cc.adjacencyFalsePositives() + cc.adjacencyFalseNegatives()).isZero();
    assertThat(cc.structuralHammingDistance()).isEqualTo(9);
  }
}
