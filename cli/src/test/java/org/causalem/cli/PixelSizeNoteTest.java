package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.data.Image;
import org.causalem.io.Json;
import org.causalem.io.NpyWriter;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.HaadfRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A missing pixel size is never dropped silently: on an uncalibrated image (a 2-D NPY has no
 * calibration) {@code ferroic} says so on stderr, in results.json and in the report, and the note goes
 * away when {@code --lattice-constant} calibrates it (checked with {@code atoms}, the same pipeline).
 */
class PixelSizeNoteTest {
  @TempDir Path tmp;

  @Test
  void ferroicOnAnUncalibratedImageNotesTheMissingPixelSizeEverywhere() throws Exception {
    FerroicScenario.Options d = FerroicScenario.Options.defaults(3);
    FerroicScenario.Options small = new FerroicScenario.Options(10, 10, d.aPx(), d.bPx(), d.intensityPerComposition(),
        d.aPerComposition(), d.polarizationXPerA(), d.polarizationYPerComposition(), d.latticeNoisePx(), d.polarizationNoisePx(),
        HaadfRenderer.Options.defaults(3).withColumnSigmaPx(2.2), 3);
    Image im = new FerroicScenario(small).simulate().image();
    Path npy = tmp.resolve("cells.npy");
    NpyWriter.write(npy, im.toFloat(), im.height(), im.width());

    Path out = tmp.resolve("f");
    CliRun r = CliRun.of("ferroic", npy.toString(), "--bootstrap", "2", "--no-predictability", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.err()).contains("pixel size not calibrated in the file").contains("no pixel size (pixel_size_source none)");
    JsonNode results = Json.mapper().readTree(out.resolve("results.json").toFile());
    assertThat(results.get("notes").toString()).contains("no pixel size").contains("give `latticeConstant`");
    assertThat(Files.readString(out.resolve("report.html"))).contains("no pixel size (pixel_size_source none)");

    // calibrated by a known lattice constant (atoms: the same pipeline, faster): the note goes, the reader's stays
    Path calibrated = tmp.resolve("g");
    CliRun c = CliRun.of("atoms", npy.toString(), "--lattice", "perovskite", "--lattice-constant", "3.905A", "--out", calibrated.toString());
    assertThat(c.code()).as(c.err()).isEqualTo(Main.OK);
    assertThat(c.err()).doesNotContain("no pixel size");
    JsonNode summary = Json.mapper().readTree(calibrated.resolve("summary.json").toFile());
    assertThat(summary.get("pixel_size_source").asText()).isEqualTo("lattice-constant");
    assertThat(summary.get("notes").toString()).doesNotContain("no pixel size").contains("pixel size not calibrated in the file");
  }
}
