package org.causalem.causal;

import java.util.Arrays;
import java.util.List;

/** Test helper: builds graphs from edge strings such as {@code "A-->B"}, {@code "A---B"}, {@code "A<->B"}, {@code "Ao->B"}. */
final class Graphs {
  private Graphs() {}

  static Graph of(String nodes, String... edges) {
    Graph g = new Graph(Arrays.asList(nodes.split(" ")));
    for (String e : edges) {
      String[] p = e.split("(?<=[A-Za-z0-9])(?=[-<o][-o][->o])|(?<=[-<o][-o][->o])(?=[A-Za-z0-9])");
      if (p.length != 3) throw new IllegalArgumentException(e + " -> " + List.of(p));
      int a = g.index(p[0]);
      int b = g.index(p[2]);
      String t = p[1];
      Mark atA = t.charAt(0) == '<' ? Mark.ARROW : t.charAt(0) == 'o' ? Mark.CIRCLE : Mark.TAIL;
      Mark atB = t.charAt(2) == '>' ? Mark.ARROW : t.charAt(2) == 'o' ? Mark.CIRCLE : Mark.TAIL;
      g.addEdge(a, b, atA, atB);
    }
    return g;
  }
}
