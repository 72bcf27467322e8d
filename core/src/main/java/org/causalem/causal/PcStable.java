package org.causalem.causal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PC-stable (Colombo &amp; Maathuis 2014): the order-independent skeleton of {@link Skeleton}, unshielded
 * colliders by the chosen rule, then Meek's rules; the output is a CPDAG (a PDAG when background
 * knowledge or conflicting colliders leave it so).
 *
 * <p>Collider rules for an unshielded triple x – y – z:
 * <ul>
 *   <li>{@code SEPSET}: a collider when y is in none of the separating sets the skeleton search found
 *       at the depth where x–z was removed (as causal-learn's PC-stable decides);</li>
 *   <li>{@code CONSERVATIVE} (Ramsey et al. 2006): every subset of adj(x) or adj(z) that separates x
 *       and z is found; a collider if none contains y, a non-collider if all do, otherwise ambiguous;</li>
 *   <li>{@code MAJORITY}: as conservative, but a collider when fewer than half contain y, a
 *       non-collider when more than half do, ambiguous at exactly half.</li>
 * </ul>
 * Ambiguous triples are left unoriented and Meek's rule 1 does not use them. When two colliders
 * disagree on an edge, the one with the stronger evidence (lower largest p-value over the conditioning
 * sets that contain the middle node) is oriented first and the later one is skipped, so the result
 * still does not depend on the variable order.
 */
public final class PcStable {
  public enum ColliderRule { SEPSET, CONSERVATIVE, MAJORITY }

  /**
   * @param knowledge background knowledge, or null for none
   * @param maxDepth largest conditioning set, or -1 for no limit
   * @param threads worker threads for the skeleton (≥ 1)
   */
  public record Options(ColliderRule colliderRule, Knowledge knowledge, int maxDepth, int threads) {
    public Options {
      if (colliderRule == null) throw new IllegalArgumentException("colliderRule must not be null");
      if (maxDepth < -1) throw new IllegalArgumentException("maxDepth must be >= -1, got " + maxDepth);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    public static Options defaults() {
      return new Options(ColliderRule.SEPSET, null, -1, Runtime.getRuntime().availableProcessors());
    }

    public Options withColliderRule(ColliderRule rule) { return new Options(rule, knowledge, maxDepth, threads); }

    public Options withKnowledge(Knowledge k) { return new Options(colliderRule, k, maxDepth, threads); }

    public Options withThreads(int t) { return new Options(colliderRule, knowledge, maxDepth, t); }
  }

  private final Options options;

  public PcStable(Options options) { this.options = java.util.Objects.requireNonNull(options); }

  /** The CPDAG found with {@code test}. */
  public Graph search(IndependenceTest test) {
    Knowledge k = options.knowledge();
    if (k != null && !k.variables().equals(test.variables())) {
      throw new IllegalArgumentException("knowledge variables " + k.variables() + " differ from the test's " + test.variables());
    }
    Skeleton.Result sk = Skeleton.find(test, k, options.maxDepth(), options.threads());
    Graph g = sk.graph().copy();
    Meek.applyKnowledge(g, k);
    Set<Long> ambiguous = new HashSet<>();
    List<int[]> colliders = new ArrayList<>();
    for (int[] t : unshieldedTriples(g)) {
      int decision = classify(test, g, sk.sepsets(), t[0], t[1], t[2]);
      if (decision > 0) colliders.add(t);
      else if (decision == 0) ambiguous.add(Meek.tripleKey(t[0], t[1], t[2]));
    }
    orientColliders(test, g, colliders, k);
    Meek.orientInPlace(g, k, ambiguous);
    return g;
  }

  /** Unshielded triples x – y – z with x &lt; z and x, z not adjacent. */
  static List<int[]> unshieldedTriples(Graph g) {
    List<int[]> out = new ArrayList<>();
    int n = g.size();
    for (int y = 0; y < n; y++) {
      int[] adj = g.adjacents(y);
      for (int a = 0; a < adj.length; a++) {
        for (int b = a + 1; b < adj.length; b++) {
          if (!g.adjacent(adj[a], adj[b])) out.add(new int[] {adj[a], y, adj[b]});
        }
      }
    }
    return out;
  }

  /** 1 collider, -1 non-collider, 0 ambiguous. */
  private int classify(IndependenceTest test, Graph g, Sepsets sepsets, int x, int y, int z) {
    if (options.colliderRule() == ColliderRule.SEPSET) {
      if (sepsets.get(x, z) == null) return 0; // unjoined by knowledge, never tested: undecided
      return sepsets.contains(x, z, y) ? -1 : 1;
    }
    int with = 0;
    int total = 0;
    for (int[] s : separatingSubsets(test, g, x, z)) {
      total++;
      for (int v : s) if (v == y) {
        with++;
        break;
      }
    }
    if (total == 0) return 0;
    if (options.colliderRule() == ColliderRule.CONSERVATIVE) return with == 0 ? 1 : with == total ? -1 : 0;
    return 2 * with < total ? 1 : 2 * with > total ? -1 : 0;
  }

  /** Every distinct subset of adj(x)\{z} or adj(z)\{x} (up to maxDepth) that separates x and z. */
  private List<int[]> separatingSubsets(IndependenceTest test, Graph g, int x, int z) {
    List<int[]> out = new ArrayList<>();
    Set<List<Integer>> seen = new HashSet<>();
    for (int[] cand : new int[][] {Skeleton.without(g.adjacents(x), z), Skeleton.without(g.adjacents(z), x)}) {
      int max = options.maxDepth() < 0 ? cand.length : Math.min(cand.length, options.maxDepth());
      for (int d = 0; d <= max; d++) {
        Combinations c = new Combinations(cand, d);
        for (int[] s = c.next(); s != null; s = c.next()) {
          List<Integer> key = new ArrayList<>();
          for (int v : s) key.add(v);
          key.sort(null);
          if (!seen.add(key)) continue;
          if (test.independent(x, z, s)) out.add(s.clone());
        }
      }
    }
    return out;
  }

  private void orientColliders(IndependenceTest test, Graph g, List<int[]> colliders, Knowledge k) {
    List<int[]> allowed = new ArrayList<>();
    for (int[] t : colliders) {
      if (k != null && (!k.allows(t[0], t[1]) || !k.allows(t[2], t[1]))) continue;
      allowed.add(t);
    }
    if (hasConflict(allowed, g.size())) {
      double[] strength = new double[allowed.size()];
      for (int i = 0; i < allowed.size(); i++) strength[i] = largestPValueWithMiddle(test, g, allowed.get(i));
      Integer[] order = new Integer[allowed.size()];
      for (int i = 0; i < order.length; i++) order[i] = i;
      java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> strength[i]));
      List<int[]> sorted = new ArrayList<>();
      for (int i : order) sorted.add(allowed.get(i));
      allowed = sorted;
    }
    for (int[] t : allowed) {
      int x = t[0], y = t[1], z = t[2];
      if (g.isDirected(y, x) || g.isDirected(y, z)) continue;
      g.addDirected(x, y);
      g.addDirected(z, y);
    }
  }

  private static boolean hasConflict(List<int[]> colliders, int n) {
    boolean[] head = new boolean[n * n]; // [from*n+to]: an arrow into 'to' on edge from–to
    for (int[] t : colliders) {
      head[t[0] * n + t[1]] = true;
      head[t[2] * n + t[1]] = true;
    }
    for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (head[i * n + j] && head[j * n + i]) return true;
    return false;
  }

  /** The largest p-value of x ⫫ z | S over subsets S of adj(x)\{z} or adj(z)\{x} that contain y. */
  private double largestPValueWithMiddle(IndependenceTest test, Graph g, int[] t) {
    int x = t[0], y = t[1], z = t[2];
    double best = 0;
    for (int[] cand : new int[][] {Skeleton.without(Skeleton.without(g.adjacents(x), z), y),
        Skeleton.without(Skeleton.without(g.adjacents(z), x), y)}) {
      int max = options.maxDepth() < 0 ? cand.length : Math.min(cand.length, options.maxDepth() - 1);
      for (int d = 0; d <= max; d++) {
        Combinations c = new Combinations(cand, d);
        for (int[] s = c.next(); s != null; s = c.next()) {
          int[] with = java.util.Arrays.copyOf(s, d + 1);
          with[d] = y;
          best = Math.max(best, test.pValue(x, z, with));
        }
      }
    }
    return best;
  }
}
