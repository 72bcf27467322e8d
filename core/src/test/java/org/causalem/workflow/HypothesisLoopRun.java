package org.causalem.workflow;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Prints the measurements to identify the true model (its posterior ≥ p from then to the end of the run) per seed for the
 * hypothesis loop, random and (optionally) raster order: {@code main seeds n p max [rasterMax [randomMax]]} (each order run
 * to its max); {@code -Dmap=true} a 2-D n × n map, {@code -DfirstSeed=21} another range of seeds, {@code -Dtruth=wall|peak|step|ramp}
 * (step: an abrupt 1-D change averaged over each cell, ramp: a tanh of width 8 cells; {@code -Dwidth} another), {@code -Dmodels=step,ramp} the candidates, {@code -Dstart=random} the loop from 3 random cells instead of a survey of 3 evenly
 * spread ones (1-D; a map always starts random).
 */
public final class HypothesisLoopRun {
  public static void main(String[] args) {
    int seeds = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    double p = Double.parseDouble(args[2]);
    int max = Integer.parseInt(args[3]);
    boolean raster = args.length > 4 && Integer.parseInt(args[4]) > 0;
    // random (and raster) order run to these counts (default: the loop's and every cell)
    int randomMax = args.length > 5 ? Integer.parseInt(args[5]) : max;
    int rasterMax = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    int[] hl = new int[seeds];
    int[] rnd = new int[seeds];
    int[] ras = new int[seeds];
    long first = Long.getLong("firstSeed", 1);
    for (long seed = first; seed < first + seeds; seed++) {
      boolean two = Boolean.getBoolean("map");
      double noise = Double.parseDouble(System.getProperty("noise", "0.05"));
      String truth = System.getProperty("truth", "wall");
      java.util.List<String> models = java.util.List.of(System.getProperty("models", String.join(",", SpatialHypotheses.DEFAULTS)).split(","));
      double[] y = truth.equals("step") || truth.equals("ramp")
          ? HypothesisLoop.transitionScan(n, Double.parseDouble(System.getProperty("width", truth.equals("step") ? "0" : "8")), noise, new SplittableRandom(seed))
          : truth.equals("peak") ? HypothesisLoop.peakScan(n, Double.parseDouble(System.getProperty("width", "4")), noise, new SplittableRandom(seed)) : two ? HypothesisLoop.wallMap(n, noise, new SplittableRandom(seed)) : HypothesisLoop.wallScan(n, noise, new SplittableRandom(seed));
      double[][] pos = two ? SuggestLoop.grid(n, n) : HypothesisLoop.positions(n);
      long t0 = System.nanoTime();
      double[] a = HypothesisLoop.loopTrue(pos, y, truth, models, 3, max, !two && !System.getProperty("start", "survey").equals("random"), seed);
      long t1 = System.nanoTime();
      double[] b = HypothesisLoop.baselineTrue(pos, y, truth, models, 3, randomMax, false, seed);
      double[] c = raster ? HypothesisLoop.baselineTrue(pos, y, truth, models, 3, rasterMax, true, seed) : null;
      long t2 = System.nanoTime();
      int i = (int) (seed - first);
      hl[i] = HypothesisLoop.identified(a, 3, p, max);
      rnd[i] = HypothesisLoop.identified(b, 3, p, randomMax);
      ras[i] = raster ? HypothesisLoop.identified(c, 3, p, rasterMax) : -1;
      System.out.printf("seed %d: hypothesis %d, random %d, raster %d (%.1f s loop, %.1f s baselines)%n  loop p %s%n  random p %s%n", seed, hl[i], rnd[i], ras[i],
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, fmt(a), fmt(b));
    }
    System.out.printf("mean: loop %.2f, random %.2f (ratio %.2f), raster %.1f; median: loop %.1f, random %.1f, raster %.1f%n", mean(hl), mean(rnd),
        mean(hl) / mean(rnd), mean(ras), median(hl), median(rnd), median(ras));
  }

  private static String fmt(double[] v) {
    StringBuilder sb = new StringBuilder();
    for (double x : v) sb.append(String.format(" %.2f", x));
    return sb.toString();
  }

  private static double mean(int[] v) { return Arrays.stream(v).average().orElse(Double.NaN); }

  private static double median(int[] v) {
    int[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }
}
