package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.causalem.data.Axis;
import org.causalem.simulate.EelsSimulator;
import org.junit.jupiter.api.Test;

class EdgeMapperTest {
  static EelsSimulator.CoreLoss simulate(boolean noise, long seed) {
    Axis energy = new Axis("energy", 1100, 230, 0.5, "eV");
    List<Edge> edges = List.of(EdgeTable.find("C-K"), EdgeTable.find("Ti-L23"), EdgeTable.find("O-K"));
    return EelsSimulator.coreLoss(new EelsSimulator.CoreLossOptions(24, 20, energy, edges, 2.0e5, 3.0, 0.6, 0.3, 1.5,
        noise, seed));
  }

  @Test
  void edgeMapsCorrelateWithTheTrueEdgeMaps() {
    EelsSimulator.CoreLoss sim = simulate(true, 11);
    EdgeMapper mapper = new EdgeMapper(EdgeMapper.Options.defaults());
    for (String name : List.of("C-K", "Ti-L23", "O-K")) {
      EdgeMapper.EdgeMap map = mapper.map(sim.image(), EdgeTable.find(name));
      double r = Stats.correlation(map.signal(), sim.edgeAmplitude().get(name));
      assertThat(r).as("correlation of %s map with truth", name).isGreaterThanOrEqualTo(0.99);
    }
  }

  @Test
  void fittedExponentMatchesTheTrueBackgroundBeforeTheFirstEdge() {
    EelsSimulator.CoreLoss sim = simulate(false, 5);
    EdgeMapper.EdgeMap map = new EdgeMapper(EdgeMapper.Options.defaults()).map(sim.image(), EdgeTable.find("C-K"));
    for (int p = 0; p < map.exponent().length; p++) {
      assertThat((double) map.exponent()[p]).isCloseTo(sim.backgroundExponent()[p], org.assertj.core.api.Assertions.within(1e-3));
    }
  }

  @Test
  void heavyElementMEdgesAreMappedFromTheTable() {
    Axis energy = new Axis("energy", 900, 980, 1.0, "eV");
    List<Edge> edges = List.of(EdgeTable.find("Sm-M45"), EdgeTable.find("Mg-K"));
    EelsSimulator.CoreLoss sim = EelsSimulator.coreLoss(new EelsSimulator.CoreLossOptions(16, 12, energy, edges, 5e4, 3.5,
        0.5, 0.4, 1.5, true, 8));
    EdgeMapper mapper = new EdgeMapper(EdgeMapper.Options.defaults());
    for (Edge e : edges) {
      assertThat(Stats.correlation(mapper.map(sim.image(), e).signal(), sim.edgeAmplitude().get(e.name())))
          .as("correlation of %s map with truth", e.name()).isGreaterThanOrEqualTo(0.99);
    }
  }

  @Test
  void edgeOutsideTheAxisIsRejected() {
    EelsSimulator.CoreLoss sim = simulate(false, 5);
    assertThatThrownBy(() -> new EdgeMapper(EdgeMapper.Options.defaults()).map(sim.image(), EdgeTable.find("Bi-M45")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bi-M45").hasMessageContaining("covers");
  }
}
