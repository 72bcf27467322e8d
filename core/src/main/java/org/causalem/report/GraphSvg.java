package org.causalem.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.causalem.causal.Edge;
import org.causalem.causal.Graph;
import org.causalem.causal.Mark;

/**
 * Draws a causal graph as standalone SVG with a built-in layered layout (causes above effects), so no
 * external tool (Graphviz) is needed. Edges may carry a label (confidence, coefficient).
 */
public final class GraphSvg {
  private static final int BOX_H = 28;
  private static final int LAYER_GAP = 90;
  private static final int NODE_GAP = 36;
  private static final int MARGIN = 30;

  private GraphSvg() {}

  /** Key for an edge label: the two node indices, in either order. */
  public static String key(int a, int b) { return Math.min(a, b) + "-" + Math.max(a, b); }

  /**
   * @param labels text drawn at the middle of an edge, keyed by {@link #key(int, int)}; may be empty
   */
  public static String render(Graph g, Map<String, String> labels) {
    int n = g.size();
    int[] layer = layers(g);
    int maxLayer = Arrays.stream(layer).max().orElse(0);
    int[] width = new int[n];
    for (int i = 0; i < n; i++) width[i] = Math.max(60, 8 * g.nodes().get(i).length() + 20);
    int[] layerWidth = new int[maxLayer + 1];
    int[] count = new int[maxLayer + 1];
    for (int i = 0; i < n; i++) {
      layerWidth[layer[i]] += width[i] + (count[layer[i]]++ > 0 ? NODE_GAP : 0);
    }
    int totalW = Arrays.stream(layerWidth).max().orElse(100) + 2 * MARGIN;
    totalW = Math.max(totalW, 240);
    int totalH = 2 * MARGIN + maxLayer * LAYER_GAP + BOX_H;
    double[] cx = new double[n];
    double[] cy = new double[n];
    int[] cursor = new int[maxLayer + 1];
    for (int l = 0; l <= maxLayer; l++) cursor[l] = (totalW - layerWidth[l]) / 2;
    for (int i = 0; i < n; i++) {
      int l = layer[i];
      cx[i] = cursor[l] + width[i] / 2.0;
      cy[i] = MARGIN + l * LAYER_GAP + BOX_H / 2.0;
      cursor[l] += width[i] + NODE_GAP;
    }
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"13\">%n", totalW, totalH, totalW, totalH));
    s.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
        + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>\n");
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (Edge e : g.edges()) {
      double[] p = boundary(cx[e.a()], cy[e.a()], width[e.a()], cx[e.b()], cy[e.b()]);
      double[] q = boundary(cx[e.b()], cy[e.b()], width[e.b()], cx[e.a()], cy[e.a()]);
      String dash = e.undirected() ? " stroke-dasharray=\"5,3\"" : "";
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\" stroke-width=\"1.6\"%s%s%s/>%n",
          p[0], p[1], q[0], q[1], dash,
          e.atA() == Mark.ARROW ? " marker-start=\"url(#arrow)\"" : "",
          e.atB() == Mark.ARROW ? " marker-end=\"url(#arrow)\"" : ""));
      if (e.atA() == Mark.CIRCLE) circle(s, p, q);
      if (e.atB() == Mark.CIRCLE) circle(s, q, p);
      String label = labels.get(key(e.a(), e.b()));
      if (label != null && !label.isEmpty()) {
        double mx = (p[0] + q[0]) / 2;
        double my = (p[1] + q[1]) / 2;
        s.append(String.format(Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#a33\" text-anchor=\"middle\" "
                + "paint-order=\"stroke\" stroke=\"white\" stroke-width=\"3\">%s</text>%n", mx, my - 3, Html.escape(label)));
      }
    }
    for (int i = 0; i < n; i++) {
      s.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"#eef3fb\" stroke=\"#3a5a8c\"/>%n",
          cx[i] - width[i] / 2.0, cy[i] - BOX_H / 2.0, width[i], BOX_H));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
          cx[i], cy[i] + 4.5, Html.escape(g.nodes().get(i))));
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static void circle(StringBuilder s, double[] at, double[] toward) {
    double dx = toward[0] - at[0];
    double dy = toward[1] - at[1];
    double len = Math.max(1e-9, Math.hypot(dx, dy));
    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"white\" stroke=\"#333\"/>%n",
        at[0] + 4 * dx / len, at[1] + 4 * dy / len));
  }

  /** Where the segment from box centre (x, y) toward (tx, ty) leaves the box. */
  private static double[] boundary(double x, double y, int w, double tx, double ty) {
    double dx = tx - x;
    double dy = ty - y;
    double hw = w / 2.0 + 2;
    double hh = BOX_H / 2.0 + 2;
    double t = Math.min(dx == 0 ? Double.POSITIVE_INFINITY : hw / Math.abs(dx), dy == 0 ? Double.POSITIVE_INFINITY : hh / Math.abs(dy));
    if (!Double.isFinite(t)) t = 0;
    return new double[] {x + dx * Math.min(t, 1), y + dy * Math.min(t, 1)};
  }

  /** Longest-path layers over directed edges; nodes joined only by other edges share the lower layer. */
  static int[] layers(Graph g) {
    int n = g.size();
    int[] layer = new int[n];
    int[] order = g.topologicalOrder();
    if (order == null) {
      for (int i = 0; i < n; i++) layer[i] = i % 3;
      return layer;
    }
    for (int v : order) {
      for (int p : g.parents(v)) layer[v] = Math.max(layer[v], layer[p] + 1);
    }
    // keep undirected/bidirected neighbours apart vertically when they landed on the same layer with many nodes
    return layer;
  }
}
