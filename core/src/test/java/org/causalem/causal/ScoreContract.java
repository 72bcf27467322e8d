package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Score} keeps, on data from A → B → C with D independent (columns A, B, C,
 * D): decomposable (a DAG's score is the sum of local scores that depend only on the parent set),
 * score-equivalent (Markov-equivalent DAGs score alike), and consistent (the true structure wins).
 */
abstract class ScoreContract {
  abstract DescriptorTable chain(long seed);

  abstract Score create(DescriptorTable data);

  private final Score score = create(chain(11));

  /** Sum of local scores of the DAG given as parents[node]. */
  static double total(Score s, int[][] parents) {
    double t = 0;
    for (int v = 0; v < parents.length; v++) t += s.localScore(v, parents[v]);
    return t;
  }

  @Test
  void markovEquivalentDagsScoreTheSame() {
    int[] none = {};
    double chain = total(score, new int[][] {none, {0}, {1}, none});          // A → B → C
    double reversed = total(score, new int[][] {{1}, {2}, none, none});       // A ← B ← C
    double fork = total(score, new int[][] {{1}, none, {1}, none});           // A ← B → C
    assertThat(reversed).isCloseTo(chain, within(1e-6 * Math.abs(chain)));
    assertThat(fork).isCloseTo(chain, within(1e-6 * Math.abs(chain)));
    // complete DAGs over {A, B, C} in two different orders are equivalent too
    double full1 = total(score, new int[][] {none, {0}, {0, 1}, none});
    double full2 = total(score, new int[][] {{1, 2}, {2}, none, none});
    assertThat(full2).isCloseTo(full1, within(1e-6 * Math.abs(full1)));
  }

  @Test
  void theTrueStructureBeatsTheColliderTheEmptyAndTheDenseGraph() {
    int[] none = {};
    double chain = total(score, new int[][] {none, {0}, {1}, none});
    assertThat(chain).isGreaterThan(total(score, new int[][] {none, {0, 2}, none, none})); // A → B ← C
    assertThat(chain).isGreaterThan(total(score, new int[][] {none, none, none, none}));
    assertThat(chain).isGreaterThan(total(score, new int[][] {none, {0}, {0, 1}, {0, 1, 2}}));
  }

  @Test
  void localScoreDependsOnlyOnTheParentSet() {
    double a = score.localScore(2, new int[] {0, 1, 3});
    assertThat(score.localScore(2, new int[] {3, 1, 0})).isEqualTo(a);
    // a fresh instance gives the same value (no dependence on call history)
    assertThat(create(chain(11)).localScore(2, new int[] {1, 0, 3})).isEqualTo(a);
    assertThat(score.variables()).containsExactly("A", "B", "C", "D");
  }

  @Test
  void isSafeToShareBetweenThreads() throws Exception {
    Score fresh = create(chain(11));
    double[] expected = {score.localScore(0, new int[0]), score.localScore(1, new int[] {0}), score.localScore(2, new int[] {0, 1})};
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> fs = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        fs.add(pool.submit(() -> new double[] {fresh.localScore(0, new int[0]), fresh.localScore(1, new int[] {0}), fresh.localScore(2, new int[] {0, 1})}));
      }
      for (Future<double[]> f : fs) assertThat(f.get()).containsExactly(expected);
    } finally {
      pool.shutdown();
    }
  }
}
