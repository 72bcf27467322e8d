package org.causalem.causal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.causalem.data.BadInputException;
import org.causalem.numeric.LeastSquares;
import org.causalem.table.DescriptorTable;

/**
 * Causal effects of one variable on another that a graph implies, and the confounding check.
 *
 * <p>Valid adjustment sets follow the adjustment criterion (Shpitser et al. 2010; Perković et al.
 * 2018): Z contains no descendant of a node (other than X) on a proper causal path from X to Y, and Z
 * d-separates X and Y in the proper back-door graph (the first edge of every such causal path
 * removed). Every back-door set satisfies it. On a CPDAG a set is valid when it is valid in every DAG
 * of the Markov equivalence class (enumerated: at most {@link #MAX_UNDIRECTED} undirected edges); that
 * is the generalized adjustment criterion's definition, and no set exists when the CPDAG is not
 * amenable. Sets are enumerated over at most {@link #MAX_CANDIDATES} candidate variables.
 *
 * <p>The adjusted effect is the OLS coefficient of X in Y ~ X + Z (with intercept) for the optimal
 * set of Henckel, Perković & Maathuis (2022) {@code O = pa(cn) \ (forb ∪ {X})} where it is valid,
 * else the smallest valid set; next to it the naive coefficient of Y ~ X. They are flagged as
 * differing when {@code |adjusted − naive| > 2·√(se_a² + se_n²)}.
 */
public final class Effects {
  static final int MAX_UNDIRECTED = 14;
  static final int MAX_CANDIDATES = 16;

  /**
   * The result for one cause and effect.
   *
   * @param identifiable true when at least one valid adjustment set exists
   * @param adjustmentSets every valid set (names), smallest first; empty when not identifiable. With
   *     more than {@link #MAX_CANDIDATES} candidate variables only the optimal sets of the DAGs in the
   *     class that are valid for all of them are listed ({@code allSetsListed} false)
   * @param allSetsListed whether {@code adjustmentSets} is the complete list
   * @param usedSet the set used for the adjusted estimate (null when not identifiable)
   * @param adjusted OLS coefficient of the cause in effect ~ cause + usedSet (NaN when not identifiable)
   * @param naive OLS coefficient of the cause in effect ~ cause
   * @param confounded true when adjusted and naive differ by more than 2 combined standard errors
   */
  public record Estimate(String cause, String effect, boolean identifiable, List<List<String>> adjustmentSets, boolean allSetsListed,
      List<String> usedSet,
      double adjusted, double adjustedSe, double naive, double naiveSe, boolean confounded) {}

  private Effects() {}

  /** Valid adjustment sets for X → Y in a DAG or CPDAG, as index arrays, smallest first. */
  public static List<int[]> adjustmentSets(Graph graph, int x, int y) {
    check(graph, x, y);
    List<Graph> dags = dagsInClass(graph);
    int n = graph.size();
    int[] candidates = new int[n - 2];
    int m = 0;
    for (int v = 0; v < n; v++) if (v != x && v != y) candidates[m++] = v;
    if (m > MAX_CANDIDATES) {
      throw new IllegalArgumentException("graph has " + m + " candidate adjustment variables; enumeration is limited to " + MAX_CANDIDATES);
    }
    List<int[]> out = new ArrayList<>();
    for (int mask = 0; mask < (1 << m); mask++) {
      int[] z = new int[Integer.bitCount(mask)];
      int k = 0;
      for (int b = 0; b < m; b++) if ((mask & (1 << b)) != 0) z[k++] = candidates[b];
      boolean ok = true;
      for (Graph d : dags) {
        if (!validInDag(d, x, y, z)) {
          ok = false;
          break;
        }
      }
      if (ok) out.add(z);
    }
    out.sort((a, b) -> a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compare(a, b));
    return out;
  }

  /** The adjustment criterion in a DAG. */
  public static boolean validInDag(Graph dag, int x, int y, int[] z) {
    int n = dag.size();
    boolean[] inZ = new boolean[n];
    for (int v : z) inZ[v] = true;
    if (inZ[x] || inZ[y]) return false;
    // nodes on proper causal paths from x to y (other than x): descendants of x that are ancestors of y
    boolean[] causal = causalNodes(dag, x, y);
    // forb: descendants of causal nodes
    for (int w = 0; w < n; w++) {
      if (!causal[w]) continue;
      for (int v = 0; v < n; v++) if (inZ[v] && dag.isAncestor(w, v)) return false;
    }
    Graph pbd = dag.copy();
    for (int c : dag.children(x)) if (causal[c]) pbd.removeEdge(x, c);
    return pbd.dSeparated(x, y, z);
  }

  /** Nodes w ≠ x with x ⇝ w ⇝ y (directed paths). */
  private static boolean[] causalNodes(Graph dag, int x, int y) {
    int n = dag.size();
    boolean[] out = new boolean[n];
    for (int w = 0; w < n; w++) out[w] = w != x && dag.isAncestor(x, w) && dag.isAncestor(w, y);
    return out;
  }

  /** The optimal adjustment set O = pa(cn) \ (forb ∪ {x}) in a DAG (valid whenever any set is). */
  static int[] optimalSet(Graph dag, int x, int y) {
    int n = dag.size();
    boolean[] causal = causalNodes(dag, x, y);
    boolean[] forb = new boolean[n];
    forb[x] = true;
    for (int w = 0; w < n; w++) if (causal[w]) for (int v = 0; v < n; v++) if (dag.isAncestor(w, v)) forb[v] = true;
    boolean[] o = new boolean[n];
    for (int w = 0; w < n; w++) if (causal[w]) for (int p : dag.parents(w)) if (!forb[p]) o[p] = true;
    return indices(o);
  }

  /** The optimal sets of the DAGs in the class that are valid in every one of them. */
  static List<int[]> optimalSets(Graph graph, int x, int y) {
    check(graph, x, y);
    List<Graph> dags = dagsInClass(graph);
    List<int[]> out = new ArrayList<>();
    for (Graph d : dags) {
      int[] o = optimalSet(d, x, y);
      boolean seen = false;
      for (int[] s : out) seen |= Arrays.equals(s, o);
      if (seen) continue;
      boolean ok = true;
      for (Graph e : dags) ok &= validInDag(e, x, y, o);
      if (ok) out.add(o);
    }
    out.sort((a, b) -> a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compare(a, b));
    return out;
  }

  /** The graph itself when it is a DAG; for a CPDAG every consistent extension (no new v-structure, acyclic). */
  static List<Graph> dagsInClass(Graph g) {
    int n = g.size();
    List<int[]> undirected = new ArrayList<>();
    for (Edge e : g.edges()) {
      if (e.undirected()) undirected.add(new int[] {e.a(), e.b()});
      else if (!e.directed()) throw new IllegalArgumentException("effects need a DAG or CPDAG; found edge type " + e.type() + " between "
          + g.nodes().get(e.a()) + " and " + g.nodes().get(e.b()));
    }
    if (undirected.isEmpty()) {
      if (g.topologicalOrder() == null) throw new IllegalArgumentException("graph has a directed cycle");
      return List.of(g);
    }
    if (undirected.size() > MAX_UNDIRECTED) {
      throw new IllegalArgumentException("CPDAG has " + undirected.size() + " undirected edges; enumeration is limited to " + MAX_UNDIRECTED);
    }
    int vs = vStructures(g);
    List<Graph> out = new ArrayList<>();
    for (int mask = 0; mask < (1 << undirected.size()); mask++) {
      Graph d = g.copy();
      for (int k = 0; k < undirected.size(); k++) {
        int[] e = undirected.get(k);
        if ((mask & (1 << k)) != 0) d.addDirected(e[0], e[1]);
        else d.addDirected(e[1], e[0]);
      }
      if (d.topologicalOrder() != null && vStructures(d) == vs) out.add(d);
    }
    if (out.isEmpty()) throw new IllegalArgumentException("the PDAG has no consistent DAG extension");
    return out;
  }

  /** Number of unshielded colliders a → c ← b. */
  private static int vStructures(Graph g) {
    int n = g.size();
    int count = 0;
    for (int c = 0; c < n; c++) {
      int[] pa = g.parents(c);
      for (int i = 0; i < pa.length; i++) for (int j = i + 1; j < pa.length; j++) if (!g.adjacent(pa[i], pa[j])) count++;
    }
    return count;
  }

  /** Adjustment sets, the adjusted and the naive effect of {@code cause} on {@code effect}. */
  public static Estimate estimate(Graph graph, DescriptorTable data, String cause, String effect) {
    Objects.requireNonNull(data, "data");
    int x = graph.index(cause);
    int y = graph.index(effect);
    for (String v : graph.nodes()) {
      if (data.indexOf(v) < 0) throw new IllegalArgumentException("graph node '" + v + "' is not a column; columns are " + data.names());
    }
    boolean complete = graph.size() - 2 <= MAX_CANDIDATES;
    List<int[]> sets = complete ? adjustmentSets(graph, x, y) : optimalSets(graph, x, y);
    List<List<String>> named = new ArrayList<>();
    for (int[] s : sets) named.add(names(graph, s));
    double[] naive = ols(graph, data, x, y, new int[0]);
    if (sets.isEmpty()) {
      return new Estimate(cause, effect, false, named, complete, null, Double.NaN, Double.NaN, naive[0], naive[1], false);
    }
    int[] use = null;
    if (graph.isDag()) {
      int[] o = optimalSet(graph, x, y);
      for (int[] s : sets) if (Arrays.equals(s, o)) use = s;
    }
    if (use == null) use = sets.get(0);
    double[] adj = ols(graph, data, x, y, use);
    boolean confounded = Math.abs(adj[0] - naive[0]) > 2 * Math.sqrt(adj[1] * adj[1] + naive[1] * naive[1]);
    return new Estimate(cause, effect, true, named, complete, names(graph, use), adj[0], adj[1], naive[0], naive[1], confounded);
  }

  /** {coefficient of x, its standard error} in y ~ 1 + x + z. */
  private static double[] ols(Graph graph, DescriptorTable data, int x, int y, int[] z) {
    double[] yc = data.column(graph.nodes().get(y));
    int n = yc.length;
    int k = 1 + z.length;
    if (n <= k + 1) throw new BadInputException("need more than " + (k + 1) + " rows for the regression, got " + n);
    double[][] cols = new double[k][];
    cols[0] = data.column(graph.nodes().get(x));
    for (int i = 0; i < z.length; i++) cols[1 + i] = data.column(graph.nodes().get(z[i]));
    for (double[] c : cols) {
      for (double v : c) if (!Double.isFinite(v)) throw new BadInputException("column has missing values; drop incomplete rows first");
    }
    LeastSquares.Fit fit = LeastSquares.ols(cols, yc);
    return new double[] {fit.coefficients()[0], fit.standardError(0)};
  }

  private static List<String> names(Graph g, int[] s) {
    List<String> out = new ArrayList<>();
    for (int v : s) out.add(g.nodes().get(v));
    return List.copyOf(out);
  }

  private static int[] indices(boolean[] b) {
    int c = 0;
    for (boolean v : b) if (v) c++;
    int[] out = new int[c];
    c = 0;
    for (int i = 0; i < b.length; i++) if (b[i]) out[c++] = i;
    return out;
  }

  private static void check(Graph g, int x, int y) {
    if (x == y) throw new IllegalArgumentException("cause and effect are the same node " + g.nodes().get(x));
    if (x < 0 || y < 0 || x >= g.size() || y >= g.size()) throw new IllegalArgumentException("node index out of range");
  }
}
