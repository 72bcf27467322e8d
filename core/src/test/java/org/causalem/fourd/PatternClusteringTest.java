package org.causalem.fourd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.causalem.data.DataCube4D;
import org.causalem.simulate.FourdSimulator;
import org.junit.jupiter.api.Test;

class PatternClusteringTest {
  @Test
  void threeLatticesAreSeparatedIntoThreePhases() {
    int w = 18;
    int h = 14;
    int det = 64;
    int n = w * h;
    int[] truth = new int[n];
    float[][] g1 = new float[2][n];
    float[][] g2 = new float[2][n];
    double[][][] phases = {{{14, 0}, {0, 14}}, {{17, 0}, {8.5, 14.7}}, {{12, 7}, {-7, 12}}};
    SplittableRandom rng = new SplittableRandom(2);
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        int p = r * w + q;
        // phase 0 on the left, 1 on the right, 2 in a disc in the middle
        int ph = Math.hypot(q - 9, r - 7) < 4 ? 2 : (q < 9 ? 0 : 1);
        truth[p] = ph;
        double jitter = 1 + 0.004 * (rng.nextDouble() - 0.5);
        g1[0][p] = (float) (phases[ph][0][0] * jitter);
        g1[1][p] = (float) (phases[ph][0][1] * jitter);
        g2[0][p] = (float) (phases[ph][1][0] * jitter);
        g2[1][p] = (float) (phases[ph][1][1] * jitter);
      }
    }
    DataCube4D cube = FourdSimulator.braggCube(w, h, det, 3, 31.5, 32.2, g1, g2, 30, 2e4, 5);
    PhaseMap map = new PatternClustering(PatternClustering.Options.of(3, 7)).cluster(cube, 2, (d, t) -> { });
    assertThat(map.labels()).hasSize(n);
    // best matching of labels to truth
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    int best = 0;
    for (int[] perm : perms) {
      int ok = 0;
      for (int p = 0; p < n; p++) if (perm[map.labels()[p]] == truth[p]) ok++;
      best = Math.max(best, ok);
    }
    assertThat(best / (double) n).isGreaterThanOrEqualTo(0.99);
    // labels are numbered by first appearance: the first position is cluster 0
    assertThat(map.labels()[0]).isZero();
    assertThat(map.explainedVariance()[0]).isGreaterThan(map.explainedVariance()[1]);
  }

  @Test
  void sameSeedGivesTheSameMap() {
    int w = 8;
    int h = 6;
    float[][] g1 = new float[2][w * h];
    float[][] g2 = new float[2][w * h];
    for (int p = 0; p < w * h; p++) {
      g1[0][p] = 14 + (p % w) * 0.3f;
      g2[1][p] = 14;
    }
    DataCube4D cube = FourdSimulator.braggCube(w, h, 48, 3, 24, 24, g1, g2, 30, 1e4, 1);
    PhaseMap a = new PatternClustering(PatternClustering.Options.of(2, 3)).cluster(cube, 2, (d, t) -> { });
    PhaseMap b = new PatternClustering(PatternClustering.Options.of(2, 3)).cluster(cube, 1, (d, t) -> { });
    assertThat(a.labels()).isEqualTo(b.labels());
  }
}
