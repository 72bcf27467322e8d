package org.causalem.causal;

import org.causalem.simulate.CauseEffectPairs;

/** Prints per-method accuracy on each generated family (the BENCHMARKS.md table): {@code main [pairs] [n]}. */
public final class PairwiseBenchmarkRun {
  public static void main(String[] args) {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 250;
    System.out.println("| family | IGCI | ANM | RECI | MDL | seconds |");
    for (CauseEffectPairs.Family f : CauseEffectPairs.Family.values()) {
      long t0 = System.nanoTime();
      int[] right = PairwiseBenchmarkTest.accuracy(f, pairs, n, 1, true);
      System.out.printf("| %s | %d | %d | %d | %d | %.1f |%n", f, right[0], right[1], right[2], right[3], (System.nanoTime() - t0) / 1e9);
    }
  }
}
