package org.causalem.causal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The order-independent adjacency search of PC-stable (Colombo &amp; Maathuis 2014): at each depth d the
 * adjacency sets are frozen, every remaining edge x–y is tested against the d-subsets of adj(x)\{y}
 * and of adj(y)\{x}, and the edges found independent are removed only at the end of the depth. The
 * result therefore does not depend on the variable order, and the edges of one depth are tested in
 * parallel. For a removed pair, every separating set of the removal depth is found and their union
 * recorded.
 */
public final class Skeleton {
  /** The undirected skeleton and the separating set of each removed pair. */
  public record Result(Graph graph, Sepsets sepsets) {}

  private Skeleton() {}

  /**
   * @param knowledge may be null; pairs forbidden in both directions start unjoined (with no
   *     separating set recorded), required edges are never removed
   * @param maxDepth largest conditioning set, or -1 for no limit
   * @param threads worker threads (1 = sequential)
   */
  public static Result find(IndependenceTest test, Knowledge knowledge, int maxDepth, int threads) {
    List<String> vars = test.variables();
    int n = vars.size();
    Graph g = new Graph(vars);
    Sepsets sepsets = new Sepsets();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (knowledge != null && knowledge.isForbiddenAdjacent(i, j) && !knowledge.isRequiredAdjacent(i, j)) {
          continue; // unjoined by knowledge: no separating set is known
        }
        g.addUndirected(i, j);
      }
    }
    ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
    try {
      for (int depth = 0; maxDepth < 0 || depth <= maxDepth; depth++) {
        int[][] adj = new int[n][];
        boolean any = false;
        for (int i = 0; i < n; i++) {
          adj[i] = g.adjacents(i);
          if (adj[i].length - 1 >= depth) any = true;
        }
        if (!any) break;
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          for (int j : adj[i]) {
            if (j <= i) continue;
            if (knowledge != null && knowledge.isRequiredAdjacent(i, j)) continue;
            if (adj[i].length - 1 < depth && adj[j].length - 1 < depth) continue;
            edges.add(new int[] {i, j});
          }
        }
        int[][] found = new int[edges.size()][];
        final int d = depth;
        Runnable work = () -> IntStream.range(0, edges.size()).parallel()
            .forEach(e -> found[e] = separate(test, edges.get(e)[0], edges.get(e)[1], adj, d));
        if (pool != null && edges.size() > 1) {
          Pools.await(pool, work);
        } else {
          for (int e = 0; e < edges.size(); e++) found[e] = separate(test, edges.get(e)[0], edges.get(e)[1], adj, d);
        }
        for (int e = 0; e < edges.size(); e++) {
          if (found[e] == null) continue;
          int[] xy = edges.get(e);
          g.removeEdge(xy[0], xy[1]);
          sepsets.put(xy[0], xy[1], found[e]);
        }
      }
    } finally {
      if (pool != null) pool.shutdown();
    }
    return new Result(g, sepsets);
  }

  /**
   * The union of every d-subset of adj(x)\{y} and of adj(y)\{x} that separates x and y, or null when
   * none does. Recording the union (rather than the first set found) makes the collider rule "y is in
   * no separating set found at the removal depth", as causal-learn's PC-stable does; the edge removal
   * itself is the same.
   */
  private static int[] separate(IndependenceTest test, int x, int y, int[][] adj, int depth) {
    int[] ax = without(adj[x], y);
    int[] ay = without(adj[y], x);
    boolean[] union = null;
    union = collect(test, x, y, ax, depth, null, union, adj.length);
    union = collect(test, x, y, ay, depth, ax, union, adj.length);
    if (union == null) return null;
    int m = 0;
    int[] out = new int[adj.length];
    for (int v = 0; v < union.length; v++) if (union[v]) out[m++] = v;
    return java.util.Arrays.copyOf(out, m);
  }

  private static boolean[] collect(IndependenceTest test, int x, int y, int[] candidates, int depth, int[] alreadyTested,
      boolean[] union, int n) {
    if (candidates.length < depth) return union;
    Combinations c = new Combinations(candidates, depth);
    for (int[] z = c.next(); z != null; z = c.next()) {
      if (alreadyTested != null && subsetOf(z, alreadyTested)) continue;
      if (test.independent(x, y, z)) {
        if (union == null) union = new boolean[n];
        for (int v : z) union[v] = true;
      }
    }
    return union;
  }

  static int[] without(int[] a, int v) {
    int[] out = new int[a.length];
    int m = 0;
    for (int x : a) if (x != v) out[m++] = x;
    return java.util.Arrays.copyOf(out, m);
  }

  private static boolean subsetOf(int[] z, int[] sortedSet) {
    for (int v : z) if (java.util.Arrays.binarySearch(sortedSet, v) < 0) return false;
    return true;
  }
}
