package org.causalem.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.causalem.causal.EdgeKey;
import org.causalem.causal.Graph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static HtmlReport sample() {
    float[] map = new float[20 * 10];
    for (int i = 0; i < map.length; i++) map[i] = (float) Math.sin(i * 0.1);
    map[5] = Float.NaN;
    Graph g = new Graph(List.of("composition", "lattice", "polarization", "other"));
    g.addDirected(0, 1);
    g.addDirected(1, 2);
    g.addUndirected(2, 3);
    return new HtmlReport("Test <report>")
        .heading(2, "Maps")
        .paragraph("a & b")
        .png("a map", MapFigure.png(map, 20, 10, MapFigure.Options.of("sin", true)))
        .svg("the graph", GraphSvg.render(g, Map.of(new EdgeKey("composition", "lattice"), "0.93 · +1.70")))
        .table(List.of("x", "y"), List.of(List.of("1", "<2>")));
  }

  @Test
  void pageIsSelfContainedAndEscaped() {
    String html = sample().render();
    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html).contains("Test &lt;report&gt;", "a &amp; b", "&lt;2&gt;", "data:image/png;base64,", "<svg");
    assertThat(html).doesNotContain("src=\"http", "href=\"http", "<link");
  }

  @Test
  void graphSvgDrawsEveryNodeAndLabel() {
    Graph g = new Graph(List.of("a", "b", "c"));
    g.addDirected(0, 1);
    g.addDirected(1, 2);
    g.addDirected(0, 2);
    String svg = GraphSvg.render(g, Map.of(new EdgeKey("a", "b"), "0.97"));
    assertThat(svg).startsWith("<svg").contains(">a<", ">b<", ">c<", "0.97");
  }

  @Test
  void everyFigureRendersInChromiumWithoutErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("report.html");
    Files.writeString(file, sample().render(), StandardCharsets.UTF_8);
    HeadlessChromium.PageCheck check = HeadlessChromium.load(file, dir);
    assertThat(check.figures()).isEqualTo(2);
    assertThat(check.figuresOk()).isEqualTo(2);
    assertThat(check.errors()).isNull();
  }

  @Test
  void brokenFigureIsDetected(@TempDir Path dir) throws Exception {
    String html = sample().render().replace("data:image/png;base64,", "data:image/png;base64,AAAA");
    Path file = dir.resolve("broken.html");
    Files.writeString(file, html, StandardCharsets.UTF_8);
    HeadlessChromium.PageCheck check = HeadlessChromium.load(file, dir);
    assertThat(check.figuresOk()).isLessThan(check.figures());
  }
}
