package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/** The scan-aware bootstrap: odd replicates resample whole scan-line strips, even ones square blocks. */
class ScanBootstrapTest {
  @Test
  void stripsHoldWholeScanLinesAcrossTheFullWidth() {
    int n = 40 * 25;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) y[i] = i / 40; // 25 scan rows of 40 cells
    int[][] strips = Bootstrap.strips(n, y, 2);
    assertThat(strips).hasNumberOfRows(13); // rows 0-1, 2-3, ..., 24
    for (int[] s : strips) {
      Set<Integer> lines = new HashSet<>();
      for (int r : s) lines.add((int) y[r] / 2);
      assertThat(lines).hasSize(1);
      assertThat(s.length % 40).isZero(); // every cell of its lines
    }
  }

  @Test
  void oddReplicatesDrawStripsEvenOnesSquares() {
    int n = 40 * 25;
    double[][] cols = new double[2][n];
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 40;
      y[i] = i / 40;
      cols[0][i] = i;
      cols[1][i] = -i;
    }
    DescriptorTable d = DescriptorTable.of(List.of("row", "neg"), cols);
    // the probe marks a replicate made only of whole scan lines (every line fully present or absent, 40 cells)
    Function<DescriptorTable, Graph> probe = t -> {
      Graph g = new Graph(t.names());
      int[] perLine = new int[25];
      for (double r : t.column("row")) perLine[(int) r / 40]++;
      boolean whole = true;
      for (int c : perLine) whole &= c % 40 == 0;
      if (whole) g.addUndirected(0, 1);
      return g;
    };
    BootstrapResult r = new Bootstrap(new Bootstrap.Options(20, 3, 2)).runScanAware(d, x, y, 5, 2, probe);
    // strips (10 of 20 replicates) always give whole lines; 5 × 5 squares cut lines into 8 pieces and almost never do
    assertThat(r.edgeFrequency(0, 1)).isBetween(0.5, 0.55);
    assertThat(new Bootstrap(new Bootstrap.Options(20, 3, 1)).runScanAware(d, x, y, 5, 2, probe).table()).isEqualTo(r.table());
  }
}
