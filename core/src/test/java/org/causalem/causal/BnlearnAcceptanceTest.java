package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.SharedData;
import org.causalem.io.GraphFormats;
import org.causalem.io.TableReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PC-stable with the chi-square test at α = 0.05 on bnlearn's asia and child networks (10 000 rows)
 * returns exactly the adjacency matrix causal-learn returned on the same data.
 */
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
}
