package org.causalem.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hindsight bound for the abrupt-or-gradual case: per seed, the survey cells plus the best {@code extra} cells chosen by
 * an oracle that knows the realised values (every set of {@code extra} cells on a {@code step}-cell grid within
 * {@code ±window} cells of the true centre); prints the best posterior of the truth and whether it reaches p.
 * {@code main firstSeed seeds truth(step|ramp) extra step window p survey(comma cells)}; {@code extra} = {@code off:-8,0,8} one
 * set instead, the cells at these offsets from the rounded true centre (an oracle that knows the centre, not the noise).
 */
public final class HypothesisOracleRun {
  public static void main(String[] args) {
    long first = Long.parseLong(args[0]);
    int seeds = Integer.parseInt(args[1]);
    String truth = args[2];
    // "off:-8,0,8": one set, the cells at these offsets from the rounded centre (an oracle that knows the centre only)
    int[] offsets = args[3].startsWith("off:") ? java.util.Arrays.stream(args[3].substring(4).split(",")).mapToInt(Integer::parseInt).toArray() : null;
    int extra = offsets != null ? offsets.length : Integer.parseInt(args[3]);
    int step = Integer.parseInt(args[4]);
    int window = Integer.parseInt(args[5]);
    double p = Double.parseDouble(args[6]);
    List<Integer> survey = new ArrayList<>();
    for (String s : args[7].split(",")) survey.add(Integer.parseInt(s));
    int n = 100;
    double[][] pos = HypothesisLoop.positions(n);
    List<String> models = List.of("step", "ramp");
    int reached = 0;
    for (long s0 = first; s0 < first + seeds; s0++) {
      final long seed = s0;
      double centre = n * (0.25 + 0.5 * new SplittableRandom(seed).nextDouble());
      double[] y = HypothesisLoop.transitionScan(n, truth.equals("step") ? 0 : 8, 0.05, new SplittableRandom(seed));
      List<Integer> cells = new ArrayList<>();
      if (offsets != null) {
        for (int o : offsets) {
          int c = (int) Math.round(centre) + o;
          while (survey.contains(c) || cells.contains(c)) c++;
          cells.add(Math.max(0, Math.min(n - 1, c)));
        }
      } else {
        for (int c = (int) Math.round(centre) - window; c <= (int) Math.round(centre) + window; c += step) {
          if (c >= 0 && c < n && !survey.contains(c)) cells.add(c);
        }
      }
      long t0 = System.nanoTime();
      double[] best = {-1};
      List<Integer> bestSet = new ArrayList<>();
      int[] tried = {0};
      search(cells, 0, new ArrayList<>(), extra, set -> {
        List<Integer> m = new ArrayList<>(survey);
        m.addAll(set);
        double q = HypothesisLoop.probability(HypothesisLoop.evidences(pos, y, m, models, seed), truth);
        tried[0]++;
        if (q > best[0]) {
          best[0] = q;
          bestSet.clear();
          bestSet.addAll(set);
        }
      });
      if (best[0] >= p) reached++;
      System.out.printf("seed %d (centre %.1f): best p %.3f at %s (%d sets, %.0f s)%n", seed, centre, best[0], bestSet, tried[0], (System.nanoTime() - t0) / 1e9);
    }
    System.out.printf("reached p %.2f with %d + %d measurements on %d of %d seeds%n", p, survey.size(), extra, reached, seeds);
  }

  private static void search(List<Integer> cells, int from, List<Integer> set, int k, java.util.function.Consumer<List<Integer>> f) {
    if (set.size() == k) {
      f.accept(set);
      return;
    }
    for (int i = from; i < cells.size(); i++) {
      set.add(cells.get(i));
      search(cells, i + 1, set, k, f);
      set.remove(set.size() - 1);
    }
  }
}
