package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Simulated hypothesis-learning loops of {@code causalem suggest --acquisition hypothesis} whose truth is one of the
 * candidate models: a domain wall on a 1-D scan and on a 2-D map (plane, wall, peak), and an abrupt or a gradual transition
 * on a 1-D scan (step, ramp). <i>Identified</i> = the true model's
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
    int seeds = 10; // 20 in BENCHMARKS
    for (long seed = 1; seed <= seeds; seed++) {
      double[] y = HypothesisLoop.wallScan(n, 0.05, new SplittableRandom(seed));
      int k = HypothesisLoop.identified(HypothesisLoop.loopTrue(pos, y, "wall", 3, max, seed), 3, 0.95, max);
      counts.append(' ').append(k);
      total += k;
      if (k < max) identified++;
      if (HypothesisLoop.probability(HypothesisLoop.evidences(pos, y, SuggestLoop.order(n, 2 * k, true, seed), seed), "wall") < 0.95) rasterWorse++;
      if (HypothesisLoop.probability(HypothesisLoop.evidences(pos, y, SuggestLoop.order(n, k, false, seed), seed), "wall") < 0.95) randomWorse++;
    }
    System.out.printf("hypothesis loop (scan): measurements per seed%s (mean %.2f); wall below p 0.95 with as many random measurements in %d of %d seeds, "
        + "raster with twice as many in %d%n", counts, total / (double) seeds, randomWorse, seeds, rasterWorse);
    assertThat(identified).as("seeds where the loop identifies the true model (wall) within " + max + " measurements").isGreaterThanOrEqualTo(seeds - 1);
    // measured (seeds 1-10): loop 5.6 per seed on average; random order with as many not yet there on 9 of 10 seeds, raster
    // with twice as many on 10. Over 20 seeds: loop 5.90, random order with as many not there on 17, raster on 20. Over 20 seeds random order needs 7.70 on average (loop / random = 0.77, not the 0.5 the issue asks; BENCHMARKS)
    assertThat(total / (double) seeds).as("mean measurements of the loop").isLessThan(6.5);
    assertThat(rasterWorse).as("seeds where raster order with twice the measurements has not identified it").isGreaterThanOrEqualTo(seeds - 1);
    assertThat(randomWorse).as("seeds where random order with as many measurements has not identified it").isGreaterThanOrEqualTo(8);
  }

  /**
   * Is a transition between two plateaus abrupt (a first-order wall, {@code step}) or gradual ({@code ramp}, a tanh of
   * width 8 cells)? Far from it both predict the same plateaus; they differ only near the transition, whose place is
   * unknown, so where to measure matters. The loop starts with a coarse survey (3 evenly spread cells), then measures where
   * the models disagree most. Per truth and seed: the loop's count k, and whether random order with 2k measurements has not
   * yet identified the truth (then random order needs more than twice the loop's measurements).
   */
  @Test
  void tellsAnAbruptFromAGradualTransitionWithFewerMeasurementsThanRandomOrder() {
    int n = 100;
    int max = 10;
    int seeds = 6; // 20 (and 20 more) in BENCHMARKS (HypothesisLoopRun with -Dtruth=step|ramp -Dmodels=step,ramp)
    double[][] pos = HypothesisLoop.positions(n);
    List<String> models = List.of("step", "ramp");
    int bothWorse = 0;
    for (String truth : models) {
      int identified = 0;
      int total = 0;
      int randomWorse = 0;
      int rasterWorse = 0;
      StringBuilder counts = new StringBuilder();
      for (long seed = 1; seed <= seeds; seed++) {
        double[] y = HypothesisLoop.transitionScan(n, truth.equals("step") ? 0 : 8, 0.05, new SplittableRandom(seed));
        int k = HypothesisLoop.identified(HypothesisLoop.loopTrue(pos, y, truth, models, 3, max, true, seed), 3, 0.95, max);
        counts.append(' ').append(k);
        total += k;
        if (k < max) identified++;
        if (HypothesisLoop.probability(HypothesisLoop.evidences(pos, y, SuggestLoop.order(n, 2 * k, false, seed), models, seed), truth) < 0.95) randomWorse++;
        if (HypothesisLoop.probability(HypothesisLoop.evidences(pos, y, SuggestLoop.order(n, 2 * k, true, seed), models, seed), truth) < 0.95) rasterWorse++;
      }
      System.out.printf("hypothesis loop (%s truth, step vs ramp): measurements per seed%s (mean %.2f); not yet identified with twice as many in random "
          + "order in %d of %d seeds, raster %d%n", truth, counts, total / (double) seeds, randomWorse, seeds, rasterWorse);
      // measured (seeds 1-6): step 5 5 5 5 6 5, random order with twice as many not there in 4 seeds; ramp 6 6 6 6 6 6, in 2.
      // From 3 random cells instead of the survey: step 5 5 5 6 6 6 (mean 5.5), ramp 6 5 6 7 6 9 (6.5), which fail the means.
      // Over seeds 1-20, 21-40, 41-60 (BENCHMARKS): loop 5.55 5.35 5.10 and 6.15 6.25 6.25, random order 13.80 11.55 14.10 and
      // 13.35 12.45 11.90 (loop / random 0.40 0.46 0.36 and 0.46 0.50 0.53: the gradual truth needs 6 measurements on nearly every seed)
      assertThat(identified).as(truth + ": seeds identified by the loop within " + max).isEqualTo(seeds);
      assertThat(total / (double) seeds).as(truth + ": mean measurements of the loop").isLessThan(truth.equals("step") ? 5.4 : 6.2);
      assertThat(randomWorse).as(truth + ": seeds where random order needs more than twice the loop's measurements").isGreaterThanOrEqualTo(2);
      bothWorse += randomWorse;
      assertThat(rasterWorse).as(truth + ": seeds where raster order needs more than twice the loop's measurements").isGreaterThanOrEqualTo(seeds - 1);
    }
    assertThat(bothWorse).as("seeds of both truths where random order needs more than twice the loop's measurements").isGreaterThanOrEqualTo(5);
  }

  @Test
  void identifiesAStraightWallOnAMapBeforeRandomOrder() {
    int w = 20;
    int max = 12;
    double[][] pos = SuggestLoop.grid(w, w);
    int identified = 0;
    int total = 0;
    int randomWorse = 0;
    int seeds = 6; // 20 in BENCHMARKS (HypothesisLoopRun with -Dmap=true)
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
    // measured (seeds 1-6): identified on 6 of 6 seeds, 7.83 measurements on average; random order with as many not yet
    // there on 4 (seeds 1-10: 10 of 10, 7.9, 6).
    // Over 20 seeds (BENCHMARKS): loop 8.0, random 9.5; before the mean-function starts the loop had not identified the
    // wall within 30 measurements on 10 of 20 seeds
    assertThat(identified).as("seeds where the loop identifies the true model (wall) within " + max + " measurements").isGreaterThanOrEqualTo(seeds - 1);
    assertThat(total / (double) seeds).as("mean measurements of the loop").isLessThan(9);
    assertThat(randomWorse).as("seeds where random order with as many measurements has not identified it").isGreaterThanOrEqualTo(3);
    // (raster order: its first row alone cannot be fitted — a 2-D model needs positions that vary along both axes)
  }
}
