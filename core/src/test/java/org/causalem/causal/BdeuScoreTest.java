package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

class BdeuScoreTest extends ScoreContract {
  @Override DescriptorTable chain(long seed) { return DiscreteChains.chain(seed, 2000); }

  @Override Score create(DescriptorTable data) { return new BdeuScore(data, BdeuScore.Options.defaults()); }

  @Test
  void smallExampleMatchesTheClosedForm() {
    // X binary without parents, counts 3 and 1, α = 2: ln Γ(2) − ln Γ(6) + ln Γ(1+3) − ln Γ(1) + ln Γ(1+1) − ln Γ(1)
    // = 0 − ln 120 + ln 6 + 0
    DescriptorTable t = DescriptorTable.of(List.of("X", "Y"), new double[][] {{0, 0, 0, 1}, {0, 1, 0, 1}});
    BdeuScore s = new BdeuScore(t, new BdeuScore.Options(2, 0));
    double expected = -Math.log(120) + Math.log(6);
    assertThat(s.localScore(0, new int[0])).isCloseTo(expected, within(1e-12));
    // X given Y (q = 2, α_j = 1, α_jk = 0.5): Y=0 → X counts (2, 0); Y=1 → X counts (1, 1)
    // per configuration: ln Γ(1) − ln Γ(1 + N_j) + Σ_k [ln Γ(0.5 + N_jk) − ln Γ(0.5)]
    double g05 = Math.log(Math.sqrt(Math.PI));
    double y0 = 0 - Math.log(2) + (Math.log(0.75 * Math.sqrt(Math.PI)) - g05);          // Γ(2.5) = 0.75√π
    double y1 = 0 - Math.log(2) + 2 * (Math.log(0.5 * Math.sqrt(Math.PI)) - g05);     // Γ(1.5) = 0.5√π
    assertThat(s.localScore(0, new int[] {1})).isCloseTo(y0 + y1, within(1e-12));
  }

  @Test
  void structurePriorPenalisesParents() {
    DescriptorTable t = chain(5);
    BdeuScore flat = new BdeuScore(t, new BdeuScore.Options(1, 0));
    BdeuScore prior = new BdeuScore(t, new BdeuScore.Options(1, 1));
    // p = 4 → 3 candidate parents, each present with probability 1/3
    double delta = prior.localScore(1, new int[] {0}) - flat.localScore(1, new int[] {0});
    assertThat(delta).isCloseTo(Math.log(1.0 / 3) + 2 * Math.log(2.0 / 3), within(1e-12));
  }
}
