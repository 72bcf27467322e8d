package org.causalem.causal;

import java.util.Arrays;
import java.util.List;

/**
 * Prior knowledge for DirectLiNGAM as a matrix of known causal paths: {@code path[i][j] = 1} when j is
 * known to be an ancestor of i, {@code 0} when j is known not to be an ancestor of i, {@code -1} when
 * unknown. Tiers translate to zeros: a variable in a later tier is not an ancestor of one in an earlier
 * tier. Immutable.
 */
public final class LingamPrior {
  public static final int UNKNOWN = -1;
  public static final int ABSENT = 0;
  public static final int PRESENT = 1;

  private final int[][] path;

  /** @param path p×p entries in {−1, 0, 1}; the diagonal is ignored; copied */
  public LingamPrior(int[][] path) {
    int p = path.length;
    this.path = new int[p][];
    for (int i = 0; i < p; i++) {
      if (path[i].length != p) throw new IllegalArgumentException("prior knowledge row " + i + " has " + path[i].length + " entries, expected " + p);
      for (int j = 0; j < p; j++) {
        int v = path[i][j];
        if (v < -1 || v > 1) throw new IllegalArgumentException("prior knowledge [" + i + "][" + j + "] = " + v + ", expected -1, 0 or 1");
        if (i != j && v == PRESENT && path[j][i] == PRESENT) {
          throw new IllegalArgumentException("prior knowledge says " + j + " and " + i + " are ancestors of each other");
        }
      }
      this.path[i] = path[i].clone();
      this.path[i][i] = UNKNOWN;
    }
  }

  /** Nothing known about p variables. */
  public static LingamPrior none(int p) {
    int[][] m = new int[p][p];
    for (int[] r : m) Arrays.fill(r, UNKNOWN);
    return new LingamPrior(m);
  }

  /**
   * Tiers: {@code tier[v]} is the tier of variable v (lower = earlier); a variable cannot be an
   * ancestor of one in an earlier tier.
   */
  public static LingamPrior fromTiers(int[] tier) {
    int p = tier.length;
    int[][] m = new int[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) m[i][j] = tier[j] > tier[i] ? ABSENT : UNKNOWN;
    }
    return new LingamPrior(m);
  }

  /** Tiers given as lists of variable names (earliest first); unlisted variables go in a last tier. */
  public static LingamPrior fromTiers(List<String> variables, List<List<String>> tiers) {
    int[] tier = new int[variables.size()];
    Arrays.fill(tier, tiers.size());
    for (int t = 0; t < tiers.size(); t++) {
      for (String name : tiers.get(t)) {
        int v = variables.indexOf(name);
        if (v < 0) throw new IllegalArgumentException("tier " + (t + 1) + " names unknown variable '" + name + "'; variables are " + variables);
        tier[v] = t;
      }
    }
    return fromTiers(tier);
  }

  /** A copy with {@code path[to][from]} set: {@code from} known (not) to be an ancestor of {@code to}. */
  public LingamPrior with(int from, int to, int value) {
    int[][] m = matrix();
    m[to][from] = value;
    return new LingamPrior(m);
  }

  public int size() { return path.length; }

  /** {@code path[i][j]}: is j an ancestor of i (1), not (0), unknown (−1). */
  public int path(int i, int j) { return path[i][j]; }

  public int[][] matrix() {
    int[][] m = new int[path.length][];
    for (int i = 0; i < path.length; i++) m[i] = path[i].clone();
    return m;
  }
}
