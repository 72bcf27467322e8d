package org.causalem.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.causalem.causal.Edge;
import org.causalem.causal.EdgeKey;
import org.causalem.causal.Graph;
import org.causalem.causal.Mark;
import org.causalem.io.Decimals;

/**
 * Draws a causal graph as a standalone SVG without external tools: a layered layout (each node one
 * layer below its lowest directed parent, nodes within a layer ordered by the barycentre of their
 * neighbours above) when the graph has directed edges, a circle otherwise. Arrowheads are filled
 * triangles, circle marks small open circles, tails plain line ends; an optional label (e.g. a bootstrap
 * confidence) sits at the middle of its edge.
 */
public final class GraphSvg {
  private static final double LAYER_GAP = 110;
  private static final double NODE_GAP = 40;
  private static final double MARGIN = 30;
  private static final double NODE_RY = 18;
  /** The line separator the figure was always written with (the formatter's %n). */
  private static final String NL = System.lineSeparator();

  /** {@code v} with one decimal, as {@code %.1f} writes it. */
  private static String f1(double v) { return Decimals.fixed(v, 1); }

  private GraphSvg() {}

  /**
   * @param labels edge labels by edge (either direction); may be null
   */
  public static String render(Graph g, Map<EdgeKey, String> labels) {
    int n = g.size();
    double[] rx = new double[n];
    for (int i = 0; i < n; i++) rx[i] = Math.max(26, 4.2 * g.nodes().get(i).length() + 14);
    double[][] pos = hasDirectedEdge(g) && g.topologicalOrder() != null ? layered(g, rx) : circular(g, rx);
    double w = 0;
    double h = 0;
    for (int i = 0; i < n; i++) {
      w = Math.max(w, pos[i][0] + rx[i] + MARGIN);
      h = Math.max(h, pos[i][1] + NODE_RY + MARGIN);
    }
    StringBuilder sb = new StringBuilder();
    String ws = Decimals.fixed(w, 0);
    String hs = Decimals.fixed(h, 0);
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(ws).append("\" height=\"").append(hs).append("\" viewBox=\"0 0 ")
        .append(ws).append(' ').append(hs).append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">").append(NL);
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (Edge e : g.edges()) {
      int a = e.a();
      int b = e.b();
      double[] pa = boundary(pos[a], rx[a], pos[b]);
      double[] pb = boundary(pos[b], rx[b], pos[a]);
      sb.append("<line x1=\"").append(f1(pa[0])).append("\" y1=\"").append(f1(pa[1])).append("\" x2=\"").append(f1(pb[0])).append("\" y2=\"")
          .append(f1(pb[1])).append("\" stroke=\"#333\" stroke-width=\"1.5\"/>").append(NL);
      mark(sb, e.atA(), pa, pb);
      mark(sb, e.atB(), pb, pa);
      if (labels != null) {
        String na = g.nodes().get(a);
        String nb = g.nodes().get(b);
        EdgeKey key = new EdgeKey(na, nb);
        String label = labels.getOrDefault(key, labels.get(key.reversed()));
        if (label != null) {
          sb.append("<text x=\"").append(f1((pa[0] + pb[0]) / 2 + 4)).append("\" y=\"").append(f1((pa[1] + pb[1]) / 2 - 4))
              .append("\" fill=\"#a33\" font-size=\"11\" text-anchor=\"middle\">").append(escape(label)).append("</text>").append(NL);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      sb.append("<ellipse cx=\"").append(f1(pos[i][0])).append("\" cy=\"").append(f1(pos[i][1])).append("\" rx=\"").append(f1(rx[i]))
          .append("\" ry=\"").append(f1(NODE_RY)).append("\" fill=\"#eef3fb\" stroke=\"#246\" stroke-width=\"1.2\"/>").append(NL);
      sb.append("<text x=\"").append(f1(pos[i][0])).append("\" y=\"").append(f1(pos[i][1]))
          .append("\" text-anchor=\"middle\" dominant-baseline=\"central\">").append(escape(g.nodes().get(i))).append("</text>").append(NL);
    }
    return sb.append("</svg>\n").toString();
  }

  private static boolean hasDirectedEdge(Graph g) {
    for (Edge e : g.edges()) if (e.directed()) return true;
    return false;
  }

  private static double[][] layered(Graph g, double[] rx) {
    int n = g.size();
    int[] order = g.topologicalOrder();
    int[] layer = new int[n];
    for (int v : order) for (int p : g.parents(v)) layer[v] = Math.max(layer[v], layer[p] + 1);
    // nodes joined only by undirected edges sit one layer below their lowest-layer neighbour in index order
    for (int v = 0; v < n; v++) {
      if (g.parents(v).length > 0) continue;
      for (int u : g.adjacents(v)) if (u < v && g.isUndirected(u, v) && g.children(v).length == 0) layer[v] = Math.max(layer[v], layer[u] + 1);
    }
    int layers = Arrays.stream(layer).max().orElse(0) + 1;
    List<List<Integer>> rows = new ArrayList<>();
    for (int l = 0; l < layers; l++) rows.add(new ArrayList<>());
    for (int v = 0; v < n; v++) rows.get(layer[v]).add(v);
    double[] rank = new double[n];
    for (int l = 0; l < layers; l++) {
      List<Integer> row = rows.get(l);
      for (int k = 0; k < row.size(); k++) rank[row.get(k)] = k;
    }
    for (int sweep = 0; sweep < 4; sweep++) {
      for (int l = 1; l < layers; l++) {
        List<Integer> row = rows.get(l);
        double[] bary = new double[n];
        for (int v : row) {
          double s = 0;
          int c = 0;
          for (int u : g.adjacents(v)) if (layer[u] < l) {
            s += rank[u];
            c++;
          }
          bary[v] = c == 0 ? rank[v] : s / c;
        }
        row.sort((x, y) -> Double.compare(bary[x], bary[y]));
        for (int k = 0; k < row.size(); k++) rank[row.get(k)] = k;
      }
    }
    double width = 0;
    double[] rowWidth = new double[layers];
    for (int l = 0; l < layers; l++) {
      for (int v : rows.get(l)) rowWidth[l] += 2 * rx[v] + NODE_GAP;
      width = Math.max(width, rowWidth[l]);
    }
    double[][] pos = new double[n][2];
    for (int l = 0; l < layers; l++) {
      double x = MARGIN + (width - rowWidth[l]) / 2 + NODE_GAP / 2;
      for (int v : rows.get(l)) {
        pos[v][0] = x + rx[v];
        pos[v][1] = MARGIN + NODE_RY + l * LAYER_GAP;
        x += 2 * rx[v] + NODE_GAP;
      }
    }
    return pos;
  }

  private static double[][] circular(Graph g, double[] rx) {
    int n = g.size();
    double maxRx = Arrays.stream(rx).max().orElse(26);
    double radius = Math.max(80, n * (2 * maxRx + 10) / (2 * Math.PI));
    double[][] pos = new double[n][2];
    for (int i = 0; i < n; i++) {
      double t = -Math.PI / 2 + 2 * Math.PI * i / Math.max(1, n);
      pos[i][0] = MARGIN + maxRx + radius + radius * Math.cos(t);
      pos[i][1] = MARGIN + NODE_RY + radius + radius * Math.sin(t);
    }
    return pos;
  }

  /** The point where the segment from the centre c towards o leaves the ellipse of c. */
  private static double[] boundary(double[] c, double rx, double[] o) {
    double dx = o[0] - c[0];
    double dy = o[1] - c[1];
    double len = Math.hypot(dx, dy);
    if (len == 0) return c.clone();
    double t = 1 / Math.sqrt((dx * dx) / (rx * rx) + (dy * dy) / (NODE_RY * NODE_RY));
    return new double[] {c[0] + dx * t, c[1] + dy * t};
  }

  private static void mark(StringBuilder sb, Mark m, double[] tip, double[] from) {
    double dx = from[0] - tip[0];
    double dy = from[1] - tip[1];
    double len = Math.hypot(dx, dy);
    if (len == 0) return;
    double ux = dx / len;
    double uy = dy / len;
    if (m == Mark.ARROW) {
      double bx = tip[0] + 11 * ux;
      double by = tip[1] + 11 * uy;
      sb.append("<polygon points=\"").append(f1(tip[0])).append(',').append(f1(tip[1])).append(' ').append(f1(bx - 4.5 * uy)).append(',')
          .append(f1(by + 4.5 * ux)).append(' ').append(f1(bx + 4.5 * uy)).append(',').append(f1(by - 4.5 * ux)).append("\" fill=\"#333\"/>").append(NL);
    } else if (m == Mark.CIRCLE) {
      sb.append("<circle cx=\"").append(f1(tip[0] + 4 * ux)).append("\" cy=\"").append(f1(tip[1] + 4 * uy))
          .append("\" r=\"4\" fill=\"white\" stroke=\"#333\" stroke-width=\"1.3\"/>").append(NL);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
