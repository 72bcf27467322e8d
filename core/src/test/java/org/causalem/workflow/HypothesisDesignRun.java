package org.causalem.workflow;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The abrupt-or-gradual loop with a given survey and acquisition ({@link HypothesisLoop#loopFrom}), loop only:
 * {@code main firstSeed seeds truth(step|ramp) acq(mi|pair|reach|reach2) survey(comma cells) max}; prints per seed the
 * measurements to identify the truth (posterior ≥ 0.95 from then to the end of the run) and their mean.
 */
public final class HypothesisDesignRun {
  public static void main(String[] args) {
    long first = Long.parseLong(args[0]);
    int seeds = Integer.parseInt(args[1]);
    String truth = args[2];
    String acq = args[3];
    String[] cells = args[4].split(",");
    int[] survey = new int[cells.length];
    for (int i = 0; i < survey.length; i++) survey[i] = Integer.parseInt(cells[i]);
    int max = Integer.parseInt(args[5]);
    int n = 100;
    double[][] pos = HypothesisLoop.positions(n);
    StringBuilder counts = new StringBuilder();
    int total = 0;
    for (long seed = first; seed < first + seeds; seed++) {
      double[] y = HypothesisLoop.transitionScan(n, truth.equals("step") ? 0 : 8, 0.05, new SplittableRandom(seed));
      double[] pt = HypothesisLoop.loopFrom(pos, y, truth, List.of("step", "ramp"), survey, max, acq, 0.95, seed);
      int k = HypothesisLoop.identified(pt, survey.length, 0.95, max);
      total += k;
      counts.append(' ').append(k);
      StringBuilder ps = new StringBuilder();
      for (double v : pt) ps.append(String.format(" %.3f", v));
      System.out.printf("seed %d: %d  p%s%n", seed, k, ps);
    }
    System.out.printf("%s %s survey %s seeds %d-%d: mean %.2f; per seed%s%n", truth, acq, args[4], first, first + seeds - 1, total / (double) seeds, counts);
  }
}
