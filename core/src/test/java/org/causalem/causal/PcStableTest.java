package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.causalem.causal.PcStable.ColliderRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PC-stable driven by a d-separation oracle must return the hand-drawn CPDAG exactly. */
class PcStableTest {
  private static Graph pc(Graph dag, ColliderRule rule) {
    return new PcStable(PcStable.Options.defaults().withColliderRule(rule).withThreads(2)).search(new DSeparationTest(dag));
  }

  @ParameterizedTest
  @EnumSource(ColliderRule.class)
  void collider(ColliderRule rule) {
    Graph dag = Graphs.of("A B C", "A-->C", "B-->C");
    assertThat(pc(dag, rule)).isEqualTo(Graphs.of("A B C", "A-->C", "B-->C"));
  }

  @ParameterizedTest
  @EnumSource(ColliderRule.class)
  void chainAndFork(ColliderRule rule) {
    assertThat(pc(Graphs.of("A B C", "A-->B", "B-->C"), rule)).isEqualTo(Graphs.of("A B C", "A---B", "B---C"));
    assertThat(pc(Graphs.of("A B C", "B-->A", "B-->C"), rule)).isEqualTo(Graphs.of("A B C", "A---B", "B---C"));
  }

  @ParameterizedTest
  @EnumSource(ColliderRule.class)
  void sprinkler(ColliderRule rule) {
    Graph dag = Graphs.of("C S R W L", "C-->S", "C-->R", "S-->W", "R-->W", "W-->L");
    assertThat(pc(dag, rule)).isEqualTo(Graphs.of("C S R W L", "C---S", "C---R", "S-->W", "R-->W", "W-->L"));
  }

  @ParameterizedTest
  @EnumSource(ColliderRule.class)
  void asia(ColliderRule rule) {
    Graph dag = Graphs.of("A S T L B E X D", "A-->T", "S-->L", "S-->B", "T-->E", "L-->E", "E-->X", "E-->D", "B-->D");
    Graph expected = Graphs.of("A S T L B E X D", "A---T", "S---L", "S---B", "T-->E", "L-->E", "E-->X", "E-->D", "B-->D");
    assertThat(pc(dag, rule)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(ColliderRule.class)
  void sachsLike(ColliderRule rule) {
    // Raf -> Mek -> Erk -> Akt <- PKA -> Raf, PKC -> PKA, PKC -> Raf, Plcg -> PIP2 <- PIP3 -> Plcg... (acyclic sketch)
    Graph dag = Graphs.of("PKC PKA Raf Mek Erk Akt Plcg PIP3 PIP2",
        "PKC-->PKA", "PKC-->Raf", "PKA-->Raf", "Raf-->Mek", "Mek-->Erk", "Erk-->Akt", "PKA-->Akt",
        "PIP3-->Plcg", "PIP3-->PIP2", "Plcg-->PIP2");
    // hand-derived: PKC, PKA, Raf is a triangle; Erk -> Akt <- PKA is a v-structure (Erk, PKA not adjacent);
    // nothing points into Raf or Mek, so Raf—Mek—Erk stay open and the PIP triangle stays open
    Graph expected = Graphs.of("PKC PKA Raf Mek Erk Akt Plcg PIP3 PIP2",
        "PKC---PKA", "PKC---Raf", "PKA---Raf", "Raf---Mek", "Mek---Erk", "Erk-->Akt", "PKA-->Akt",
        "PIP3---Plcg", "PIP3---PIP2", "Plcg---PIP2");
    assertThat(pc(dag, rule)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(ColliderRule.class)
  void meekRules1To3(ColliderRule rule) {
    // rule 1 and 2: x -> y <- w, y -> z, x -> z
    Graph dag2 = Graphs.of("x y w z", "x-->y", "w-->y", "y-->z", "x-->z");
    assertThat(pc(dag2, rule)).isEqualTo(Graphs.of("x y w z", "x-->y", "w-->y", "y-->z", "x-->z"));
    // rule 3: c -> b <- d, a -> b, a—c, a—d
    Graph dag3 = Graphs.of("a b c d", "a-->b", "a-->c", "a-->d", "c-->b", "d-->b");
    assertThat(pc(dag3, rule)).isEqualTo(Graphs.of("a b c d", "a-->b", "a---c", "a---d", "c-->b", "d-->b"));
  }

  @Test
  void resultDoesNotDependOnVariableOrder() {
    Graph dag = Graphs.of("A S T L B E X D", "A-->T", "S-->L", "S-->B", "T-->E", "L-->E", "E-->X", "E-->D", "B-->D");
    Graph base = pc(dag, ColliderRule.SEPSET);
    Random rnd = new Random(3);
    for (int rep = 0; rep < 5; rep++) {
      List<String> names = new ArrayList<>(dag.nodes());
      Collections.shuffle(names, rnd);
      Graph permuted = new Graph(names);
      for (Edge e : dag.edges()) permuted.addDirected(names.indexOf(dag.nodes().get(e.a())), names.indexOf(dag.nodes().get(e.b())));
      Graph out = pc(permuted, ColliderRule.SEPSET);
      for (Edge e : base.edges()) {
        int a = out.index(base.nodes().get(e.a()));
        int b = out.index(base.nodes().get(e.b()));
        assertThat(out.mark(b, a)).isEqualTo(e.atA());
        assertThat(out.mark(a, b)).isEqualTo(e.atB());
      }
      assertThat(out.edgeCount()).isEqualTo(base.edgeCount());
    }
  }

  @Test
  void tiersOrientAChain() {
    Graph dag = Graphs.of("A B C", "A-->B", "B-->C");
    Knowledge k = Knowledge.parse("tier 1: A\ntier 2: B\ntier 3: C\n", dag.nodes(), "PRIOR.txt");
    Graph out = new PcStable(PcStable.Options.defaults().withKnowledge(k)).search(new DSeparationTest(dag));
    assertThat(out).isEqualTo(Graphs.of("A B C", "A-->B", "B-->C"));
  }

  @Test
  void requiredAndForbiddenOrientations() {
    Graph dag = Graphs.of("A B C", "A-->B", "B-->C");
    Knowledge req = Knowledge.parse("require C -> B", dag.nodes(), "p");
    Graph out = new PcStable(PcStable.Options.defaults().withKnowledge(req)).search(new DSeparationTest(dag));
    assertThat(out).isEqualTo(Graphs.of("A B C", "C-->B", "B-->A"));
    Knowledge forbid = Knowledge.parse("forbid B -> A", dag.nodes(), "p");
    out = new PcStable(PcStable.Options.defaults().withKnowledge(forbid)).search(new DSeparationTest(dag));
    assertThat(out).isEqualTo(Graphs.of("A B C", "A-->B", "B-->C"));
  }

  @Test
  void requiredEdgeIsKeptAndDoublyForbiddenEdgeIsDropped() {
    Graph dag = Graphs.of("A B C", "A-->B", "B-->C");
    Knowledge k = Knowledge.parse("require A -> C\nforbid A -> B\nforbid B -> A\n", dag.nodes(), "p");
    Graph out = new PcStable(PcStable.Options.defaults().withKnowledge(k)).search(new DSeparationTest(dag));
    assertThat(out.adjacent(0, 2)).isTrue();
    assertThat(out.isDirected(0, 2)).isTrue();
    assertThat(out.adjacent(0, 1)).isFalse();
    assertThat(out.adjacent(1, 2)).isTrue();
  }

  @Test
  void colliderAgainstATierIsNotOriented() {
    // truth A -> C <- B; tiers put C first, so neither arrow into C is allowed
    Graph dag = Graphs.of("A B C", "A-->C", "B-->C");
    Knowledge k = Knowledge.parse("tier 0: C\ntier 1: A B", dag.nodes(), "p");
    Graph out = new PcStable(PcStable.Options.defaults().withKnowledge(k)).search(new DSeparationTest(dag));
    assertThat(out).isEqualTo(Graphs.of("A B C", "C-->A", "C-->B"));
  }

  @Test
  void pairUnjoinedByKnowledgeDoesNotMakeACollider() {
    // x -> y -> z; x–z forbidden both ways is never tested, so x – y – z must not become a collider
    Graph dag = Graphs.of("x y z", "x-->y", "y-->z");
    Knowledge k = Knowledge.parse("forbid x -> z\nforbid z -> x", dag.nodes(), "p");
    for (ColliderRule rule : ColliderRule.values()) {
      Graph out = new PcStable(PcStable.Options.defaults().withKnowledge(k).withColliderRule(rule)).search(new DSeparationTest(dag));
      assertThat(out).as(rule.name()).isEqualTo(Graphs.of("x y z", "x---y", "y---z"));
    }
  }
}
