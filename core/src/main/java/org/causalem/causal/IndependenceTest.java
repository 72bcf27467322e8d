package org.causalem.causal;

import java.util.List;

/**
 * A test of conditional independence between variables of one data set, addressed by index.
 * Implementations: Fisher-z partial correlation, chi-square and G² for discrete data, kernel (KCI),
 * and a d-separation oracle. Must be safe to call from several threads at once.
 */
public interface IndependenceTest {
  /** The variable names, in index order. */
  List<String> variables();

  /** The p-value of the hypothesis X ⫫ Y | Z (1 when the test cannot reject it). */
  double pValue(int x, int y, int[] z);

  /** The significance level: independence is accepted when the p-value exceeds it. */
  double alpha();

  /** True when the test accepts X ⫫ Y | Z at level {@link #alpha()}. */
  default boolean independent(int x, int y, int[] z) { return pValue(x, y, z) > alpha(); }
}
