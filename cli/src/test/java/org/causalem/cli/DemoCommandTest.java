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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end: simulate the doped perovskite, find atoms, cells and the causal graph, and
 * write the report. The default seed (realistic scan distortions) must support exactly the true graph and flag
 * the confounded pair;
 * the report must load in a browser with every figure rendered.
 */
@Tag("slow")
class DemoCommandTest {
  @Test
  void defaultSeedRecoversTheTrueGraphAndTheReportRenders(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("demo");
    StringWriter so = new StringWriter();
    StringWriter se = new StringWriter();
    // the default: realistic scan distortions, lattice 17° to the scan
    int code = Main.run(new String[] {"demo", "--out", out.toString(), "--bootstrap", "20", "--quiet"},
        new PrintWriter(so), new PrintWriter(se));
    assertThat(code).as(se.toString()).isZero();
    assertThat(so.toString()).contains("Supported edges only (those read as causal): structural Hamming distance 0");
    JsonNode res = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    Set<String> supported = new HashSet<>();
    for (JsonNode e : res.path("graph").path("edges")) {
      assertThat(e.path("type").asText()).isEqualTo("-->");
      assertThat(e.path("status").asText()).isIn("supported", "instrument", "unstable");
      if (e.path("status").asText().equals("supported")) supported.add(e.path("from").asText() + ">" + e.path("to").asText());
    }
    // the true mechanism, written independently of the simulator's constants; composition is seen through the
    // scan-independent proxy intensity_A_norm (issue 13): exactly these edges are supported
    assertThat(supported).containsExactlyInAnyOrder("intensity_A_norm>a_px", "a_px>polarization_x_px", "intensity_A_norm>polarization_y_px");
    assertThat(res.path("instrument_check").path("replication").size()).isEqualTo(res.path("graph").path("edges").size());
    JsonNode noise = res.path("instrument_check").path("pixel_noise_correlation");
    assertThat(noise.path("x").size()).isEqualTo(8);
    assertThat(noise.path("significant").asBoolean(true)).as("the simulator's pixel noise is independent").isFalse();
    assertThat(Math.abs(noise.path("y").get(0).asDouble())).isLessThan(0.03);
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
    assertThat(run.path("parameters").has("shd_supported")).isTrue();
    assertThat(run.path("parameters").path("shd_supported").asInt()).isZero();
    HeadlessChromium.PageCheck page = HeadlessChromium.load(out.resolve("report.html"), tmp);
    assertThat(page.figures()).isGreaterThan(10);
    assertThat(page.figuresOk()).isEqualTo(page.figures());
    assertThat(page.errors()).isNull();
    assertThat(Files.readString(out.resolve("report.html"))).doesNotContain("src=\"http");
  }

  @Test
  void realisticScanDistortionsAreOnByDefaultAndRecorded(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("demo");
    StringWriter so = new StringWriter();
    StringWriter se = new StringWriter();
    int code = Main.run(new String[] {"demo", "--out", out.toString(), "--bootstrap", "2", "--quiet", "--seed", "2"},
        new PrintWriter(so), new PrintWriter(se));
    assertThat(code).as(se.toString()).isZero();
    assertThat(so.toString()).contains("realistic scan distortions");
    JsonNode scan = new ObjectMapper().readTree(out.resolve("run.json").toFile()).path("parameters").path("scan_distortion");
    // the documented defaults (README, ScanDistortion.realistic)
    assertThat(scan.path("flyback_slowdown").asDouble()).isEqualTo(0.05);
    assertThat(scan.path("line_gradient").asDouble()).isEqualTo(0.02);
    assertThat(scan.path("jitter_rms_px").asDouble()).isEqualTo(0.3);
    assertThat(scan.path("jitter_correlation_lines").asDouble()).isEqualTo(3);
    assertThat(scan.path("drift_x_px_per_line").asDouble()).isEqualTo(0.004);
    assertThat(scan.path("probe_tail_fraction").asDouble()).isEqualTo(0.15);
    JsonNode res = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(res.path("parameters").path("scan_distortion").path("jitter_rms_px").asDouble()).isEqualTo(0.3);
    assertThat(res.path("parameters").path("scenario").asText()).doesNotContain("render=");
  }
}
