package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.causalem.causal.Effects;
import org.junit.jupiter.api.Test;

/** Which plain-words verdict the confounding check gives, for estimates with known numbers. */
class ConfoundingSentenceTest {
  private static Effects.Estimate estimate(List<String> set, double adjusted, double adjustedSe, double naive, boolean confounded) {
    return new Effects.Estimate("x", "y", true, List.of(set), true, set, adjusted, adjustedSe, naive, 0.01, confounded);
  }

  @Test
  void noPathAndTheAdjustmentRemovesTheAssociationIsACommonCause() {
    // the demo's a_px / polarization_y_px: naive −0.186, adjusted 0.021 ± 0.018 (within 2 SE of 0)
    String s = ConfoundingCheck.sentence("x", "y", -0.43, false, estimate(List.of("z"), 0.021, 0.018, -0.186, true));
    assertThat(s).contains("comes from a common cause").contains("adjusting for z");
  }

  @Test
  void noPathButTheAssociationSurvivesIsUnexplained() {
    // the survey image's intensity_A / intensity_B: nothing to adjust for, 0.718 ± 0.098 remains
    String s = ConfoundingCheck.sentence("x", "y", 0.35, false, estimate(List.of(), 0.718, 0.098, 0.718, false));
    assertThat(s).contains("does not explain this association").contains("adjusting for nothing").doesNotContain("common cause;");
  }

  @Test
  void withAPathTheVerdictFollowsTheConfoundingFlag() {
    assertThat(ConfoundingCheck.sentence("x", "y", 0.5, true, estimate(List.of("a", "b"), 2.4e-8, 6.5e-9, 5e-8, true)))
        .contains("part of the correlation is confounding").contains("adjusted for a, b");
    assertThat(ConfoundingCheck.sentence("x", "y", 0.5, true, estimate(List.of(), 0.40, 0.02, 0.41, false)))
        .contains("agree");
  }
}
