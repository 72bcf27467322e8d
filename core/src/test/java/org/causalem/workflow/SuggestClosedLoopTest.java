package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Simulated closed loops of {@code causalem suggest} against ground truth, 20 seeds each. The full measurement counts of
 * the raster and random orders (galloping search, minutes) are in BENCHMARKS.md ("Where to measure next"); here each
 * baseline is evaluated once, at the count the claim is about.
 */
class SuggestClosedLoopTest {
  @Test
  void uncertaintyLoopLearnsAMapWithFewerThanHalfTheRasterMeasurements() {
    int w = 20;
    double[][] grid = SuggestLoop.grid(w, w);
    int rasterWorse = 0;
    int randomWorse = 0;
    int total = 0;
    boolean was = SuggestLoop.MAX_ERROR;
    SuggestLoop.MAX_ERROR = true; // target: every cell of the map within 0.2 field sd
    try {
      for (long seed = 1; seed <= 20; seed++) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] truth = SuggestLoop.field(w, w, w * w / 60, rng);
        double[] obs = truth.clone();
        double noise = 0.01 * SuggestLoop.sd(truth);
        for (int i = 0; i < obs.length; i++) obs[i] += noise * rng.nextGaussian();
        double target = 0.2 * SuggestLoop.sd(truth);
        int gp = SuggestLoop.uncertaintyLoop(grid, truth, obs, 5, target, 5, grid.length, seed);
        total += gp;
        if (SuggestLoop.error(grid, truth, obs, SuggestLoop.order(grid.length, 2 * gp, true, seed), seed, null) > target) rasterWorse++;
        if (SuggestLoop.error(grid, truth, obs, SuggestLoop.order(grid.length, gp, false, seed), seed, null) > target) randomWorse++;
      }
    } finally {
      SuggestLoop.MAX_ERROR = was;
    }
    // measured (BENCHMARKS): mean 48.5 measurements for the loop, 87.8 random (ratio 0.55), 346 raster (0.14)
    assertThat(total / 20.0).as("mean measurements of the loop").isLessThan(70);
    assertThat(rasterWorse).as("seeds where raster order with twice the loop's measurements is still above the target").isEqualTo(20);
    assertThat(randomWorse).as("seeds where random order with the loop's measurements is still above the target").isGreaterThanOrEqualTo(14);
  }

  @Test
  void hypothesisLearningFindsTheTrueModelBeforeRasterOrRandomOrder() {
    int n = 100;
    int max = 16;
    double[][] pos = HypothesisLoop.positions(n);
    int right = 0;
    int rasterWorse = 0;
    int randomWorse = 0;
    for (long seed = 1; seed <= 20; seed++) {
      double[] y = HypothesisLoop.wallScan(n, 0.05, new SplittableRandom(seed));
      HypothesisLoop.Outcome hl = HypothesisLoop.loop(pos, y, 0.9, 3, max, seed);
      if ("wall".equals(hl.model())) right++;
      int k = Math.min(hl.measurements(), max - 1);
      List<Integer> raster = SuggestLoop.order(n, 2 * k, true, seed);
      SuggestAnalysis.Evidence r = HypothesisLoop.best(pos, y, raster, seed);
      if (!(r.model().equals("wall") && r.probability() >= 0.9)) rasterWorse++;
      SuggestAnalysis.Evidence q = HypothesisLoop.best(pos, y, SuggestLoop.order(n, k, false, seed), seed);
      if (!(q.model().equals("wall") && q.probability() >= 0.9)) randomWorse++;
    }
    assertThat(right).as("seeds where the loop settles on the true model (wall) within " + max + " measurements").isGreaterThanOrEqualTo(18);
    assertThat(rasterWorse).as("seeds where raster order with twice the measurements has not found it").isGreaterThanOrEqualTo(19);
    // measured 9 of 20: random order with the loop's count finds the wall in the other 11 — on this case hypothesis
    // learning beats raster by far but is not twice as fast as random order (BENCHMARKS: 5 and 7 against 8 and 12)
    assertThat(randomWorse).as("seeds where random order with as many measurements has not found it").isGreaterThanOrEqualTo(7);
  }
}
