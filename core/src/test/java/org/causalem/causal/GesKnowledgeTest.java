package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/** GES keeps to background knowledge: tiers orient, forbidden inserts are skipped, required edges stay. */
class GesKnowledgeTest {
  /** x → y → z, w independent; n = 5000. */
  private static DescriptorTable chain() {
    SplittableRandom r = new SplittableRandom(4);
    int n = 5000;
    double[][] c = new double[4][n];
    for (int i = 0; i < n; i++) {
      c[0][i] = BicScoreTest.normal(r);
      c[1][i] = 0.8 * c[0][i] + BicScoreTest.normal(r);
      c[2][i] = 0.8 * c[1][i] + BicScoreTest.normal(r);
      c[3][i] = BicScoreTest.normal(r);
    }
    return DescriptorTable.of(List.of("x", "y", "z", "w"), c);
  }

  private static Graph ges(DescriptorTable d, String prior) {
    Knowledge k = prior == null ? null : Knowledge.parse(prior, d.names(), "p");
    return new Ges(Ges.Options.defaults().withKnowledge(k)).search(new BicScore(d, BicScore.Options.defaults()));
  }

  @Test
  void withoutKnowledgeTheChainIsUndirected() {
    assertThat(ges(chain(), null)).isEqualTo(Graphs.of("x y z w", "x---y", "y---z"));
  }

  @Test
  void tiersOrientTheChain() {
    assertThat(ges(chain(), "tier 1: x\ntier 2: y\ntier 3: z")).isEqualTo(Graphs.of("x y z w", "x-->y", "y-->z"));
  }

  @Test
  void forbiddenDirectionIsNeverUsed() {
    Graph g = ges(chain(), "forbid x -> y\nforbid y -> x");
    assertThat(g.adjacent(0, 1)).isFalse();
    assertThat(ges(chain(), "forbid y -> z")).isEqualTo(Graphs.of("x y z w", "z-->y", "y-->x"));
  }

  @Test
  void requiredEdgeIsKeptEvenWithoutSupport() {
    Graph g = ges(chain(), "require w -> z");
    assertThat(g.isDirected(3, 2)).isTrue();
    assertThat(g.adjacent(0, 1)).isTrue();
    assertThat(g.adjacent(1, 2)).isTrue();
  }
}
