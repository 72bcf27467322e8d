package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LatticeConstantTest {
  @Test
  void readsLengthsInEveryUnit() {
    assertThat(LatticeConstant.parseNm("3.905A")).isCloseTo(0.3905, Offset.offset(1e-12));
    assertThat(LatticeConstant.parseNm("3.905 Å")).isCloseTo(0.3905, Offset.offset(1e-12));
    assertThat(LatticeConstant.parseNm("0.3905nm")).isCloseTo(0.3905, Offset.offset(1e-12));
    assertThat(LatticeConstant.parseNm("390.5pm")).isCloseTo(0.3905, Offset.offset(1e-12));
    assertThat(LatticeConstant.parseNm("3.905e-4um")).isCloseTo(0.3905, Offset.offset(1e-12));
  }

  @Test
  void rejectsMissingOrUnknownUnitsAndNonPositiveValues() {
    assertThatThrownBy(() -> LatticeConstant.parseNm("3.905")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3.905").hasMessageContaining("nm");
    assertThatThrownBy(() -> LatticeConstant.parseNm("3.9furlong")).hasMessageContaining("furlong");
    assertThatThrownBy(() -> LatticeConstant.parseNm("0nm")).hasMessageContaining("out of range").hasMessageContaining("0.5 Å to 10 nm");
    assertThatThrownBy(() -> LatticeConstant.parseNm("1e400A")).hasMessageContaining("'1e400A' is out of range");
    assertThatThrownBy(() -> LatticeConstant.parseNm("2m")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatticeConstant.parseNm("-1nm")).isInstanceOf(IllegalArgumentException.class);
  }
}
