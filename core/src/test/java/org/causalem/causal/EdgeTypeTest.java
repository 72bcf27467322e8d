package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EdgeTypeTest {
  @Test
  void symbolsMarksAndReversal() {
    assertThat(EdgeType.DIRECTED.symbol()).isEqualTo("-->");
    assertThat(EdgeType.REVERSED.symbol()).isEqualTo("<--");
    assertThat(EdgeType.BIDIRECTED.symbol()).isEqualTo("<->");
    assertThat(EdgeType.CIRCLE_ARROW.symbol()).isEqualTo("o->");
    assertThat(EdgeType.TAIL_CIRCLE.symbol()).isEqualTo("--o");
    assertThat(EdgeType.DIRECTED.reversed()).isEqualTo(EdgeType.REVERSED);
    assertThat(EdgeType.CIRCLE_ARROW.reversed()).isEqualTo(EdgeType.ARROW_CIRCLE);
    assertThat(EdgeType.UNDIRECTED.reversed()).isEqualTo(EdgeType.UNDIRECTED);
    for (EdgeType t : EdgeType.values()) {
      assertThat(EdgeType.of(t.atFrom(), t.atTo())).isEqualTo(t);
      assertThat(EdgeType.parse(t.symbol())).isEqualTo(t);
      assertThat(t.reversed().reversed()).isEqualTo(t);
      assertThat(t).hasToString(t.symbol());
    }
    assertThat(new Edge(0, 1, Mark.TAIL, Mark.ARROW).type()).isEqualTo(EdgeType.DIRECTED);
    assertThatThrownBy(() -> EdgeType.parse("->")).hasMessageContaining("'->'").hasMessageContaining("-->");
  }

  @Test
  void edgeKeysAreValuesAndReadAsResultsJsonKeys() {
    assertThat(new EdgeKey("a", "b")).isEqualTo(new EdgeKey("a", "b")).isNotEqualTo(new EdgeKey("b", "a"));
    assertThat(new EdgeKey("a", "b").reversed()).isEqualTo(new EdgeKey("b", "a"));
    assertThat(new EdgeKey("intensity_A", "a_px")).hasToString("intensity_A→a_px");
  }
}
