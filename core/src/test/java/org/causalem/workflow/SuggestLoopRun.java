package org.causalem.workflow;

import java.util.SplittableRandom;

/** Prints measurement counts to a target error (uncertainty loop, raster, random) per seed: {@code main seeds w}. */
public final class SuggestLoopRun {
  public static void main(String[] args) {
    int seeds = Integer.parseInt(args[0]);
    int w = Integer.parseInt(args[1]);
    for (long seed = 1; seed <= seeds; seed++) {
      SplittableRandom rng = new SplittableRandom(seed);
      double[] truth = SuggestLoop.field(w, w, w * w / 60, rng);
      double noise = 0.01 * SuggestLoop.sd(truth);
      double[] obs = truth.clone();
      for (int i = 0; i < obs.length; i++) obs[i] += noise * rng.nextGaussian();
      double target = Double.parseDouble(args[2]) * SuggestLoop.sd(truth);
      double[][] grid = SuggestLoop.grid(w, w);
      long t0 = System.nanoTime();
      int gp = SuggestLoop.uncertaintyLoop(grid, truth, obs, 5, target, 5, grid.length, seed);
      long t1 = System.nanoTime();
      int random = SuggestLoop.baselineCount(grid, truth, obs, target, false, 5, seed);
      int raster = args.length > 3 ? SuggestLoop.baselineCount(grid, truth, obs, target, true, 5, seed) : -1;
      long t2 = System.nanoTime();
      System.out.printf("seed %d: uncertainty %d, random %d, raster %d (%.1f s loop, %.1f s baselines)%n", seed, gp, random, raster, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }
  }
}
