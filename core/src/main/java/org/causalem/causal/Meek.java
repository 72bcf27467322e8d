package org.causalem.causal;

import java.util.Set;

/**
 * Meek's orientation rules (Meek 1995) on a PDAG (directed and undirected edges): they orient every
 * undirected edge whose direction is implied by the directed ones, acyclicity and the absence of new
 * unshielded colliders. Rules 1–3 complete a PDAG whose directed edges are its v-structures; rule 4 is
 * needed only with background knowledge.
 */
public final class Meek {
  private Meek() {}

  /** The PDAG with rules 1–4 applied, under no knowledge; {@code pdag} is not modified. */
  public static Graph orient(Graph pdag) { return orient(pdag, null, Set.of()); }

  /**
   * The PDAG with the knowledge's required and forbidden orientations applied, then rules 1–4;
   * {@code pdag} is not modified.
   *
   * @param knowledge may be null
   * @param ambiguousTriples unshielded triples (key {@link #tripleKey}) that rule 1 must not use
   *     (the conservative and majority collider rules leave them undecided)
   */
  public static Graph orient(Graph pdag, Knowledge knowledge, Set<Long> ambiguousTriples) {
    Graph g = pdag.copy();
    orientInPlace(g, knowledge, ambiguousTriples);
    return g;
  }

  /** Key of the unshielded triple x – y – z (unordered in x, z). */
  public static long tripleKey(int x, int y, int z) {
    int a = Math.min(x, z);
    int c = Math.max(x, z);
    return ((long) a << 42) | ((long) y << 21) | c;
  }

  static void applyKnowledge(Graph g, Knowledge k) {
    if (k == null) return;
    int n = g.size();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j || !g.isUndirected(i, j)) continue;
        if (k.isRequired(i, j) || (k.isForbidden(j, i) && !k.isForbidden(i, j))) g.addDirected(i, j);
      }
    }
  }

  static void orientInPlace(Graph g, Knowledge k, Set<Long> ambiguous) {
    applyKnowledge(g, k);
    int n = g.size();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          if (a == b || !g.isUndirected(a, b)) continue;
          if (allowed(k, a, b) && (rule1(g, a, b, ambiguous) || rule2(g, a, b) || rule3(g, a, b) || rule4(g, a, b))) {
            g.addDirected(a, b);
            changed = true;
          }
        }
      }
    }
  }

  private static boolean allowed(Knowledge k, int a, int b) { return k == null || k.allows(a, b); }

  /** c → a — b, c not adjacent to b  ⇒  a → b. */
  private static boolean rule1(Graph g, int a, int b, Set<Long> ambiguous) {
    for (int c = 0; c < g.size(); c++) {
      if (c != b && g.isDirected(c, a) && !g.adjacent(c, b) && !ambiguous.contains(tripleKey(c, a, b))) return true;
    }
    return false;
  }

  /** a → c → b and a — b  ⇒  a → b. */
  private static boolean rule2(Graph g, int a, int b) {
    for (int c = 0; c < g.size(); c++) if (g.isDirected(a, c) && g.isDirected(c, b)) return true;
    return false;
  }

  /** a — c → b, a — d → b, c and d not adjacent, a — b  ⇒  a → b. */
  private static boolean rule3(Graph g, int a, int b) {
    int n = g.size();
    for (int c = 0; c < n; c++) {
      if (c == b || !g.isUndirected(a, c) || !g.isDirected(c, b)) continue;
      for (int d = c + 1; d < n; d++) {
        if (d != b && g.isUndirected(a, d) && g.isDirected(d, b) && !g.adjacent(c, d)) return true;
      }
    }
    return false;
  }

  /** a — d → c → b, a adjacent to c, d not adjacent to b, a — b  ⇒  a → b. */
  private static boolean rule4(Graph g, int a, int b) {
    int n = g.size();
    for (int c = 0; c < n; c++) {
      if (c == a || c == b || !g.isDirected(c, b) || !g.adjacent(a, c)) continue;
      for (int d = 0; d < n; d++) {
        if (d != b && d != c && g.isUndirected(a, d) && g.isDirected(d, c) && !g.adjacent(d, b)) return true;
      }
    }
    return false;
  }
}
