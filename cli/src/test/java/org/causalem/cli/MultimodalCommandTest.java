package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.data.SpectrumImage;
import org.causalem.io.Json;
import org.causalem.io.TiffWriter;
import org.causalem.simulate.MultimodalScenario;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class MultimodalCommandTest {
  private static final String SHIFT = MultimodalScenario.SHIFT_COLUMN;

  /** True when the consensus graph in results.json holds {@code from --> to}. */
  private static boolean hasDirected(JsonNode results, String from, String to) {
    for (JsonNode e : results.get("graph").get("edges")) {
      if (e.get("type").asText().equals("-->") && e.get("from").asText().equals(from) && e.get("to").asText().equals(to)) return true;
    }
    return false;
  }

  @Test
  void simulatedPairFindsTheCrossModalCauseAndWritesEveryOutput(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("mm");
    CliRun r = CliRun.of("multimodal", "--simulate", "--modality-tiers", "--out", out.toString(), "--bootstrap", "10", "--quiet");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    for (String f : new String[] {"report.html", "results.json", "table.csv", "cells.csv", "run.json", "graph.svg", "overlay.png"}) {
      assertThat(out.resolve(f)).exists();
    }
    JsonNode res = Json.mapper().readTree(out.resolve("results.json").toFile());
    assertThat(hasDirected(res, SHIFT, "a_px")).as(res.get("graph").toString()).isTrue();
    assertThat(res.get("methods").has("pc")).isTrue();
    JsonNode reg = res.get("parameters").get("registration");
    assertThat(reg.get("offset_x_px").asDouble()).isEqualTo(10.0);
    assertThat(reg.get("scale_x_px").asDouble()).isEqualTo(16.0);
    assertThat(reg.get("cells_outside_maps").asInt()).isZero();
    assertThat(res.get("truth").get("shd").asInt()).isLessThanOrEqualTo(1);
    String header = Files.readAllLines(out.resolve("table.csv")).get(0);
    assertThat(header).contains("a_px").contains(SHIFT).contains("eels_Ti-L23_counts");
    JsonNode run = Json.mapper().readTree(out.resolve("run.json").toFile());
    assertThat(run.toString()).contains("registration");
    assertThat(r.out()).contains(SHIFT);
  }

  @Test
  void imageAndSpectrumImageFilesWithAStatedOffsetAndScale(@TempDir Path tmp) throws Exception {
    MultimodalScenario.Result sim = new MultimodalScenario(MultimodalScenario.Options.defaults(24, 24, 3)).simulate();
    Path image = tmp.resolve("haadf.tif");
    TiffWriter.write(image, sim.image());
    Path si = tmp.resolve("eels.h5");
    writeHyperspySpectrumImage(si, sim.spectra());
    Path out = tmp.resolve("mm");
    CliRun r = CliRun.of("multimodal", image.toString(), si.toString(), "--offset", "10,10", "--scale", "16",
        "--modality-tiers", "--bootstrap", "10", "--no-predictability", "--seed", "3", "--out", out.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode res = Json.mapper().readTree(out.resolve("results.json").toFile());
    assertThat(hasDirected(res, SHIFT, "a_px")).as(res.get("graph").toString()).isTrue();
    assertThat(hasDirected(res, "a_px", "polarization_x_px")).isTrue();
    assertThat(hasDirected(res, SHIFT, "polarization_y_px")).isTrue();
    assertThat(res.get("parameters").get("registration").get("source").asText()).startsWith("stated");
    assertThat(res.has("truth")).isFalse();
  }

  @Test
  void anImageWhereTheSpectrumImageBelongsIsBadInputAndLeavesNoDirectory(@TempDir Path tmp) throws Exception {
    MultimodalScenario.Result sim = new MultimodalScenario(MultimodalScenario.Options.defaults(6, 6, 1)).simulate();
    Path image = tmp.resolve("haadf.tif");
    TiffWriter.write(image, sim.image());
    Path out = tmp.resolve("mm");
    CliRun r = CliRun.of("multimodal", image.toString(), image.toString(), "--out", out.toString(), "--quiet");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("haadf.tif").contains("spectrum image");
    assertThat(out).doesNotExist();
  }

  @Test
  void inputsWithSimulateOrAMissingInputOrABadScaleAreUsageErrors(@TempDir Path tmp) {
    String out = tmp.resolve("mm").toString();
    assertThat(CliRun.of("multimodal", "--simulate", "a.tif", "--out", out).code()).isEqualTo(Main.USAGE);
    assertThat(CliRun.of("multimodal", "a.tif", "--out", out).code()).isEqualTo(Main.USAGE);
    CliRun scale = CliRun.of("multimodal", "--simulate", "--scale", "0", "--out", out);
    assertThat(scale.code()).isEqualTo(Main.USAGE);
    assertThat(scale.err()).contains("scale");
    assertThat(tmp.resolve("mm")).doesNotExist();
  }

  /** A HyperSpy-style HDF5 file: /si/data (y, x, energy) with an axis-2 group in eV, which reads back as a spectrum image. */
  static void writeHyperspySpectrumImage(Path file, SpectrumImage si) throws Exception {
    float[] v = si.pixels().toFloatArray();
    int h = si.height();
    int w = si.width();
    int c = si.channels();
    float[][][] data = new float[h][w][c];
    for (int r = 0; r < h; r++) for (int k = 0; k < w; k++) System.arraycopy(v, (r * w + k) * c, data[r][k], 0, c);
    try (WritableHdfFile f = HdfFile.write(file)) {
      WritableGroup g = f.putGroup("si");
      g.putDataset("data", data);
      WritableGroup a2 = g.putGroup("axis-2");
      a2.putAttribute("scale", si.energy().scale());
      a2.putAttribute("offset", si.energy().offset());
      a2.putAttribute("units", "eV");
      a2.putAttribute("name", "Energy loss");
      a2.putDataset("note", 0.0); // jhdf 0.13 cannot read back a childless group
    }
  }
}
