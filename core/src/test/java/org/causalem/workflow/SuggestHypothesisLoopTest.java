package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Simulated hypothesis-learning loops of {@code causalem suggest --acquisition hypothesis} whose truth is one of the
 * candidate models (plane, wall, peak): a domain wall on a 1-D scan and on a 2-D map. <i>Identified</i> = the true model's
 * posterior ≥ 0.95 from that count to the end of the run. The full counts of random and raster order over 20 seeds are in
 * BENCHMARKS.md ("Hypothesis learning", {@link HypothesisLoopRun}); here each baseline is evaluated once per seed at as
 * many (or twice as many) measurements as the loop needed.
 */
class SuggestHypothesisLoopTest {
  @Test
  void identifiesAWallOnAScanBeforeRasterOrRandomOrder() {
    int n = 100;
    int max = 10;
    double[][] pos = HypothesisLoop.positions(n);
    int identified = 0;
    int total = 0;
    int rasterWorse = 0;
    int randomWorse = 0;
    StringBuilder counts = new StringBuilder();
    for (long seed = 1; seed <= 20; seed++) {
      double[] y = HypothesisLoop.wallScan(n, 0.05, new SplittableRandom(seed));
      int k = HypothesisLoop.identified(HypothesisLoop.loopTrue(pos, y, "wall", 3, max, seed), 3, 0.95, max);
      counts.append(' ').append(k);
      total += k;
      if (k < max) identified++;
      if (HypothesisLoop.probability(HypothesisLoop.evidences(pos, y, SuggestLoop.order(n, 2 * k, true, seed), seed), "wall") < 0.95) rasterWorse++;
      if (HypothesisLoop.probability(HypothesisLoop.evidences(pos, y, SuggestLoop.order(n, k, false, seed), seed), "wall") < 0.95) randomWorse++;
    }
    System.out.printf("hypothesis loop (scan): measurements per seed%s (mean %.2f); wall below p 0.95 with as many random measurements in %d of 20 seeds, "
        + "raster with twice as many in %d%n", counts, total / 20.0, randomWorse, rasterWorse);
    assertThat(identified).as("seeds where the loop identifies the true model (wall) within " + max + " measurements").isGreaterThanOrEqualTo(19);
    // measured: loop 5.90 per seed on average; random order with as many not yet there on 17 of 20 seeds, raster with twice
    // as many on 20. Over 20 seeds random order needs 7.70 on average (loop / random = 0.77, not the 0.5 the issue asks; BENCHMARKS)
    assertThat(total / 20.0).as("mean measurements of the loop").isLessThan(6.5);
    assertThat(rasterWorse).as("seeds where raster order with twice the measurements has not identified it").isGreaterThanOrEqualTo(19);
    assertThat(randomWorse).as("seeds where random order with as many measurements has not identified it").isGreaterThanOrEqualTo(15);
  }

  @Test
  void identifiesAStraightWallOnAMapBeforeRandomOrder() {
    int w = 20;
    int max = 12;
    double[][] pos = SuggestLoop.grid(w, w);
    int identified = 0;
    int total = 0;
    int randomWorse = 0;
    int seeds = 10; // 20 in BENCHMARKS (HypothesisLoopRun with -Dmap=true)
    StringBuilder counts = new StringBuilder();
    for (long seed = 1; seed <= seeds; seed++) {
      double[] y = HypothesisLoop.wallMap(w, 0.05, new SplittableRandom(seed));
      int k = HypothesisLoop.identified(HypothesisLoop.loopTrue(pos, y, "wall", 3, max, seed), 3, 0.95, max);
      counts.append(' ').append(k);
      total += k;
      if (k < max) identified++;
      if (HypothesisLoop.probability(HypothesisLoop.evidences(pos, y, SuggestLoop.order(pos.length, k, false, seed), seed), "wall") < 0.95) randomWorse++;
    }
    System.out.printf("hypothesis loop (map): measurements per seed%s (mean %.2f); wall below p 0.95 with as many random measurements in %d of %d seeds%n",
        counts, total / (double) seeds, randomWorse, seeds);
    // measured: identified on 10 of 10 seeds, 7.9 measurements on average; random order with as many not yet there on 6.
    // Over 20 seeds (BENCHMARKS): loop 8.0, random 9.5; before the mean-function starts the loop had not identified the
    // wall within 30 measurements on 10 of 20 seeds
    assertThat(identified).as("seeds where the loop identifies the true model (wall) within " + max + " measurements").isGreaterThanOrEqualTo(9);
    assertThat(total / (double) seeds).as("mean measurements of the loop").isLessThan(9);
    assertThat(randomWorse).as("seeds where random order with as many measurements has not identified it").isGreaterThanOrEqualTo(5);
    // (raster order: its first row alone cannot be fitted — a 2-D model needs positions that vary along both axes)
  }
}
