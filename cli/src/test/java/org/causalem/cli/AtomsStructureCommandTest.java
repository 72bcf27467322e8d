package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.causalem.io.TiffWriter;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.structure.StructureExport;
import org.causalem.structure.StructureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code causalem atoms --structure}: the files, and the usage errors naming the option. */
class AtomsStructureCommandTest {
  @TempDir Path tmp;

  private int run(StringWriter err, String... args) {
    return Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
  }

  @Test
  void writesXyzAndCifAndRefusesWhatItCannotDo() throws Exception {
    HaadfRenderer.Options render = new HaadfRenderer.Options(2.5, 150, 5, 1, 0, 0, 0, true, 5);
    PerovskiteSimulator.Simulation sim = new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(8, 9, 24, 24, render)).simulate();
    Path image = tmp.resolve("sto.tif");
    TiffWriter.write(image, sim.image());

    StringWriter err = new StringWriter();
    Path out = tmp.resolve("ok");
    int code = run(err, "atoms", image.toString(), "--quiet", "--lattice-constant", "3.905A", "--structure", "xyz,cif",
        "--elements", "A=Sr,B=Ti", "--out", out.toString());
    assertThat(code).as(err.toString()).isEqualTo(Main.OK);
    StructureModel xyz = StructureExport.readXyz(out.resolve("structure.xyz"));
    StructureModel cif = StructureExport.readCif(out.resolve("structure.cif"));
    assertThat(xyz.size()).isEqualTo(9 * 10 + 8 * 9).isEqualTo(cif.size());
    assertThat(xyz.aLength()).isCloseTo(3.905, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(new java.util.TreeSet<>(java.util.List.of(xyz.element()))).containsExactly("Sr", "Ti");

    StringWriter noCal = new StringWriter();
    assertThat(run(noCal, "atoms", image.toString(), "--quiet", "--structure", "xyz", "--out", tmp.resolve("n").toString())).isEqualTo(Main.USAGE);
    assertThat(noCal.toString()).contains("--lattice-constant");
    assertThat(tmp.resolve("n")).doesNotExist();

    StringWriter badSym = new StringWriter();
    assertThat(run(badSym, "atoms", image.toString(), "--quiet", "--lattice-constant", "3.905A", "--structure", "cif", "--elements", "A=Xx",
        "--out", tmp.resolve("b").toString())).isEqualTo(Main.USAGE);
    assertThat(badSym.toString()).contains("--elements").contains("Xx");

    StringWriter badSub = new StringWriter();
    assertThat(run(badSub, "atoms", image.toString(), "--quiet", "--lattice-constant", "3.905A", "--structure", "cif", "--elements", "M=Mo",
        "--out", tmp.resolve("c").toString())).isEqualTo(Main.USAGE);
    assertThat(badSub.toString()).contains("--elements").contains("'M'");
    assertThat(tmp.resolve("c")).doesNotExist();

    StringWriter badFmt = new StringWriter();
    assertThat(run(badFmt, "atoms", image.toString(), "--structure", "pdb", "--out", tmp.resolve("d").toString())).isEqualTo(Main.USAGE);
    assertThat(badFmt.toString()).contains("--structure").contains("pdb");
  }
}
