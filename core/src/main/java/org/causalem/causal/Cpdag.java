package org.causalem.causal;

import java.util.Set;

/** Conversions between DAGs and their Markov equivalence classes (CPDAGs). */
public final class Cpdag {
  private Cpdag() {}

  /**
   * The CPDAG (essential graph) of a DAG: its skeleton with the v-structures directed, completed by
   * Meek's rules 1–3. Directed edges are those shared by every DAG in the equivalence class.
   *
   * @throws IllegalArgumentException when {@code dag} is not a DAG
   */
  public static Graph of(Graph dag) {
    if (!dag.isDag()) throw new IllegalArgumentException("not a DAG: " + dag);
    int n = dag.size();
    Graph g = new Graph(dag.nodes());
    for (Edge e : dag.edges()) g.addUndirected(e.a(), e.b());
    for (int y = 0; y < n; y++) {
      int[] pa = dag.parents(y);
      for (int i = 0; i < pa.length; i++) {
        for (int j = i + 1; j < pa.length; j++) {
          if (!dag.adjacent(pa[i], pa[j])) {
            g.addDirected(pa[i], y);
            g.addDirected(pa[j], y);
          }
        }
      }
    }
    Meek.orientInPlace(g, null, Set.of());
    return g;
  }

  /**
   * A DAG in the equivalence class of a PDAG (Dor &amp; Tarsi 1992): the undirected edges are oriented
   * without creating cycles or new v-structures; {@code pdag} is not modified.
   *
   * @return the extension, or null when the PDAG admits none
   */
  public static Graph consistentExtension(Graph pdag) {
    int n = pdag.size();
    Graph work = pdag.copy();
    Graph out = pdag.copy();
    boolean[] removed = new boolean[n];
    for (int left = n; left > 0; left--) {
      int sink = -1;
      for (int x = 0; x < n && sink < 0; x++) {
        if (removed[x] || !isCandidateSink(work, x, removed)) continue;
        sink = x;
      }
      if (sink < 0) return null;
      for (int y = 0; y < n; y++) {
        if (!removed[y] && y != sink && work.isUndirected(sink, y)) out.addDirected(y, sink);
      }
      removed[sink] = true;
      for (int y = 0; y < n; y++) if (y != sink && work.adjacent(sink, y)) work.removeEdge(sink, y);
    }
    return out;
  }

  // x has no outgoing directed edge, and each undirected neighbour of x is adjacent to every other neighbour of x
  private static boolean isCandidateSink(Graph g, int x, boolean[] removed) {
    int n = g.size();
    for (int y = 0; y < n; y++) if (!removed[y] && g.isDirected(x, y)) return false;
    for (int y = 0; y < n; y++) {
      if (removed[y] || !g.isUndirected(x, y)) continue;
      for (int z = 0; z < n; z++) {
        if (z != y && z != x && !removed[z] && g.adjacent(x, z) && !g.adjacent(y, z)) return false;
      }
    }
    return true;
  }

  /** The CPDAG of the equivalence class a PDAG represents (its consistent extension's CPDAG), or null. */
  public static Graph fromPdag(Graph pdag) {
    Graph dag = consistentExtension(pdag);
    return dag == null ? null : of(dag);
  }
}
