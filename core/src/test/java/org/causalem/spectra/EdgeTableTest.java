package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
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
    assertThat(EdgeTable.find("Sr-M45").onsetEv()).isEqualTo(134);
    assertThat(EdgeTable.find("Sm-M45").onsetEv()).isEqualTo(1080);
    assertThat(EdgeTable.find("Bi-M45").onsetEv()).isEqualTo(2580);
  }

  /**
   * Every edge of the table against the Gatan EELS atlas onsets (lower edge of a pair: L3, M5), typed
   * here from the atlas; the heavy-element M5 values also match the X-ray Data Booklet's 3d5/2 binding
   * energies within 1 eV (Sr 134.2, Ba 780.5, La 832, Ce 883.8, Sm 1080.2, Au 2206, Bi 2580).
   */
  @Test
  void everyEdgeMatchesTheAtlas() {
    Map<String, Double> atlas = Map.ofEntries(
        Map.entry("Li-K", 55.0), Map.entry("Al-L23", 73.0), Map.entry("Si-L23", 99.2), Map.entry("Sr-M45", 134.0),
        Map.entry("S-L23", 165.0), Map.entry("B-K", 188.0), Map.entry("Sr-M23", 269.0), Map.entry("C-K", 284.0),
        Map.entry("Ca-L23", 346.0), Map.entry("N-K", 401.0), Map.entry("Ti-L23", 456.0), Map.entry("V-L23", 513.0),
        Map.entry("O-K", 532.0), Map.entry("Cr-L23", 575.0), Map.entry("Mn-L23", 640.0), Map.entry("F-K", 685.0),
        Map.entry("Fe-L23", 708.0), Map.entry("Co-L23", 779.0), Map.entry("Ba-M45", 781.0), Map.entry("La-M45", 832.0),
        Map.entry("Ni-L23", 855.0), Map.entry("Ce-M45", 883.0), Map.entry("Cu-L23", 931.0), Map.entry("Sm-M45", 1080.0),
        Map.entry("Mg-K", 1305.0), Map.entry("Al-K", 1560.0), Map.entry("Si-K", 1839.0), Map.entry("Sr-L3", 1940.0),
        Map.entry("Au-M45", 2206.0), Map.entry("Bi-M45", 2580.0));
    assertThat(EdgeTable.all()).extracting(Edge::name).containsExactlyInAnyOrderElementsOf(atlas.keySet());
    for (Edge e : EdgeTable.all()) {
      assertThat((double) e.onsetEv()).as(e.name()).isCloseTo(atlas.get(e.name()), within(1.0));
    }
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
