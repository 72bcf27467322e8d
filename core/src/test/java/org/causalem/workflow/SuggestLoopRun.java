package org.causalem.workflow;

import java.util.SplittableRandom;

/**
 * Prints measurement counts to a target error (a loop, raster, random) per seed:
 * {@code main seeds w target acquisition map(blobs|domains) error(max|rms) [raster]}.
 */
public final class SuggestLoopRun {
  public static void main(String[] args) {
    int seeds = Integer.parseInt(args[0]);
    int w = Integer.parseInt(args[1]);
    SuggestAnalysis.Acquisition acq = SuggestAnalysis.Acquisition.valueOf(args[3].toUpperCase(java.util.Locale.ROOT));
    boolean domains = args[4].equals("domains");
    SuggestLoop.MAX_ERROR = args[5].equals("max");
    boolean raster = args.length > 6;
    double sumGp = 0;
    double sumRandom = 0;
    double sumRaster = 0;
    int[] gps = new int[seeds];
    int[] randoms = new int[seeds];
    for (long seed = 1; seed <= seeds; seed++) {
      SplittableRandom rng = new SplittableRandom(seed);
      double[] truth = domains ? SuggestLoop.domains(w, w, 1.5, rng) : SuggestLoop.field(w, w, w * w / 60, rng);
      double noise = 0.01 * SuggestLoop.sd(truth);
      double[] obs = truth.clone();
      for (int i = 0; i < obs.length; i++) obs[i] += noise * rng.nextGaussian();
      double target = Double.parseDouble(args[2]) * SuggestLoop.sd(truth);
      double[][] grid = SuggestLoop.grid(w, w);
      long t0 = System.nanoTime();
      int gp = SuggestLoop.loop(grid, truth, obs, 5, target, 5, grid.length, seed, acq);
      long t1 = System.nanoTime();
      int random = SuggestLoop.baselineCount(grid, truth, obs, target, false, 5, seed);
      int ras = raster ? SuggestLoop.baselineCount(grid, truth, obs, target, true, 5, seed) : -1;
      long t2 = System.nanoTime();
      gps[(int) seed - 1] = gp;
      randoms[(int) seed - 1] = random;
      sumGp += gp;
      sumRandom += random;
      sumRaster += ras;
      System.out.printf("seed %d: %s %d, random %d (ratio %.2f), raster %d (%.1f s loop, %.1f s baselines)%n", seed, args[3], gp, random,
          gp / (double) random, ras, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }
    double[] ratio = new double[seeds];
    for (int i = 0; i < seeds; i++) ratio[i] = gps[i] / (double) randoms[i];
    java.util.Arrays.sort(ratio);
    int[] g = gps.clone();
    int[] r = randoms.clone();
    java.util.Arrays.sort(g);
    java.util.Arrays.sort(r);
    System.out.printf("mean: loop %.1f, random %.1f (ratio %.2f), raster %.1f; median: loop %.1f, random %.1f; median per-seed ratio %.2f%n",
        sumGp / seeds, sumRandom / seeds, sumGp / sumRandom, sumRaster / seeds, median(g), median(r),
        seeds % 2 == 1 ? ratio[seeds / 2] : 0.5 * (ratio[seeds / 2 - 1] + ratio[seeds / 2]));
  }

  private static double median(int[] s) { return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]); }
}
