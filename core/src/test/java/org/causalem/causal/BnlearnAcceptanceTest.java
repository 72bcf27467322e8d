package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.SharedData;
import org.causalem.io.GraphFormats;
import org.causalem.io.TableReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;

/**
 * PC-stable with the chi-square test at α = 0.05 on bnlearn's asia and child networks (10 000 rows)
 * returns exactly the adjacency matrix causal-learn returned on the same data.
 */
@Tag("slow")
class BnlearnAcceptanceTest {
  @ParameterizedTest
  @ValueSource(strings = {"asia", "child"})
  void pcStableChiSquareMatchesCausalLearn(String network) throws Exception {
    Path data = SharedData.causal("bnlearn10000/" + network + ".data.txt");
    Path expectedFile = SharedData.causal("bnlearn10000/" + network + ".pc_chisq_0.05_stable.expected.txt");
    TableReader.Result table = TableReader.read(data);
    Graph out = new PcStable(PcStable.Options.defaults()).search(new ChiSquareTest(table.table(), 0.05));
    Graph expected = GraphFormats.parseCausalLearnMatrix(Files.readString(expectedFile), table.table().names(), expectedFile.toString());
    assertThat(GraphFormats.toCausalLearnMatrix(out)).isEqualTo(GraphFormats.toCausalLearnMatrix(expected));
  }

  /**
   * FCI on the same data: the adjacencies and every arrowhead agree with causal-learn's FCI, and every
   * tail we orient causal-learn orients too. causal-learn puts a few more tails (asia X4 --> X6, child
   * X18 --> X6, X15 --> X12, X18 --> X12) where Zhang's rules leave a circle: e.g. in asia X4 o-> X6 has
   * no uncovered potentially directed path to fire R9/R10 (X6's only other neighbour is X2), so we keep
   * the circle.
   */
  @ParameterizedTest
  @ValueSource(strings = {"asia", "child"})
  void fciAgreesWithCausalLearnOnAdjacenciesAndArrowheads(String network) throws Exception {
    Path data = SharedData.causal("bnlearn10000/" + network + ".data.txt");
    Path expectedFile = SharedData.causal("bnlearn10000/" + network + ".fci_chisq_0.05.expected.txt");
    TableReader.Result table = TableReader.read(data);
    Graph out = new Fci(Fci.Options.defaults()).search(new ChiSquareTest(table.table(), 0.05));
    Graph expected = GraphFormats.parseCausalLearnMatrix(Files.readString(expectedFile), table.table().names(), expectedFile.toString());
    GraphComparison c = GraphComparison.compare(expected, out);
    assertThat(c.adjacencyFalsePositives() + c.adjacencyFalseNegatives()).isZero();
    assertThat(c.arrowheadFalsePositives() + c.arrowheadFalseNegatives()).isZero();
    int n = out.size();
    int extraTails = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (!out.adjacent(i, j)) continue;
        if (out.mark(i, j) == Mark.TAIL) assertThat(expected.mark(i, j)).isEqualTo(Mark.TAIL);
        if (expected.mark(i, j) == Mark.TAIL && out.mark(i, j) == Mark.CIRCLE) extraTails++;
      }
    }
    assertThat(extraTails).isEqualTo(network.equals("asia") ? 1 : 3);
  }
}
