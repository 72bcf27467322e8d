package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeTest {
  private static final List<String> V = List.of("comp", "strain", "tet", "pol");

  @Test
  void parsesTiersRequiredAndForbidden() {
    Knowledge k = Knowledge.parse("""
        # physics priors
        tier 1: comp
        tier 2: strain, tet   # two in one tier
        require strain --> pol
        forbid pol -> tet
        """, V, "PRIOR.txt");
    assertThat(k.tier(0)).isEqualTo(1);
    assertThat(k.tier(3)).isEqualTo(-1);
    assertThat(k.isForbidden(1, 0)).isTrue();   // later tier cannot cause an earlier one
    assertThat(k.isForbidden(0, 1)).isFalse();
    assertThat(k.isForbidden(1, 2)).isFalse();  // same tier: either way
    assertThat(k.isRequired(1, 3)).isTrue();
    assertThat(k.isForbidden(3, 2)).isTrue();
    assertThat(k.isForbidden(3, 0)).isFalse();  // untiered variables are unconstrained
    assertThat(k.allows(3, 1)).isFalse();       // the reverse of a required edge
    assertThat(Knowledge.parse(k.toText(), V, "again").toText()).isEqualTo(k.toText());
  }

  @Test
  void errorsNameTheLineAndTheProblem() {
    assertThatThrownBy(() -> Knowledge.parse("tier 1: comp\ntier x: pol", V, "PRIOR.txt"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PRIOR.txt line 2").hasMessageContaining("'x'");
    assertThatThrownBy(() -> Knowledge.parse("require comp pol", V, "PRIOR.txt"))
        .hasMessageContaining("line 1").hasMessageContaining("require a -> b");
    assertThatThrownBy(() -> Knowledge.parse("forbid comp -> volume", V, "PRIOR.txt")).hasMessageContaining("'volume'");
    assertThatThrownBy(() -> Knowledge.parse("maybe comp -> pol", V, "PRIOR.txt")).hasMessageContaining("expected 'tier K");
    assertThatThrownBy(() -> Knowledge.parse("tier 2: comp\ntier 1: pol\nrequire comp -> pol", V, "PRIOR.txt"))
        .hasMessageContaining("requires and forbids comp -> pol");
    assertThatThrownBy(() -> Knowledge.parse("tier 1: comp\ntier 2: comp", V, "PRIOR.txt")).hasMessageContaining("already in tier 1");
  }
}
