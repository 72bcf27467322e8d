package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.causalem.causal.Knowledge;
import org.causalem.causal.LingamPrior;
import org.junit.jupiter.api.Test;

class LingamPriorMappingTest {
  @Test
  void tiersAndForbiddenBecomeNoPathRequiredBecomesPath() {
    List<String> v = List.of("a", "b", "c", "d");
    Knowledge k = Knowledge.parse("tier 1: a\ntier 2: b\nrequire c -> d\nforbid d -> a\n", v, "p");
    LingamPrior p = DiscoverAnalysis.lingamPrior(k, 4);
    // path(i, j): is j an ancestor of i
    assertThat(p.path(0, 1)).isEqualTo(LingamPrior.ABSENT);   // b (tier 2) cannot cause a (tier 1)
    assertThat(p.path(1, 0)).isEqualTo(LingamPrior.UNKNOWN);  // a may cause b
    assertThat(p.path(3, 2)).isEqualTo(LingamPrior.PRESENT);  // c -> d required
    assertThat(p.path(0, 3)).isEqualTo(LingamPrior.ABSENT);   // d -> a forbidden
    assertThat(p.path(2, 0)).isEqualTo(LingamPrior.UNKNOWN);  // c has no tier: unconstrained
    assertThat(p.path(0, 2)).isEqualTo(LingamPrior.UNKNOWN);
  }
}
