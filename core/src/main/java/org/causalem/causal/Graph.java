package org.causalem.causal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A mixed graph over named nodes: DAGs, CPDAGs/PDAGs (directed and undirected edges), and PAGs
 * (circle marks, bidirected edges). Nodes are addressed by index; at most one edge per pair.
 *
 * <p>Stored as an n×n byte matrix of end marks: {@code end[i][j]} is the mark at j on the edge between
 * i and j (0 when there is no edge). Mutable, for the searches; {@link #copy()} before sharing.
 */
public final class Graph {
  private static final byte NONE = 0;
  private static final Mark[] MARKS = Mark.values();

  private final List<String> nodes;
  private final int n;
  private final byte[] end;

  public Graph(List<String> nodes) {
    this.nodes = List.copyOf(nodes);
    if (this.nodes.stream().distinct().count() != this.nodes.size()) throw new IllegalArgumentException("duplicate node names in " + nodes);
    this.n = this.nodes.size();
    this.end = new byte[n * n];
  }

  private Graph(Graph g) {
    this.nodes = g.nodes;
    this.n = g.n;
    this.end = g.end.clone();
  }

  /** A DAG from a parent matrix: {@code parentOf[i][j]} true means i → j. */
  public static Graph fromAdjacency(List<String> nodes, boolean[][] parentOf) {
    Graph g = new Graph(nodes);
    for (int i = 0; i < g.n; i++) for (int j = 0; j < g.n; j++) if (parentOf[i][j]) g.addDirected(i, j);
    return g;
  }

  public Graph copy() { return new Graph(this); }

  public List<String> nodes() { return nodes; }

  public int size() { return n; }

  /** Index of the node called {@code name}. @throws IllegalArgumentException when absent */
  public int index(String name) {
    int i = nodes.indexOf(name);
    if (i < 0) throw new IllegalArgumentException("no node '" + name + "'; nodes are " + nodes);
    return i;
  }

  /** Adds (or replaces) the edge i–j with the given marks at i and at j. */
  public void addEdge(int i, int j, Mark atI, Mark atJ) {
    if (i == j) throw new IllegalArgumentException("self loop on " + nodes.get(i));
    end[i * n + j] = (byte) (atJ.ordinal() + 1);
    end[j * n + i] = (byte) (atI.ordinal() + 1);
  }

  /** i → j. */
  public void addDirected(int i, int j) { addEdge(i, j, Mark.TAIL, Mark.ARROW); }

  /** i — j. */
  public void addUndirected(int i, int j) { addEdge(i, j, Mark.TAIL, Mark.TAIL); }

  /** i ↔ j. */
  public void addBidirected(int i, int j) { addEdge(i, j, Mark.ARROW, Mark.ARROW); }

  public void removeEdge(int i, int j) {
    end[i * n + j] = NONE;
    end[j * n + i] = NONE;
  }

  public boolean adjacent(int i, int j) { return end[i * n + j] != NONE; }

  /** The mark at j on the edge i–j, or null when not adjacent. */
  public Mark mark(int i, int j) {
    byte b = end[i * n + j];
    return b == NONE ? null : MARKS[b - 1];
  }

  /** Sets the mark at j on the existing edge i–j. */
  public void setMark(int i, int j, Mark atJ) {
    if (!adjacent(i, j)) throw new IllegalArgumentException("no edge " + nodes.get(i) + "–" + nodes.get(j));
    end[i * n + j] = (byte) (atJ.ordinal() + 1);
  }

  /** i → j. */
  public boolean isDirected(int i, int j) { return mark(i, j) == Mark.ARROW && mark(j, i) == Mark.TAIL; }

  /** i — j. */
  public boolean isUndirected(int i, int j) { return mark(i, j) == Mark.TAIL && mark(j, i) == Mark.TAIL; }

  /** i ↔ j. */
  public boolean isBidirected(int i, int j) { return mark(i, j) == Mark.ARROW && mark(j, i) == Mark.ARROW; }

  /** Nodes adjacent to i, ascending. */
  public int[] adjacents(int i) {
    int[] out = new int[n];
    int m = 0;
    for (int j = 0; j < n; j++) if (end[i * n + j] != NONE) out[m++] = j;
    return Arrays.copyOf(out, m);
  }

  /** Nodes j with j → i, ascending. */
  public int[] parents(int i) {
    int[] out = new int[n];
    int m = 0;
    for (int j = 0; j < n; j++) if (isDirected(j, i)) out[m++] = j;
    return Arrays.copyOf(out, m);
  }

  /** Nodes j with i → j, ascending. */
  public int[] children(int i) {
    int[] out = new int[n];
    int m = 0;
    for (int j = 0; j < n; j++) if (isDirected(i, j)) out[m++] = j;
    return Arrays.copyOf(out, m);
  }

  /** Every edge once, directed edges tail first, others with the lower index first. */
  public List<Edge> edges() {
    List<Edge> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (!adjacent(i, j)) continue;
        if (isDirected(j, i)) out.add(new Edge(j, i, Mark.TAIL, Mark.ARROW));
        else out.add(new Edge(i, j, mark(j, i), mark(i, j)));
      }
    }
    return out;
  }

  public int edgeCount() {
    int c = 0;
    for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (adjacent(i, j)) c++;
    return c;
  }

  /** True when every edge is directed and there is no directed cycle. */
  public boolean isDag() {
    for (Edge e : edges()) if (!e.directed()) return false;
    return topologicalOrder() != null;
  }

  /** A topological order of the directed part (parents first), or null when it has a directed cycle. */
  public int[] topologicalOrder() {
    int[] indeg = new int[n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (isDirected(i, j)) indeg[j]++;
    int[] order = new int[n];
    int head = 0;
    int tail = 0;
    for (int i = 0; i < n; i++) if (indeg[i] == 0) order[tail++] = i;
    while (head < tail) {
      int v = order[head++];
      for (int j = 0; j < n; j++) {
        if (isDirected(v, j) && --indeg[j] == 0) order[tail++] = j;
      }
    }
    return tail == n ? order : null;
  }

  /** True when there is a directed path from i to j (of length ≥ 0). */
  public boolean isAncestor(int i, int j) {
    if (i == j) return true;
    boolean[] seen = new boolean[n];
    int[] stack = new int[n];
    int top = 0;
    stack[top++] = i;
    seen[i] = true;
    while (top > 0) {
      int v = stack[--top];
      for (int c = 0; c < n; c++) {
        if (!seen[c] && isDirected(v, c)) {
          if (c == j) return true;
          seen[c] = true;
          stack[top++] = c;
        }
      }
    }
    return false;
  }

  /**
   * d-separation (m-separation where the graph has bidirected edges): true when every path between
   * x and y is blocked by z. Circle marks are not allowed.
   */
  public boolean dSeparated(int x, int y, int[] z) {
    if (x == y) throw new IllegalArgumentException("x and y are the same node " + nodes.get(x));
    boolean[] inZ = new boolean[n];
    for (int v : z) inZ[v] = true;
    if (inZ[x] || inZ[y]) throw new IllegalArgumentException("x or y is in the conditioning set");
    // ancestors of Z (including Z): a collider is open iff it is one of them
    boolean[] anZ = new boolean[n];
    int[] stack = new int[n];
    int top = 0;
    for (int v : z) if (!anZ[v]) {
      anZ[v] = true;
      stack[top++] = v;
    }
    while (top > 0) {
      int v = stack[--top];
      for (int p = 0; p < n; p++) {
        if (!anZ[p] && isDirected(p, v)) {
          anZ[p] = true;
          stack[top++] = p;
        }
      }
    }
    // reachability over (node, arrived-with-arrowhead) states
    boolean[] visited = new boolean[2 * n];
    int[] queue = new int[2 * n];
    int qh = 0;
    int qt = 0;
    for (int b : adjacents(x)) {
      if (b == y) return false;
      checkNoCircle(x, b);
      int s = 2 * b + (mark(x, b) == Mark.ARROW ? 1 : 0);
      if (!visited[s]) {
        visited[s] = true;
        queue[qt++] = s;
      }
    }
    while (qh < qt) {
      int s = queue[qh++];
      int b = s >> 1;
      boolean intoB = (s & 1) == 1;
      for (int c : adjacents(b)) {
        checkNoCircle(b, c);
        boolean collider = intoB && mark(c, b) == Mark.ARROW;
        boolean pass = collider ? anZ[b] : !inZ[b];
        if (!pass) continue;
        if (c == y) return false;
        if (c == x) continue;
        int t = 2 * c + (mark(b, c) == Mark.ARROW ? 1 : 0);
        if (!visited[t]) {
          visited[t] = true;
          queue[qt++] = t;
        }
      }
    }
    return true;
  }

  private void checkNoCircle(int i, int j) {
    if (mark(i, j) == Mark.CIRCLE || mark(j, i) == Mark.CIRCLE) {
      throw new IllegalStateException("d-separation is undefined on circle edge " + nodes.get(i) + "–" + nodes.get(j));
    }
  }

  @Override public boolean equals(Object o) {
    return o instanceof Graph g && g.nodes.equals(nodes) && Arrays.equals(g.end, end);
  }

  @Override public int hashCode() { return Objects.hash(nodes, Arrays.hashCode(end)); }

  @Override public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Edge e : edges()) {
      if (sb.length() > 0) sb.append(", ");
      sb.append(nodes.get(e.a())).append(' ').append(e.type()).append(' ').append(nodes.get(e.b()));
    }
    return "Graph[" + sb + "]";
  }
}
