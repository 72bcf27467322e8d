package org.causalem.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.causal.Edge;
import org.causalem.causal.EdgeKey;
import org.causalem.causal.EdgeType;
import org.causalem.causal.Graph;
import org.causalem.causal.Mark;
import org.causalem.data.BadInputException;

/**
 * Graphs as text: Tetrad's text format ({@code Graph Nodes:} / {@code Graph Edges:} /
 * {@code 1. X1 --> X2}), causal-learn's endpoint matrix, Graphviz DOT, and the JSON of
 * {@code causalem discover}. Readers throw {@link BadInputException} naming the source and line.
 */
public final class GraphFormats {
  private GraphFormats() {}

  /** One edge with its optional annotations (null when absent). */
  public record AnnotatedEdge(String from, String to, EdgeType type, Double confidence, Double coefficient) {
    /** The edge as a key of per-edge values. */
    public EdgeKey key() { return new EdgeKey(from, to); }
  }

  /**
   * The edges of {@code g} in a canonical direction, so that only the forms {@code -->, ---, <->, o->,
   * o-o, o--} occur (an arrowhead or tail–circle edge is turned round when needed).
   */
  public static List<Edge> canonicalEdges(Graph g) {
    List<Edge> out = new ArrayList<>();
    for (Edge e : g.edges()) {
      boolean swap = (e.atA() == Mark.ARROW && e.atB() != Mark.ARROW) || (e.atA() == Mark.TAIL && e.atB() == Mark.CIRCLE);
      out.add(swap ? new Edge(e.b(), e.a(), e.atB(), e.atA()) : e);
    }
    return out;
  }

  // ---- Tetrad text ----

  /** Tetrad's text form. */
  public static String toTetrad(Graph g) {
    StringBuilder sb = new StringBuilder("Graph Nodes:\n").append(String.join(";", g.nodes())).append("\n\nGraph Edges:\n");
    int k = 1;
    for (Edge e : canonicalEdges(g)) {
      sb.append(k++).append(". ").append(g.nodes().get(e.a())).append(' ').append(e.type()).append(' ')
          .append(g.nodes().get(e.b())).append('\n');
    }
    return sb.toString();
  }

  /** Parses Tetrad's text form; trailing tokens after an edge (e.g. bootstrap annotations) are ignored. */
  public static Graph parseTetrad(String text, String source) {
    String[] lines = text.split("\r?\n", -1);
    int i = 0;
    while (i < lines.length && lines[i].isBlank()) i++;
    if (i >= lines.length || !lines[i].strip().equals("Graph Nodes:")) {
      throw new BadInputException(source + ": expected 'Graph Nodes:' on the first line, found '" + (i < lines.length ? lines[i].strip() : "") + "'");
    }
    i++;
    List<String> nodes = new ArrayList<>();
    for (; i < lines.length && !lines[i].strip().equals("Graph Edges:"); i++) {
      for (String s : lines[i].split("[;,]")) if (!s.isBlank()) nodes.add(s.strip());
    }
    if (i >= lines.length) throw new BadInputException(source + ": no 'Graph Edges:' line");
    Graph g;
    try {
      g = new Graph(nodes);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(source + ": " + e.getMessage());
    }
    for (i++; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) continue;
      if (line.startsWith("Graph Attributes:") || line.startsWith("Graph Node Attributes:")) break;
      String[] tok = line.split("\\s+");
      if (tok.length < 4 || !tok[0].matches("\\d+\\.")) {
        throw new BadInputException(source + " line " + (i + 1) + ": expected 'N. A --> B', found '" + line + "'");
      }
      int a = nodeIndex(g, tok[1], source, i);
      int b = nodeIndex(g, tok[3], source, i);
      EdgeType t = edgeType(tok[2], source + " line " + (i + 1));
      if (g.adjacent(a, b)) throw new BadInputException(source + " line " + (i + 1) + ": a second edge between " + tok[1] + " and " + tok[3]);
      if (a == b) throw new BadInputException(source + " line " + (i + 1) + ": self loop on " + tok[1]);
      g.addEdge(a, b, t.atFrom(), t.atTo());
    }
    return g;
  }

  private static int nodeIndex(Graph g, String name, String source, int line) {
    int k = g.nodes().indexOf(name);
    if (k < 0) throw new BadInputException(source + " line " + (line + 1) + ": node '" + name + "' is not in 'Graph Nodes:'");
    return k;
  }

  /** The edge type written as {@code symbol} (e.g. {@code -->} or {@code o-o}) at {@code where} of a graph file. */
  public static EdgeType edgeType(String symbol, String where) {
    try {
      return EdgeType.parse(symbol);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(where + ": unknown edge type '" + symbol + "'; expected -->, ---, <->, o->, o-o, <-o, o--, --o");
    }
  }

  // ---- causal-learn endpoint matrix ----

  private static int code(Mark m) { return m == Mark.TAIL ? -1 : m == Mark.ARROW ? 1 : 2; }

  /**
   * causal-learn's matrix: entry [i][j] is the mark at i on the edge i–j (−1 tail, 1 arrowhead, 2
   * circle, 0 no edge); so [i][j] = −1, [j][i] = 1 means i → j. Rows as space-separated integers.
   */
  public static String toCausalLearnMatrix(Graph g) {
    StringBuilder sb = new StringBuilder();
    int n = g.size();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (j > 0) sb.append(' ');
        sb.append(g.adjacent(i, j) ? code(g.mark(j, i)) : 0);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Parses causal-learn's endpoint matrix over {@code nodes}. */
  public static Graph parseCausalLearnMatrix(String text, List<String> nodes, String source) {
    int n = nodes.size();
    int[][] m = new int[n][];
    int row = 0;
    String[] lines = text.split("\r?\n");
    for (int ln = 0; ln < lines.length; ln++) {
      String line = lines[ln].strip();
      if (line.isEmpty()) continue;
      String[] tok = line.split("[\\s,]+");
      if (row >= n) throw new BadInputException(source + " line " + (ln + 1) + ": more than " + n + " rows for nodes " + nodes);
      if (tok.length != n) throw new BadInputException(source + " line " + (ln + 1) + ": " + tok.length + " values, expected " + n);
      m[row] = new int[n];
      for (int j = 0; j < n; j++) {
        try {
          m[row][j] = (int) Double.parseDouble(tok[j]);
        } catch (NumberFormatException e) {
          throw new BadInputException(source + " line " + (ln + 1) + ": '" + tok[j] + "' is not a number");
        }
        if (m[row][j] < -1 || m[row][j] > 2) throw new BadInputException(source + " line " + (ln + 1) + ": endpoint code " + m[row][j] + " not in {-1, 0, 1, 2}");
      }
      row++;
    }
    if (row != n) throw new BadInputException(source + ": " + row + " rows, expected " + n);
    Graph g = new Graph(nodes);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if ((m[i][j] == 0) != (m[j][i] == 0)) {
          throw new BadInputException(source + ": entries [" + i + "][" + j + "] = " + m[i][j] + " and [" + j + "][" + i + "] = " + m[j][i] + " disagree on whether there is an edge");
        }
        if (m[i][j] == 0) continue;
        g.addEdge(i, j, mark(m[i][j]), mark(m[j][i]));
      }
    }
    return g;
  }

  private static Mark mark(int code) { return code == -1 ? Mark.TAIL : code == 1 ? Mark.ARROW : Mark.CIRCLE; }

  // ---- DOT ----

  /** Graphviz DOT; an edge label (e.g. a confidence) is shown when {@code labels} has one for the edge. */
  public static String toDot(Graph g, Map<EdgeKey, String> labels) {
    StringBuilder sb = new StringBuilder("digraph causal {\n  node [shape=ellipse, fontname=\"Helvetica\"];\n");
    for (String v : g.nodes()) sb.append("  ").append(quote(v)).append(";\n");
    for (Edge e : canonicalEdges(g)) {
      String a = g.nodes().get(e.a());
      String b = g.nodes().get(e.b());
      sb.append("  ").append(quote(a)).append(" -> ").append(quote(b)).append(" [dir=both, arrowtail=")
          .append(dotArrow(e.atA())).append(", arrowhead=").append(dotArrow(e.atB()));
      String label = labels == null ? null : labels.get(new EdgeKey(a, b));
      if (label != null) sb.append(", label=").append(quote(label));
      sb.append("];\n");
    }
    return sb.append("}\n").toString();
  }

  private static String dotArrow(Mark m) { return m == Mark.ARROW ? "normal" : m == Mark.CIRCLE ? "odot" : "none"; }

  private static String quote(String s) { return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""; }

  // ---- JSON ----

  /**
   * The {@code graph.json} document: {@code {"method", "nodes", "edges": [{"from", "to", "type",
   * "confidence", "coefficient"}], "seed", "parameters"}}.
   */
  public static Map<String, Object> toJsonDocument(String method, Graph g, List<AnnotatedEdge> edges, Long seed, Map<String, Object> parameters) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("method", method);
    doc.put("nodes", g.nodes());
    List<Map<String, Object>> es = new ArrayList<>();
    for (AnnotatedEdge e : edges) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from", e.from());
      m.put("to", e.to());
      m.put("type", e.type().symbol());
      m.put("confidence", e.confidence());
      m.put("coefficient", e.coefficient());
      es.add(m);
    }
    doc.put("edges", es);
    doc.put("seed", seed);
    doc.put("parameters", parameters == null ? Map.of() : parameters);
    return doc;
  }

  /** The edges of {@code g} without annotations, canonical direction. */
  public static List<AnnotatedEdge> plainEdges(Graph g) {
    List<AnnotatedEdge> out = new ArrayList<>();
    for (Edge e : canonicalEdges(g)) out.add(new AnnotatedEdge(g.nodes().get(e.a()), g.nodes().get(e.b()), e.type(), null, null));
    return out;
  }

  /** The graph in a {@code graph.json} document. */
  public static Graph parseJson(String text, String source) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new BadInputException(source + ": not JSON: " + e.getMessage());
    }
    JsonNode nodes = root.get("nodes");
    JsonNode edges = root.get("edges");
    if (nodes == null || !nodes.isArray() || edges == null || !edges.isArray()) {
      throw new BadInputException(source + ": expected arrays 'nodes' and 'edges'");
    }
    List<String> names = new ArrayList<>();
    nodes.forEach(n -> names.add(n.asText()));
    Graph g = new Graph(names);
    int k = 0;
    for (JsonNode e : edges) {
      String where = source + " edges[" + k++ + "]";
      String from = text(e, "from", where);
      String to = text(e, "to", where);
      int a = names.indexOf(from);
      int b = names.indexOf(to);
      if (a < 0 || b < 0) throw new BadInputException(where + ": node '" + (a < 0 ? from : to) + "' is not in 'nodes' " + names);
      EdgeType t = edgeType(text(e, "type", where), where);
      g.addEdge(a, b, t.atFrom(), t.atTo());
    }
    return g;
  }

  private static String text(JsonNode e, String field, String where) {
    JsonNode v = e.get(field);
    if (v == null || !v.isTextual()) throw new BadInputException(where + ": missing text field '" + field + "'");
    return v.asText();
  }

  /** Node names X1..Xn. */
  public static List<String> numberedNodes(String prefix, int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) out[i] = prefix + (i + 1);
    return Arrays.asList(out);
  }
}
