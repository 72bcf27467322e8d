package org.causalem.workflow;

import java.util.SplittableRandom;

/** Prints the measurements to identify the true model (hypothesis loop, random, raster) per seed: {@code main seeds n p}. */
public final class HypothesisLoopRun {
  public static void main(String[] args) {
    int seeds = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    double p = Double.parseDouble(args[2]);
    for (long seed = 1; seed <= seeds; seed++) {
      double[] y = HypothesisLoop.wallScan(n, 0.05, new SplittableRandom(seed));
      double[][] pos = HypothesisLoop.positions(n);
      long t0 = System.nanoTime();
      HypothesisLoop.Outcome hl = HypothesisLoop.loop(pos, y, p, 3, n, seed);
      long t1 = System.nanoTime();
      HypothesisLoop.Outcome random = HypothesisLoop.baseline(pos, y, p, 3, n, false, seed);
      HypothesisLoop.Outcome raster = args.length > 3 ? HypothesisLoop.baseline(pos, y, p, 3, n, true, seed) : null;
      long t2 = System.nanoTime();
      System.out.printf("seed %d: hypothesis %s, random %s, raster %s (%.1f s loop, %.1f s baselines)%n", seed, hl, random, raster, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }
  }
}
