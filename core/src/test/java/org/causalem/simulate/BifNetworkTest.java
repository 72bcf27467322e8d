package org.causalem.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.causalem.SharedData;
import org.causalem.causal.Graph;
import org.causalem.data.BadInputException;
import org.causalem.table.DescriptorTable;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

class BifNetworkTest {
  @Test
  void asiaHasTheTextbookStructureAndTables() throws Exception {
    BifNetwork net = BifNetwork.read(SharedData.causal("bif/asia.bif"));
    assertThat(net.variables()).containsExactly("asia", "tub", "smoke", "lung", "bronc", "either", "xray", "dysp");
    Graph g = net.dag();
    assertThat(g.edgeCount()).isEqualTo(8);
    assertThat(g.isDirected(net.variables().indexOf("asia"), net.variables().indexOf("tub"))).isTrue();
    assertThat(g.isDirected(net.variables().indexOf("either"), net.variables().indexOf("dysp"))).isTrue();
    int tub = net.variables().indexOf("tub");
    // P(tub = yes | asia = yes) = 0.05 in the file
    assertThat(net.probability(tub, new int[] {0}, 0)).isEqualTo(0.05);
    assertThat(net.states(tub)).containsExactly("yes", "no");
  }

  @Test
  void sampledConditionalFrequenciesFitTheTables() throws Exception {
    for (String name : new String[] {"asia", "child"}) {
      BifNetwork net = BifNetwork.read(SharedData.causal("bif/" + name + ".bif"));
      DescriptorTable data = net.sample(40_000, new SplittableRandom(2024));
      // Pearson goodness of fit of every CPT row with ≥ 200 samples, pooled per network
      double chi2 = 0;
      int df = 0;
      for (int v = 0; v < net.variables().size(); v++) {
        int[] pa = net.parents(v);
        int k = net.states(v).size();
        int configs = 1;
        for (int p : pa) configs *= net.states(p).size();
        int[][] counts = new int[configs][k];
        for (int r = 0; r < data.rows(); r++) {
          int c = 0;
          for (int p : pa) c = c * net.states(p).size() + (int) data.columns()[p][r];
          counts[c][(int) data.columns()[v][r]]++;
        }
        for (int c = 0; c < configs; c++) {
          int total = 0;
          for (int s = 0; s < k; s++) total += counts[c][s];
          if (total < 200) continue;
          int[] states = decode(c, pa, net);
          int used = 0;
          for (int s = 0; s < k; s++) {
            double e = total * net.probability(v, states, s);
            if (e == 0) {
              assertThat(counts[c][s]).isZero();
              continue;
            }
            chi2 += (counts[c][s] - e) * (counts[c][s] - e) / e;
            used++;
          }
          df += used - 1;
        }
      }
      double p = 1 - new ChiSquaredDistribution(df).cumulativeProbability(chi2);
      assertThat(p).as(name + ": chi2 " + chi2 + " on " + df + " df").isGreaterThan(0.001);
    }
  }

  private static int[] decode(int c, int[] pa, BifNetwork net) {
    int[] s = new int[pa.length];
    for (int k = pa.length - 1; k >= 0; k--) {
      int m = net.states(pa[k]).size();
      s[k] = c % m;
      c /= m;
    }
    return s;
  }

  @Test
  void aWrongTableIsRejectedWithItsLine() {
    String bif = "network x {\n}\nvariable a {\n  type discrete [ 2 ] { u, v };\n}\nprobability ( a ) {\n  table 0.5, 0.6;\n}\n";
    assertThatThrownBy(() -> BifNetwork.parse(bif, "x.bif")).isInstanceOf(BadInputException.class)
        .hasMessageContaining("x.bif").hasMessageContaining("sums to");
    String bad = "variable a {\n  type discrete [ 2 ] { u, v };\n}\nprobability ( b ) {\n  table 0.5, 0.5;\n}\n";
    assertThatThrownBy(() -> BifNetwork.parse(bad, "y.bif")).isInstanceOf(BadInputException.class).hasMessageContaining("line 4");
  }

  @Test
  void samplingIsReproducible() throws Exception {
    BifNetwork net = BifNetwork.read(SharedData.causal("bif/cancer.bif"));
    assertThat(net.sample(500, new SplittableRandom(1)).columns()).isDeepEqualTo(net.sample(500, new SplittableRandom(1)).columns());
  }
}
