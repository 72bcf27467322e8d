package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.causalem.report.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end: simulate the doped perovskite, find atoms, cells and the causal graph, and
 * write the report. The default seed must recover the true graph exactly and flag the confounded pair;
 * the report must load in a browser with every figure rendered.
 */
class DemoCommandTest {
  @Test
  void defaultSeedRecoversTheTrueGraphAndTheReportRenders(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("demo");
    StringWriter so = new StringWriter();
    StringWriter se = new StringWriter();
    int code = Main.run(new String[] {"demo", "--out", out.toString(), "--bootstrap", "20", "--quiet"},
        new PrintWriter(so), new PrintWriter(se));
    assertThat(code).as(se.toString()).isZero();
    assertThat(so.toString()).contains("Structural Hamming distance 0");
    JsonNode res = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(res.path("truth").path("shd").asInt()).isZero();
    Set<String> edges = new HashSet<>();
    for (JsonNode e : res.path("graph").path("edges")) {
      assertThat(e.path("type").asText()).isEqualTo("-->");
      edges.add(e.path("from").asText() + ">" + e.path("to").asText());
    }
    // the true mechanism, written independently of the simulator's constants
    assertThat(edges).containsExactlyInAnyOrder("intensity_A>a_px", "a_px>polarization_x_px", "intensity_A>polarization_y_px");
    boolean flagged = false;
    for (JsonNode c : res.path("confounding_check")) {
      if (c.path("cause").asText().equals("a_px") && c.path("effect").asText().equals("polarization_y_px")) {
        flagged = c.path("misleading").asBoolean();
        assertThat(Math.abs(c.path("naive").asDouble())).isGreaterThan(5 * Math.abs(c.path("adjusted").asDouble()));
      }
    }
    assertThat(flagged).as("the confounded pair a_px / polarization_y_px is flagged").isTrue();
    assertThat(res.path("methods").has("pc")).isTrue();
    assertThat(res.path("methods").has("lingam")).isTrue();
    for (String f : new String[] {"report.html", "cells.csv", "overlay.png", "graph.svg", "run.json"}) {
      assertThat(out.resolve(f)).exists();
    }
    JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
    assertThat(run.path("seed").asLong()).isEqualTo(1);
    assertThat(run.path("causalem_version").asText()).isNotEmpty();
    HeadlessChromium.PageCheck page = HeadlessChromium.load(out.resolve("report.html"), tmp);
    assertThat(page.figures()).isGreaterThan(10);
    assertThat(page.figuresOk()).isEqualTo(page.figures());
    assertThat(page.errors()).isNull();
    assertThat(Files.readString(out.resolve("report.html"))).doesNotContain("src=\"http");
  }
}
