package org.causalem.causal;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * FCI (Spirtes, Glymour &amp; Scheines; orientation rules of Zhang 2008) for data that may have latent
 * confounders. Output: a PAG with circle, tail and arrowhead marks.
 *
 * <p>Steps: the PC-stable skeleton; unshielded colliders (R0); the possible-d-sep phase (removes edges
 * that only a set beyond the adjacencies separates) and R0 again; background knowledge; then Zhang's
 * rules R1–R4 and R8–R10 until nothing changes. R5–R7 (selection bias) are not applied: the output
 * assumes no selection variables.
 */
public final class Fci {
  /**
   * @param knowledge may be null; a forbidden a → b puts an arrowhead at a (a is not an ancestor of b),
   *     a required a → b orients a → b
   * @param maxDepth largest conditioning set of the skeleton search, -1 for no limit
   * @param possibleDsepDepth largest conditioning set of the possible-d-sep phase; -1 for no limit, 0
   *     skips the phase
   * @param threads worker threads for the skeleton
   */
  public record Options(Knowledge knowledge, int maxDepth, int possibleDsepDepth, int threads) {
    public Options {
      if (maxDepth < -1) throw new IllegalArgumentException("maxDepth must be >= -1, got " + maxDepth);
      if (possibleDsepDepth < -1) throw new IllegalArgumentException("possibleDsepDepth must be >= -1, got " + possibleDsepDepth);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    public static Options defaults() { return new Options(null, -1, -1, Runtime.getRuntime().availableProcessors()); }

    public Options withKnowledge(Knowledge k) { return new Options(k, maxDepth, possibleDsepDepth, threads); }

    public Options withPossibleDsepDepth(int d) { return new Options(knowledge, maxDepth, d, threads); }
  }

  private final Options options;

  public Fci(Options options) { this.options = Objects.requireNonNull(options); }

  /** The PAG found with {@code test}. */
  public Graph search(IndependenceTest test) {
    Knowledge k = options.knowledge();
    if (k != null && !k.variables().equals(test.variables())) {
      throw new IllegalArgumentException("knowledge variables " + k.variables() + " differ from the test's " + test.variables());
    }
    Skeleton.Result sk = Skeleton.find(test, k, options.maxDepth(), options.threads());
    Sepsets sepsets = sk.sepsets().copy();
    Graph g = circles(sk.graph());
    orientColliders(g, sepsets);
    if (options.possibleDsepDepth() != 0) {
      Graph reduced = sk.graph().copy();
      possibleDsep(g, reduced, test, sepsets);
      g = circles(reduced);
      orientColliders(g, sepsets);
    }
    applyKnowledge(g, k);
    orient(g, sepsets);
    return g;
  }

  private static Graph circles(Graph skeleton) {
    Graph g = new Graph(skeleton.nodes());
    for (Edge e : skeleton.edges()) g.addEdge(e.a(), e.b(), Mark.CIRCLE, Mark.CIRCLE);
    return g;
  }

  /** R0: x *-> y <-* z for every unshielded triple whose separating set lacks y. */
  static void orientColliders(Graph g, Sepsets sepsets) {
    for (int[] t : PcStable.unshieldedTriples(g)) {
      if (sepsets.get(t[0], t[2]) != null && !sepsets.contains(t[0], t[2], t[1])) {
        g.setMark(t[0], t[1], Mark.ARROW);
        g.setMark(t[2], t[1], Mark.ARROW);
      }
    }
  }

  /**
   * Tests every remaining edge x–y against the subsets of Possible-D-Sep(x) and of Possible-D-Sep(y)
   * (computed once from the R0 graph), skipping sets inside adj(x) or adj(y), which the skeleton search
   * already tried. Edges are tested in parallel and removed together at the end, so the result does not
   * depend on the variable order.
   */
  private void possibleDsep(Graph oriented, Graph skeleton, IndependenceTest test, Sepsets sepsets) {
    int n = oriented.size();
    int[][] pds = new int[n][];
    int[][] adj = new int[n][];
    for (int x = 0; x < n; x++) {
      pds[x] = possibleDsepSet(oriented, x);
      adj[x] = skeleton.adjacents(x);
    }
    java.util.List<int[]> edges = new java.util.ArrayList<>();
    for (int x = 0; x < n; x++) {
      for (int y = x + 1; y < n; y++) {
        if (!skeleton.adjacent(x, y)) continue;
        if (options.knowledge() != null && options.knowledge().isRequiredAdjacent(x, y)) continue;
        edges.add(new int[] {x, y});
      }
    }
    int[][] found = new int[edges.size()][];
    Runnable work = () -> java.util.stream.IntStream.range(0, edges.size()).parallel().forEach(e -> {
      int x = edges.get(e)[0];
      int y = edges.get(e)[1];
      int[] ax = Skeleton.without(adj[x], y);
      int[] ay = Skeleton.without(adj[y], x);
      int[] s = separateWithin(test, x, y, Skeleton.without(pds[x], y), ax, ay);
      found[e] = s != null ? s : separateWithin(test, x, y, Skeleton.without(pds[y], x), ax, ay);
    });
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(options.threads());
    try {
      Pools.await(pool, work);
    } finally {
      pool.shutdown();
    }
    for (int e = 0; e < edges.size(); e++) {
      if (found[e] == null) continue;
      skeleton.removeEdge(edges.get(e)[0], edges.get(e)[1]);
      sepsets.put(edges.get(e)[0], edges.get(e)[1], found[e]);
    }
  }

  private int[] separateWithin(IndependenceTest test, int x, int y, int[] candidates, int[] adjX, int[] adjY) {
    int max = options.possibleDsepDepth() < 0 ? candidates.length : Math.min(candidates.length, options.possibleDsepDepth());
    for (int d = 1; d <= max; d++) {
      Combinations c = new Combinations(candidates, d);
      for (int[] s = c.next(); s != null; s = c.next()) {
        if (within(s, adjX) || within(s, adjY)) continue;
        if (test.independent(x, y, s)) return s.clone();
      }
    }
    return null;
  }

  private static boolean within(int[] s, int[] sorted) {
    for (int v : s) if (java.util.Arrays.binarySearch(sorted, v) < 0) return false;
    return true;
  }

  /**
   * Possible-D-Sep(x): nodes v joined to x by a path on which every inner node is a collider or the
   * middle of a triangle. Ascending.
   */
  static int[] possibleDsepSet(Graph g, int x) {
    int n = g.size();
    boolean[] in = new boolean[n];
    boolean[] seen = new boolean[n * n];
    ArrayDeque<int[]> queue = new ArrayDeque<>();
    for (int b : g.adjacents(x)) {
      in[b] = true;
      seen[x * n + b] = true;
      queue.add(new int[] {x, b});
    }
    while (!queue.isEmpty()) {
      int[] ab = queue.poll();
      int a = ab[0], b = ab[1];
      for (int c : g.adjacents(b)) {
        if (c == a || seen[b * n + c]) continue;
        boolean collider = g.mark(a, b) == Mark.ARROW && g.mark(c, b) == Mark.ARROW;
        if (!collider && !g.adjacent(a, c)) continue;
        seen[b * n + c] = true;
        if (c != x) in[c] = true;
        queue.add(new int[] {b, c});
      }
    }
    in[x] = false;
    int m = 0;
    int[] out = new int[n];
    for (int v = 0; v < n; v++) if (in[v]) out[m++] = v;
    return java.util.Arrays.copyOf(out, m);
  }

  private static void applyKnowledge(Graph g, Knowledge k) {
    if (k == null) return;
    int n = g.size();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j || !g.adjacent(i, j)) continue;
        if (k.isRequired(i, j)) {
          g.setMark(j, i, Mark.TAIL);
          g.setMark(i, j, Mark.ARROW);
        } else if (k.isForbidden(i, j) && !k.isRequired(j, i)) {
          g.setMark(j, i, Mark.ARROW);
        }
      }
    }
  }

  /** Zhang's R1–R4 and R8–R10, to a fixed point. */
  static void orient(Graph g, Sepsets sepsets) {
    boolean changed = true;
    while (changed) {
      changed = rule1(g) | rule2(g) | rule3(g) | rule4(g, sepsets);
      changed |= tailWhere(g, Fci::rule8) | tailWhere(g, Fci::rule9) | tailWhere(g, Fci::rule10);
    }
  }

  // g.mark(i, j) is the mark at j on the edge i–j

  /** a *-> b o-* c, a, c not adjacent ⇒ b -> c. */
  private static boolean rule1(Graph g) {
    boolean changed = false;
    int n = g.size();
    for (int b = 0; b < n; b++) {
      for (int a : g.adjacents(b)) {
        if (g.mark(a, b) != Mark.ARROW) continue;
        for (int c : g.adjacents(b)) {
          if (c == a || g.adjacent(a, c) || g.mark(c, b) != Mark.CIRCLE) continue;
          g.setMark(c, b, Mark.TAIL);
          g.setMark(b, c, Mark.ARROW);
          changed = true;
        }
      }
    }
    return changed;
  }

  private static boolean directed(Graph g, int a, int b) { return g.mark(b, a) == Mark.TAIL && g.mark(a, b) == Mark.ARROW; }

  /** a -> b *-> c or a *-> b -> c, and a *-o c ⇒ a *-> c. */
  private static boolean rule2(Graph g) {
    boolean changed = false;
    int n = g.size();
    for (int a = 0; a < n; a++) {
      for (int c : g.adjacents(a)) {
        if (g.mark(a, c) != Mark.CIRCLE) continue;
        for (int b : g.adjacents(a)) {
          if (b == c || !g.adjacent(b, c)) continue;
          if ((directed(g, a, b) && g.mark(b, c) == Mark.ARROW) || (g.mark(a, b) == Mark.ARROW && directed(g, b, c))) {
            g.setMark(a, c, Mark.ARROW);
            changed = true;
            break;
          }
        }
      }
    }
    return changed;
  }

  /** a *-> b <-* c, a *-o d o-* c, a, c not adjacent, d *-o b ⇒ d *-> b. */
  private static boolean rule3(Graph g) {
    boolean changed = false;
    int n = g.size();
    for (int b = 0; b < n; b++) {
      for (int d : g.adjacents(b)) {
        if (g.mark(d, b) != Mark.CIRCLE) continue;
        int[] adj = g.adjacents(b);
        outer:
        for (int a : adj) {
          if (a == d || g.mark(a, b) != Mark.ARROW || !g.adjacent(a, d) || g.mark(a, d) != Mark.CIRCLE) continue;
          for (int c : adj) {
            if (c == d || c == a || g.adjacent(a, c) || g.mark(c, b) != Mark.ARROW) continue;
            if (g.adjacent(c, d) && g.mark(c, d) == Mark.CIRCLE) {
              g.setMark(d, b, Mark.ARROW);
              changed = true;
              break outer;
            }
          }
        }
      }
    }
    return changed;
  }

  /**
   * R4: on a discriminating path &lt;t, ..., a, b, c&gt; for b with b o-* c: b -> c when b is in the
   * separating set of t and c, else a &lt;-&gt; b &lt;-&gt; c.
   */
  private static boolean rule4(Graph g, Sepsets sepsets) {
    boolean changed = false;
    int n = g.size();
    for (int c = 0; c < n; c++) {
      for (int b : g.adjacents(c)) {
        if (g.mark(c, b) != Mark.CIRCLE) continue;
        for (int a : g.adjacents(b)) {
          if (a == c || g.mark(b, a) != Mark.ARROW || !g.adjacent(a, c) || !directed(g, a, c)) continue;
          int t = discriminatingEnd(g, a, b, c);
          if (t < 0) continue;
          if (sepsets.contains(t, c, b)) {
            g.setMark(c, b, Mark.TAIL);
            g.setMark(b, c, Mark.ARROW);
          } else {
            g.setMark(a, b, Mark.ARROW);
            g.setMark(c, b, Mark.ARROW);
            g.setMark(b, c, Mark.ARROW);
          }
          changed = true;
          break;
        }
      }
    }
    return changed;
  }

  /** The far end t of a discriminating path &lt;t, ..., a, b, c&gt; for b, or -1 when none exists. */
  private static int discriminatingEnd(Graph g, int a, int b, int c) {
    int n = g.size();
    boolean[] seen = new boolean[n];
    seen[a] = seen[b] = seen[c] = true;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(a);
    while (!queue.isEmpty()) {
      int e = queue.poll(); // a collider-to-be on the path and a parent of c
      for (int f : g.adjacents(e)) {
        if (seen[f] || g.mark(f, e) != Mark.ARROW) continue;
        if (!g.adjacent(f, c)) return f;
        if (g.mark(e, f) == Mark.ARROW && directed(g, f, c)) {
          seen[f] = true;
          queue.add(f);
        }
      }
    }
    return -1;
  }

  /** A condition on an edge a o-> c under which R8, R9 or R10 makes it a -> c; reads the graph only. */
  @FunctionalInterface
  private interface TailCondition {
    boolean holds(Graph g, int a, int c);
  }

  /** R8–R10: every a o-> c for which {@code condition} holds becomes a -> c. */
  private static boolean tailWhere(Graph g, TailCondition condition) {
    boolean changed = false;
    int n = g.size();
    for (int a = 0; a < n; a++) {
      for (int c : g.adjacents(a)) {
        if (circleArrow(g, a, c) && condition.holds(g, a, c)) {
          g.setMark(c, a, Mark.TAIL);
          changed = true;
        }
      }
    }
    return changed;
  }

  /** R8 for a o-> c: a -> b -> c or a -o b -> c. */
  private static boolean rule8(Graph g, int a, int c) {
    for (int b : g.adjacents(a)) {
      if (b == c || !directed(g, b, c) || g.mark(b, a) != Mark.TAIL) continue;
      Mark atB = g.mark(a, b);
      if (atB == Mark.ARROW || atB == Mark.CIRCLE) return true;
    }
    return false;
  }

  private static boolean circleArrow(Graph g, int a, int c) { return g.mark(c, a) == Mark.CIRCLE && g.mark(a, c) == Mark.ARROW; }

  /** A potentially directed edge from u to v: no arrowhead at u, no tail at v. */
  private static boolean potentiallyDirected(Graph g, int u, int v) { return g.mark(v, u) != Mark.ARROW && g.mark(u, v) != Mark.TAIL; }

  /** R9 for a o-> c: an uncovered potentially directed path &lt;a, b, ..., c&gt; with b, c not adjacent. */
  private static boolean rule9(Graph g, int a, int c) {
    for (int b : g.adjacents(a)) {
      if (b == c || g.adjacent(b, c) || !potentiallyDirected(g, a, b)) continue;
      boolean[] onPath = new boolean[g.size()];
      onPath[a] = true;
      onPath[b] = true;
      if (uncoveredPdPath(g, a, b, c, onPath)) return true;
    }
    return false;
  }

  /** True when the walk ..., prev, cur extends to target along an uncovered potentially directed path. */
  private static boolean uncoveredPdPath(Graph g, int prev, int cur, int target, boolean[] onPath) {
    for (int next : g.adjacents(cur)) {
      if (onPath[next] || g.adjacent(prev, next) || !potentiallyDirected(g, cur, next)) continue;
      if (next == target) return true;
      onPath[next] = true;
      if (uncoveredPdPath(g, cur, next, target, onPath)) return true;
      onPath[next] = false;
    }
    return false;
  }

  /**
   * R10 for a o-> c: b -> c &lt;- d, and uncovered p.d. paths from a to b and from a to d whose first
   * nodes after a are distinct and not adjacent.
   */
  private static boolean rule10(Graph g, int a, int c) {
    int n = g.size();
    int[] into = g.adjacents(c);
    for (int i = 0; i < into.length; i++) {
      int b = into[i];
      if (b == a || !directed(g, b, c)) continue;
      for (int j = i + 1; j < into.length; j++) {
        int d = into[j];
        if (d == a || !directed(g, d, c)) continue;
        boolean[] firstToB = firstNodes(g, a, b);
        boolean[] firstToD = firstNodes(g, a, d);
        for (int mu = 0; mu < n; mu++) {
          if (!firstToB[mu]) continue;
          for (int omega = 0; omega < n; omega++) {
            if (firstToD[omega] && omega != mu && !g.adjacent(mu, omega)) return true;
          }
        }
      }
    }
    return false;
  }

  /** Nodes m adjacent to a such that an uncovered p.d. path from a to target starts a, m. */
  private static boolean[] firstNodes(Graph g, int a, int target) {
    int n = g.size();
    boolean[] out = new boolean[n];
    for (int m : g.adjacents(a)) {
      if (!potentiallyDirected(g, a, m)) continue;
      if (m == target) {
        out[m] = true;
        continue;
      }
      boolean[] onPath = new boolean[n];
      onPath[a] = true;
      onPath[m] = true;
      out[m] = uncoveredPdPath(g, a, m, target, onPath);
    }
    return out;
  }
}
