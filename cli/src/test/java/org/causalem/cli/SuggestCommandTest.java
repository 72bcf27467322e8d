package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.causalem.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuggestCommandTest {
  @TempDir Path tmp;

  /** 40 measurements of a 30 × 20 scan whose value is a bump in one corner; also as 3-channel spectra. */
  private Path measurements(boolean spectra) throws Exception {
    SplittableRandom r = new SplittableRandom(4);
    StringBuilder sb = new StringBuilder(spectra ? "x,y,c0,c1,c2\n" : "x,y,value\n");
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    while (seen.size() < 40) {
      int x = r.nextInt(30);
      int y = r.nextInt(20);
      if (!seen.add(y * 30 + x)) continue;
      double v = Math.exp(-((x - 5) * (x - 5) + (y - 5) * (y - 5)) / 30.0) + 0.01 * r.nextGaussian();
      sb.append(x).append(',').append(y).append(',');
      sb.append(spectra ? (0.2 * v) + "," + (0.5 * v) + "," + (0.3 * v) : Double.toString(v)).append('\n');
    }
    Path f = tmp.resolve(spectra ? "spectra.csv" : "measured.csv");
    Files.writeString(f, sb);
    return f;
  }

  @Test
  void ranksUnmeasuredGridCellsAndWritesEveryOutput() throws Exception {
    Path in = measurements(false);
    Path out = tmp.resolve("o");
    CliRun r = CliRun.of("suggest", in.toString(), "--value", "value", "--grid", "30x20", "--budget", "5", "--out", out.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(out.resolve("suggestions.csv"));
    assertThat(lines.get(0)).isEqualTo("rank,x,y,score,mean,sd");
    assertThat(lines).hasSize(6);
    String measured = Files.readString(in);
    for (String l : lines.subList(1, lines.size())) {
      String[] p = l.split(",");
      assertThat(measured).as("a suggested cell is not one already measured").doesNotContain("\n" + p[1] + "," + p[2] + ",");
    }
    JsonNode j = Json.mapper().readTree(out.resolve("suggest.json").toFile());
    assertThat(j.get("seed").asLong()).isEqualTo(1);
    assertThat(j.get("version").asText()).isNotEmpty();
    assertThat(j.get("acquisition").asText()).isEqualTo("error");
    assertThat(j.get("candidates").asInt()).isEqualTo(600 - 40);
    assertThat(j.get("gp").get("exact").asBoolean()).isTrue();
    assertThat(out.resolve("map_mean.png")).exists();
    assertThat(out.resolve("map_acquisition.png")).exists();
  }

  @Test
  void eiOnSummedSpectraLooksNearTheBumpAndHypothesisModeReportsEvidences() throws Exception {
    Path in = measurements(true);
    Path out = tmp.resolve("ei");
    CliRun r = CliRun.of("suggest", in.toString(), "--channels", "c0:c2", "--grid", "30x20", "--acquisition", "ei", "--budget", "1", "--out", out.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    String[] best = Files.readAllLines(out.resolve("suggestions.csv")).get(1).split(",");
    // the maximum is at (5, 5): expected improvement looks within a few cells of it
    assertThat(Math.hypot(Double.parseDouble(best[1]) - 5, Double.parseDouble(best[2]) - 5)).isLessThan(6);
    Path h = tmp.resolve("h");
    r = CliRun.of("suggest", in.toString(), "--channels", "c0:c2", "--grid", "30x20", "--acquisition", "hypothesis", "--hypotheses", "plane,peak",
        "--budget", "3", "--out", h.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode ev = Json.mapper().readTree(h.resolve("suggest.json").toFile()).get("model_evidences");
    assertThat(ev).hasSize(2);
    // a bump in one corner: the peak model wins
    assertThat(ev.get(0).get("model").asText()).isEqualTo("peak");
    assertThat(ev.get(0).get("probability").asDouble() + ev.get(1).get("probability").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void anAbruptChangeOnAScanIsTheStepNotTheRamp() throws Exception {
    // a 1-D scan of 60 cells stepping from 0 to 2 between cells 30 and 31 (5 % noise): measured at 10 cells, two of them
    // either side of the step; a gradual change (ramp, at least 3 cells wide) cannot jump between neighbouring cells
    Path in = tmp.resolve("line.csv");
    StringBuilder sb = new StringBuilder("x,value\n");
    java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
    for (int x : new int[] {2, 9, 17, 24, 30, 31, 38, 45, 51, 58}) sb.append(x).append(',').append((x > 30 ? 2 : 0) + 0.05 * rng.nextGaussian()).append('\n');
    Files.writeString(in, sb.toString());
    Path out = tmp.resolve("step");
    CliRun r = CliRun.of("suggest", in.toString(), "--value", "value", "--grid", "60", "--acquisition", "hypothesis", "--hypotheses", "step,ramp",
        "--budget", "1", "--out", out.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode ev = Json.mapper().readTree(out.resolve("suggest.json").toFile()).get("model_evidences");
    assertThat(ev.get(0).get("model").asText()).isEqualTo("step");
    assertThat(ev.get(0).get("probability").asDouble()).isGreaterThan(0.95);
  }

  @Test
  void badOptionsAndInputsAreRefusedNamingThem() throws Exception {
    Path in = measurements(false);
    String o = tmp.resolve("bad").toString();
    CliRun r = CliRun.of("suggest", in.toString(), "--value", "value", "--grid", "30by20", "--out", o);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--grid");
    r = CliRun.of("suggest", in.toString(), "--value", "value", "--grid", "30", "--out", o);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("two position columns");
    Path off = tmp.resolve("off.csv");
    Files.writeString(off, "x,y,value\n1.5,2,1\n3,4,2\n5,1,3\n");
    r = CliRun.of("suggest", off.toString(), "--value", "value", "--grid", "30x20", "--out", o);
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("[1.5, 2.0] is not a cell of the scan grid");
    r = CliRun.of("suggest", in.toString(), "--value", "value", "--grid", "10x10", "--out", o);
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("outside the 10x10 grid");
    r = CliRun.of("suggest", in.toString(), "--value", "nope", "--grid", "30x20", "--out", o);
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("'nope'");
    r = CliRun.of("suggest", in.toString(), "--value", "value", "--grid", "30x20", "--acquisition", "magic", "--out", o);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--acquisition");
    r = CliRun.of("suggest", in.toString(), "--value", "value", "--grid", "30x20", "--acquisition", "hypothesis", "--hypotheses", "step,ramp", "--out", o);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("step model is for 1-D scans");
    assertThat(Path.of(o)).doesNotExist();
  }
}
