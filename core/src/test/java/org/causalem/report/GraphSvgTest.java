package org.causalem.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.causalem.causal.EdgeKey;
import org.causalem.causal.Graph;
import org.causalem.causal.Mark;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class GraphSvgTest {
  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void drawsEveryNodeEdgeAndMark() throws Exception {
    // a -> b, a -> c, b -> d, c <-> d, d o-> e, b --- c: 5 nodes, 6 edges, 6 arrowheads (c <-> d has two), 1 circle mark
    Graph g = new Graph(List.of("a", "b", "c", "d", "e<&>"));
    g.addDirected(0, 1);
    g.addDirected(0, 2);
    g.addDirected(1, 3);
    g.addBidirected(2, 3);
    g.addEdge(3, 4, Mark.CIRCLE, Mark.ARROW);
    g.addUndirected(1, 2);
    Document d = parse(GraphSvg.render(g, Map.of(new EdgeKey("a", "b"), "0.93")));
    assertThat(d.getElementsByTagName("ellipse").getLength()).isEqualTo(5);
    assertThat(d.getElementsByTagName("line").getLength()).isEqualTo(6);
    assertThat(d.getElementsByTagName("polygon").getLength()).isEqualTo(6);
    assertThat(d.getElementsByTagName("circle").getLength()).isEqualTo(1);
    NodeList texts = d.getElementsByTagName("text");
    boolean label = false;
    boolean escaped = false;
    for (int i = 0; i < texts.getLength(); i++) {
      label |= texts.item(i).getTextContent().equals("0.93");
      escaped |= texts.item(i).getTextContent().equals("e<&>");
    }
    assertThat(label).isTrue();
    assertThat(escaped).isTrue();
  }

  @Test
  void layersFollowTheDirectedEdges() throws Exception {
    Graph g = new Graph(List.of("a", "b", "c"));
    g.addDirected(0, 1);
    g.addDirected(1, 2);
    Document d = parse(GraphSvg.render(g, null));
    NodeList e = d.getElementsByTagName("ellipse");
    double ya = Double.parseDouble(e.item(0).getAttributes().getNamedItem("cy").getNodeValue());
    double yb = Double.parseDouble(e.item(1).getAttributes().getNamedItem("cy").getNodeValue());
    double yc = Double.parseDouble(e.item(2).getAttributes().getNamedItem("cy").getNodeValue());
    assertThat(ya).isLessThan(yb);
    assertThat(yb).isLessThan(yc);
  }

  @Test
  void undirectedGraphOnACircle() throws Exception {
    Graph g = new Graph(List.of("a", "b", "c", "d"));
    g.addUndirected(0, 1);
    g.addUndirected(2, 3);
    Document d = parse(GraphSvg.render(g, null));
    assertThat(d.getElementsByTagName("ellipse").getLength()).isEqualTo(4);
    assertThat(d.getElementsByTagName("polygon").getLength()).isZero();
  }
}
