package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.causalem.io.TiffWriter;
import org.causalem.simulate.DomainImageSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code causalem local}: the files on a simulated two-domain image, and usage errors. */
class LocalCommandTest {
  @TempDir Path tmp;

  private int run(StringWriter err, String... args) {
    return Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
  }

  @Test
  void writesTheColumnTableMapsAndSummary() throws Exception {
    DomainImageSimulator.Simulation sim = new DomainImageSimulator(DomainImageSimulator.Options.defaults(3)).simulate();
    Path image = tmp.resolve("domains.tif");
    TiffWriter.write(image, sim.image());
    StringWriter err = new StringWriter();
    Path out = tmp.resolve("out");
    assertThat(run(err, "local", image.toString(), "--quiet", "--lattice", "perovskite", "--out", out.toString())).as(err.toString()).isEqualTo(Main.OK);
    for (String f : List.of("local.csv", "local_cells.csv", "classes.png", "pc1.png", "summary.json", "run.json")) {
      assertThat(out.resolve(f)).as(f).exists();
    }
    List<String> lines = Files.readAllLines(out.resolve("local.csv"));
    assertThat(lines.get(0)).isEqualTo("x_px,y_px,sublattice,row,col,complete,pc1,pc2,pc3,pc4,class,wall");
    assertThat(lines.size() - 1).isEqualTo(sim.structure().size());
    String summary = Files.readString(out.resolve("summary.json"));
    assertThat(summary).contains("\"classes\"").contains("\"wall_columns\"");

    StringWriter bad = new StringWriter();
    assertThat(run(bad, "local", image.toString(), "--offsets", "1", "--out", tmp.resolve("b").toString())).isEqualTo(Main.USAGE);
    assertThat(bad.toString()).contains("--offsets");
    StringWriter badD = new StringWriter();
    assertThat(run(badD, "local", image.toString(), "--descriptor", "shape", "--out", tmp.resolve("c").toString())).isEqualTo(Main.USAGE);
    assertThat(badD.toString()).contains("--descriptor").contains("shape");
    assertThat(tmp.resolve("c")).doesNotExist();
  }
}
