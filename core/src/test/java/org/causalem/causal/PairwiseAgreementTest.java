package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.causalem.causal.PairwiseResult.Direction;
import org.junit.jupiter.api.Test;

class PairwiseAgreementTest {
  private static PairwiseResult r(String x, String y, String m, Direction d) { return new PairwiseResult(x, y, m, d, 0, 0, 0); }

  @Test
  void groupsByPairAndSaysWhetherTheDecidedMethodsAgree() {
    List<PairwiseAgreement> a = PairwiseAgreement.of(List.of(
        r("a", "b", "igci", Direction.X_CAUSES_Y), r("a", "b", "anm", Direction.UNDECIDED), r("a", "b", "reci", Direction.X_CAUSES_Y),
        r("a", "c", "igci", Direction.Y_CAUSES_X), r("a", "c", "reci", Direction.X_CAUSES_Y),
        r("b", "c", "igci", Direction.Y_CAUSES_X), r("b", "c", "reci", Direction.Y_CAUSES_X),
        r("c", "d", "anm", Direction.X_CAUSES_Y), r("c", "d", "igci", Direction.UNDECIDED)));
    assertThat(a).hasSize(4);
    assertThat(a.get(0).verdict()).isEqualTo("agree: a -> b");
    assertThat(a.get(0).directions()).containsEntry("anm", "undecided").containsEntry("reci", "a -> b");
    assertThat(a.get(1).verdict()).isEqualTo("split 1:1");
    assertThat(a.get(1).agree()).isFalse();
    assertThat(a.get(2).verdict()).isEqualTo("agree: c -> b");
    // one decided method is not agreement
    assertThat(a.get(3).verdict()).isEqualTo("split 1:0");
  }
}
