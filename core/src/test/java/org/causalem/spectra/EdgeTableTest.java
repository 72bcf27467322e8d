package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeTableTest {
  @Test
  void namedEdgesHaveTheirTabulatedOnsets() {
    assertThat(EdgeTable.find("C-K").onsetEv()).isEqualTo(284);
    assertThat(EdgeTable.find("N-K").onsetEv()).isEqualTo(401);
    assertThat(EdgeTable.find("Ti-L23").onsetEv()).isEqualTo(456);
    assertThat(EdgeTable.find("O-K").onsetEv()).isEqualTo(532);
    assertThat(EdgeTable.find("Mn-L23").onsetEv()).isEqualTo(640);
    assertThat(EdgeTable.find("Fe-L23").onsetEv()).isEqualTo(708);
    assertThat(EdgeTable.find("Sr-M45").onsetEv()).isEqualTo(133);
    assertThat(EdgeTable.find("Sm-M45").onsetEv()).isEqualTo(1080);
    assertThat(EdgeTable.find("Bi-M45").onsetEv()).isEqualTo(2580);
  }

  @Test
  void lookupIgnoresCaseAndPunctuation() {
    assertThat(EdgeTable.find("ti_l2,3").name()).isEqualTo("Ti-L23");
    assertThat(EdgeTable.find(List.of("o k", " Fe-L23 "))).extracting(Edge::name).containsExactly("O-K", "Fe-L23");
  }

  @Test
  void unknownEdgeIsRejectedWithTheKnownNames() {
    assertThatThrownBy(() -> EdgeTable.find("Xx-K")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Xx-K").hasMessageContaining("Ti-L23");
  }

  @Test
  void tableIsSortedByOnset() {
    List<Edge> all = EdgeTable.all();
    for (int i = 1; i < all.size(); i++) assertThat(all.get(i).onsetEv()).isGreaterThanOrEqualTo(all.get(i - 1).onsetEv());
    assertThat(EdgeTable.within(400, 540)).extracting(Edge::name).containsExactly("N-K", "Ti-L23", "V-L23", "O-K");
  }
}
