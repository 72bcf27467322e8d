package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** FCI with a d-separation oracle must return the hand-drawn PAG. */
class FciTest {
  private static Graph fci(Graph truth, List<String> observed) {
    return new Fci(Fci.Options.defaults()).search(new DSeparationTest(truth, observed));
  }

  @Test
  void latentConfounderBetweenTwoColliders() {
    // A -> B <- L -> C <- D, B -> E, L latent. By hand: A, C separated marginally (collider B), B, D
    // marginally (collider C), E from A, C, D given B. R0 gives A *-> B <-* C and B *-> C <-* D; R1
    // turns B o-o E into B -> E. The end marks at A and D stay circles.
    Graph dag = Graphs.of("A B C D E L", "A-->B", "L-->B", "L-->C", "D-->C", "B-->E");
    Graph expected = Graphs.of("A B C D E", "Ao->B", "B<->C", "Do->C", "B-->E");
    assertThat(fci(dag, List.of("A", "B", "C", "D", "E"))).isEqualTo(expected);
    // the same with the latent written as a bidirected edge
    Graph mag = Graphs.of("A B C D E", "A-->B", "B<->C", "D-->C", "B-->E");
    assertThat(fci(mag, mag.nodes())).isEqualTo(expected);
  }

  @Test
  void discriminatingPathOrientsTail() {
    // T -> A <- L -> B, A -> G, B -> G, L latent. By hand: T ⫫ B, T ⫫ G | {A, B}. R0: T *-> A <-* B;
    // R1: A -> G; R2: B *-> G; R4 on the discriminating path <T, A, B, G>: B is in sepset(T, G), so B -> G.
    Graph dag = Graphs.of("T A B G L", "T-->A", "L-->A", "L-->B", "A-->G", "B-->G");
    Graph expected = Graphs.of("T A B G", "To->A", "Bo->A", "A-->G", "B-->G");
    assertThat(fci(dag, List.of("T", "A", "B", "G"))).isEqualTo(expected);
  }

  @Test
  void withoutLatentsTheSkeletonAndCollidersMatchPc() {
    Graph dag = Graphs.of("A B C", "A-->C", "B-->C");
    assertThat(fci(dag, dag.nodes())).isEqualTo(Graphs.of("A B C", "Ao->C", "Bo->C"));
  }

  @Test
  void possibleDsepSetFollowsCollidersAndTriangles() {
    Graph pag = Graphs.of("A B C D E", "Ao->B", "B<->C", "Do->C", "Bo-oE");
    assertThat(Fci.possibleDsepSet(pag, 0)).containsExactly(1, 2, 3);
  }

  @Test
  void requiredEdgeFromKnowledge() {
    Graph dag = Graphs.of("A B C", "A-->C", "B-->C");
    Knowledge k = Knowledge.parse("require A -> C", dag.nodes(), "p");
    Graph out = new Fci(Fci.Options.defaults().withKnowledge(k)).search(new DSeparationTest(dag));
    assertThat(out).isEqualTo(Graphs.of("A B C", "A-->C", "Bo->C"));
  }
}
