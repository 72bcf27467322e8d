package org.causalem.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.causalem.causal.Graph;
import org.junit.jupiter.api.Test;

class RandomDagTest {
  @Test
  void isAcyclicWithTheExpectedDegreeAndReproducible() {
    double edges = 0;
    for (long seed = 0; seed < 200; seed++) {
      Graph g = RandomDag.generate(20, 3, seed);
      assertThat(g.isDag()).isTrue();
      edges += g.edgeCount();
    }
    // expected edges = p·d/2 = 30; the mean of 200 draws has sd ≈ √(190·0.158·0.842)/√200 ≈ 0.36
    assertThat(edges / 200).isCloseTo(30, within(1.5));
    assertThat(RandomDag.generate(20, 3, 5)).isEqualTo(RandomDag.generate(20, 3, 5));
    assertThat(RandomDag.generate(20, 3, 5)).isNotEqualTo(RandomDag.generate(20, 3, 6));
  }

  @Test
  void orderIsRandomNotTheIndexOrder() {
    boolean backwards = false;
    for (long seed = 0; seed < 20 && !backwards; seed++) {
      Graph g = RandomDag.generate(10, 4, seed);
      for (int i = 0; i < 10; i++) for (int j : g.parents(i)) if (j > i) backwards = true;
    }
    assertThat(backwards).isTrue();
  }

  @Test
  void rejectsBadOptions() {
    assertThatThrownBy(() -> new RandomDag.Options(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RandomDag.Options(5, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectedDegree");
  }
}
