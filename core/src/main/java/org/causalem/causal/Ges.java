package org.causalem.causal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Greedy equivalence search (Chickering 2002) over CPDAGs with any decomposable {@link Score}: a
 * forward phase of the best valid Insert(X, Y, T) while the score improves, then a backward phase of
 * the best valid Delete(X, Y, H); the two phases are repeated (at most 10 rounds) while either still
 * improves the score, with a turning step between rounds (the best score-improving edge reversal in a
 * DAG of the current class), which lets a later round repair what an early greedy choice got wrong. Local scores are cached; candidate operators are scored in parallel.
 * Ties are broken by the lowest (X, Y) so the result is deterministic.
 */
public final class Ges {
  /**
   * @param knowledge may be null; required edges are in the starting graph and never deleted, an
   *     insert X → Y is skipped when X → Y is forbidden, and the final CPDAG is oriented by the
   *     knowledge with Meek's rules
   * @param maxParents largest parent set considered (limits the subsets T), -1 for no limit
   * @param threads worker threads (≥ 1)
   */
  public record Options(Knowledge knowledge, int maxParents, int threads) {
    public Options {
      if (maxParents < -1) throw new IllegalArgumentException("maxParents must be >= -1, got " + maxParents);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    public static Options defaults() { return new Options(null, -1, Runtime.getRuntime().availableProcessors()); }

    public Options withKnowledge(Knowledge k) { return new Options(k, maxParents, threads); }
  }

  private static final int MAX_ROUNDS = 10;

  private final Options options;

  public Ges(Options options) { this.options = Objects.requireNonNull(options); }

  /** The CPDAG that (locally) maximises {@code score}. */
  public Graph search(Score score) {
    Knowledge k = options.knowledge();
    if (k != null && !k.variables().equals(score.variables())) {
      throw new IllegalArgumentException("knowledge variables " + k.variables() + " differ from the score's " + score.variables());
    }
    Cache cache = new Cache(score);
    Graph g = new Graph(score.variables());
    if (k != null) { // required edges are there from the start and never deleted
      int n = g.size();
      for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (i != j && k.isRequired(i, j)) g.addDirected(i, j);
      if (g.topologicalOrder() == null) throw new IllegalArgumentException("required edges form a directed cycle: " + g);
      g = Cpdag.of(g);
    }
    ForkJoinPool pool = options.threads() > 1 ? new ForkJoinPool(options.threads()) : null;
    int rounds = 0;
    try {
      boolean improved = true;
      while (improved) { // repeat the two phases until neither improves the score
        improved = false;
        while (true) {
          Move m = best(g, cache, pool, true);
          if (m == null || !(m.delta > 1e-9)) break;
          g.addDirected(m.x, m.y);
          for (int t : m.set) g.addDirected(t, m.y);
          g = rebuild(g);
          improved = true;
        }
        while (true) {
          Move m = best(g, cache, pool, false);
          if (m == null || !(m.delta > 1e-9)) break;
          g.removeEdge(m.x, m.y);
          for (int h : m.set) {
            g.addDirected(m.y, h);
            if (g.isUndirected(m.x, h)) g.addDirected(m.x, h);
          }
          g = rebuild(g);
          improved = true;
        }
        Graph turned = turn(g, cache);
        if (turned != null) {
          g = turned;
          improved = true;
        }
        if (improved && ++rounds >= MAX_ROUNDS) break;
      }
    } finally {
      if (pool != null) pool.shutdown();
    }
    if (k != null) g = Meek.orient(g, k, java.util.Set.of());
    return g;
  }

  /**
   * The turning step: in a DAG of the current class, the single edge reversal that improves the score
   * most (reversing a covered edge changes nothing, so only class-changing reversals count); null when
   * none improves it.
   */
  private Graph turn(Graph cpdag, Cache cache) {
    Graph dag = Cpdag.consistentExtension(cpdag);
    if (dag == null) return null;
    Knowledge k = options.knowledge();
    double bestDelta = 1e-9;
    int bestA = -1;
    int bestB = -1;
    for (Edge e : dag.edges()) {
      int a = e.a();
      int b = e.b();
      if (k != null && (k.isForbidden(b, a) || k.isRequired(a, b))) continue;
      int[] paA = dag.parents(a);
      int[] paB = dag.parents(b);
      double delta = cache.local(b, minus(paB, new int[] {a})) + cache.local(a, with(paA, b))
          - cache.local(b, paB) - cache.local(a, paA);
      if (delta <= bestDelta) continue;
      dag.removeEdge(a, b);
      boolean cycle = dag.isAncestor(a, b); // another directed path a ~> b would close a cycle with b -> a
      dag.addDirected(a, b);
      if (cycle) continue;
      bestDelta = delta;
      bestA = a;
      bestB = b;
    }
    if (bestA < 0) return null;
    dag.addDirected(bestB, bestA);
    return Cpdag.of(dag);
  }

  private static Graph rebuild(Graph pdag) {
    Graph c = Cpdag.fromPdag(pdag);
    if (c == null) throw new IllegalStateException("GES produced a PDAG without a consistent extension: " + pdag);
    return c;
  }

  private record Move(double delta, int x, int y, int[] set) {}

  private Move best(Graph g, Cache cache, ForkJoinPool pool, boolean forward) {
    int n = g.size();
    Move[] perY = new Move[n];
    Runnable work = () -> IntStream.range(0, n).parallel().forEach(y -> perY[y] = forward ? bestInsert(g, cache, y) : bestDelete(g, cache, y));
    if (pool != null) {
      Pools.await(pool, work);
    } else {
      for (int y = 0; y < n; y++) perY[y] = forward ? bestInsert(g, cache, y) : bestDelete(g, cache, y);
    }
    Move best = null;
    for (Move m : perY) if (m != null && (best == null || m.delta > best.delta)) best = m;
    return best;
  }

  private Move bestInsert(Graph g, Cache cache, int y) {
    Knowledge k = options.knowledge();
    int n = g.size();
    int[] pa = g.parents(y);
    int[] nb = undirectedNeighbours(g, y);
    Move best = null;
    for (int x = 0; x < n; x++) {
      if (x == y || g.adjacent(x, y)) continue;
      if (k != null && k.isForbidden(x, y)) continue;
      int[] na = filter(g, nb, x, true);
      int[] tCand = filter(g, nb, x, false);
      int maxT = options.maxParents() < 0 ? tCand.length : Math.max(-1, Math.min(tCand.length, options.maxParents() - pa.length - na.length - 1));
      for (int size = 0; size <= maxT; size++) {
        Combinations c = new Combinations(tCand, size);
        boolean anyClique = false;
        for (int[] t = c.next(); t != null; t = c.next()) {
          int[] s = union(na, t);
          if (!clique(g, s)) continue;
          anyClique = true;
          if (!blocksSemiDirectedPaths(g, y, x, s)) continue;
          int[] base = union(s, pa);
          double delta = cache.local(y, with(base, x)) - cache.local(y, base);
          if (best == null || delta > best.delta) best = new Move(delta, x, y, t.clone());
        }
        if (!anyClique) break; // a larger T contains a smaller non-clique
      }
    }
    return best;
  }

  private Move bestDelete(Graph g, Cache cache, int y) {
    Knowledge k = options.knowledge();
    int[] pa = g.parents(y);
    int[] nb = undirectedNeighbours(g, y);
    Move best = null;
    for (int x : g.adjacents(y)) {
      if (!(g.isDirected(x, y) || g.isUndirected(x, y))) continue;
      if (k != null && k.isRequiredAdjacent(x, y)) continue;
      int[] na = filter(g, nb, x, true);
      for (int size = 0; size <= na.length; size++) {
        Combinations c = new Combinations(na, size);
        for (int[] h = c.next(); h != null; h = c.next()) {
          int[] rest = minus(na, h);
          if (!clique(g, rest)) continue;
          int[] paNoX = minus(pa, new int[] {x});
          int[] base = union(rest, paNoX);
          double delta = cache.local(y, base) - cache.local(y, with(base, x));
          if (best == null || delta > best.delta) best = new Move(delta, x, y, h.clone());
        }
      }
    }
    return best;
  }

  private static int[] undirectedNeighbours(Graph g, int y) {
    int[] adj = g.adjacents(y);
    int m = 0;
    int[] out = new int[adj.length];
    for (int v : adj) if (g.isUndirected(v, y)) out[m++] = v;
    return Arrays.copyOf(out, m);
  }

  /** The members of {@code nb} that are (or are not) adjacent to x. */
  private static int[] filter(Graph g, int[] nb, int x, boolean adjacentToX) {
    int m = 0;
    int[] out = new int[nb.length];
    for (int v : nb) if (g.adjacent(v, x) == adjacentToX) out[m++] = v;
    return Arrays.copyOf(out, m);
  }

  private static boolean clique(Graph g, int[] s) {
    for (int i = 0; i < s.length; i++) for (int j = i + 1; j < s.length; j++) if (!g.adjacent(s[i], s[j])) return false;
    return true;
  }

  /** True when every semi-directed path from y to x passes through a node of s. */
  private static boolean blocksSemiDirectedPaths(Graph g, int y, int x, int[] s) {
    int n = g.size();
    boolean[] blocked = new boolean[n];
    for (int v : s) blocked[v] = true;
    boolean[] seen = new boolean[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(y);
    seen[y] = true;
    while (!queue.isEmpty()) {
      int u = queue.poll();
      for (int v : g.adjacents(u)) {
        if (seen[v] || blocked[v]) continue;
        if (!(g.isDirected(u, v) || g.isUndirected(u, v))) continue;
        if (v == x) return false;
        seen[v] = true;
        queue.add(v);
      }
    }
    return true;
  }

  private static int[] union(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    Arrays.sort(out);
    return out;
  }

  private static int[] with(int[] a, int x) { return union(a, new int[] {x}); }

  private static int[] minus(int[] a, int[] b) {
    int m = 0;
    int[] out = new int[a.length];
    outer:
    for (int v : a) {
      for (int w : b) if (v == w) continue outer;
      out[m++] = v;
    }
    return Arrays.copyOf(out, m);
  }

  /** Thread-safe memo of local scores keyed by node and sorted parent set. */
  private static final class Cache {
    private final Score score;
    private final ConcurrentHashMap<Key, Double> memo = new ConcurrentHashMap<>();

    Cache(Score score) { this.score = score; }

    double local(int node, int[] sortedParents) {
      Key key = new Key(node, sortedParents);
      Double v = memo.get(key);
      if (v == null) {
        v = score.localScore(node, sortedParents.clone());
        memo.putIfAbsent(key, v);
      }
      return v;
    }
  }

  private static final class Key {
    private final int node;
    private final int[] parents;
    private final int hash;

    Key(int node, int[] parents) {
      this.node = node;
      this.parents = parents;
      this.hash = 31 * node + Arrays.hashCode(parents);
    }

    @Override public boolean equals(Object o) { return o instanceof Key k && k.node == node && Arrays.equals(k.parents, parents); }

    @Override public int hashCode() { return hash; }
  }
}
